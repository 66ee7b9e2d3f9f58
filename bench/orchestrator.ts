// Orchestrator efficiency (issue #6), against the local OpenAI-compatible server answering every call
// after a fixed delay:
//   - wall time ÷ the critical path of dependent model calls (goal ≤ 1.10);
//   - speedup over running the tasks one at a time, as a share of the plan's ideal speedup (goal ≥ 90 %);
//   - peak memory of a 1,000-requirement run of the bundled CLI, in a process of its own (goal < 200 MB).
//   node --import tsx bench/orchestrator.ts
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runSwarm } from '../src/core/engine/runSwarm';
import { SwarmEvents } from '../src/core/events';
import { startLocalChatServer } from '../src/core/llm/localServer/localChatServer';
import type { ChatScript, ReceivedChatRequest, ScriptedReply } from '../src/core/llm/localServer/scriptedReply';
import type { Plan } from '../src/core/planning/plan';
import type { RunReport } from '../src/core/report/runReport';
import { assignedIds, goodFile } from '../test/fixtures/llm/bookshelfModel';
import { bundleCli } from '../test/unit/cli/cliBundle';
import { printWhenRunDirectly } from './support/printWhenRunDirectly';

const DELAY_MS = 50;
/** A second, slower model: how the same figures look when model latency dominates, as with a real provider. */
const SLOW_DELAY_MS = 500;
const WIDE_CONCURRENCY = 16;
const MEMORY_REQUIREMENTS = 1000;

/** 20 requirements over 6 capabilities; a few prerequisites, across agents and within one. */
const REQUIREMENTS_20 = `# Bench shop

- **BE-1** (backend, must) The API lists products as JSON.
- **BE-2** (backend, must) The API adds a product and validates its name.
  - Depends on: BE-1
- **BE-3** (backend, must) The API deletes a product.
- **BE-4** (backend, should) The API searches products by name.
- **BE-5** (backend, could) The API exports products as CSV.
- **FE-1** (frontend, must) A page shows the products as cards.
- **FE-2** (frontend, must) A form adds a product.
  - Depends on: BE-2
- **FE-3** (frontend, should) A search box filters the cards.
- **FE-4** (frontend, could) A button deletes a product.
- **AI-1** (ai, should) A service suggests a product description from its name.
- **AI-2** (ai, could) The description service caches its answers.
  - Depends on: AI-1
- **AI-3** (ai, could) A service suggests tags for a product.
- **TS-1** (tests, must) Tests cover listing products.
- **TS-2** (tests, must) Tests cover adding a product.
- **TS-3** (tests, should) Tests cover the search.
- **DOC-1** (docs, should) A guide explains how to run the shop.
- **DOC-2** (docs, could) The guide documents the API.
- **OPS-1** (devops, should) A CI workflow runs the tests.
- **OPS-2** (devops, could) A workflow lints the code.
- **OPS-3** (devops, could) A workflow builds a release.
`;

const PREFIXES = [
  ['BE', 'backend'],
  ['FE', 'frontend'],
  ['AI', 'ai'],
  ['TS', 'tests'],
  ['DOC', 'docs'],
  ['OPS', 'devops'],
] as const;

/** `count` requirements spread over the six capabilities, every tenth one depending on an earlier one of its kind. */
function manyRequirements(count: number): string {
  const lines = ['# Bench shop, large', ''];
  for (let i = 0; i < count; i++) {
    const [prefix, capability] = PREFIXES[i % PREFIXES.length]!;
    const n = Math.floor(i / PREFIXES.length) + 1;
    lines.push(`- **${prefix}-${n}** (${capability}, should) The shop handles case ${i + 1} for ${capability}.`);
    if (n > 1 && n % 10 === 0) lines.push(`  - Depends on: ${prefix}-${n - 1}`);
  }
  return `${lines.join('\n')}\n`;
}

/** An agent that writes one file per model call (its next assigned requirement), then finishes. */
function fileByFileAgent(delayMs: number): ChatScript {
  return (request: ReceivedChatRequest): ScriptedReply => {
    const ids = assignedIds(request);
    const written = request.body.messages.filter((m) => m.role === 'tool').length;
    const next = ids[written];
    if (next) return { kind: 'message', toolCalls: [{ name: 'write_file', arguments: { ...goodFile(next), requirements: [next] } }], usage: { promptTokens: 400, completionTokens: 200 }, delayMs };
    return { kind: 'message', toolCalls: [{ name: 'finish', arguments: { summary: `implemented ${ids.join(', ')}`, covered: ids } }], usage: { promptTokens: 500, completionTokens: 20 }, delayMs };
  };
}

/** An agent that writes all its files in one reply, then finishes: two calls per task whatever its size. */
function allAtOnceAgent(delayMs: number): ChatScript {
  return (request: ReceivedChatRequest): ScriptedReply => {
    const ids = assignedIds(request);
    if (ids.length > 0 && !request.body.messages.some((m) => m.role === 'tool')) {
      return { kind: 'message', toolCalls: ids.map((id) => ({ name: 'write_file', arguments: { ...goodFile(id), requirements: [id] } })), usage: { promptTokens: 400, completionTokens: 200 }, delayMs };
    }
    return { kind: 'message', toolCalls: [{ name: 'finish', arguments: { summary: `implemented ${ids.length} requirement(s)`, covered: ids } }], usage: { promptTokens: 500, completionTokens: 20 }, delayMs };
  };
}

/** The requirements and a configuration that takes pacing out of the picture: no rate limit effects, no cache, no backoff. */
async function writeWorkspace(workspace: string, requirements: string): Promise<void> {
  await writeFile(path.join(workspace, 'REQUIREMENTS.md'), requirements);
  await mkdir(path.join(workspace, '.swarm'));
  await writeFile(
    path.join(workspace, '.swarm', 'swarm.json'),
    JSON.stringify({
      recovery: { attempts: 3, backoffMs: [0, 0] },
      rateLimit: { requestsPerMinute: 10_000_000, tokensPerMinute: 2_000_000_000 },
      cache: { enabled: false },
      budget: { maxCostUsd: 1e9 },
    }),
  );
}

interface TimedRun {
  wallMs: number;
  /** From the run's start event to the last task's end: the scheduled part of the run. */
  scheduleMs: number;
  report: RunReport;
  plan: Plan;
  callsByTask: Map<string, number>;
  calls: number;
}

async function timedRun(requirements: string, concurrency: number, script: ChatScript): Promise<TimedRun> {
  const workspace = await mkdtemp(path.join(tmpdir(), 'swarm-bench-orch-'));
  const server = await startLocalChatServer(script);
  try {
    await writeWorkspace(workspace, requirements);
    const events = new SwarmEvents();
    let plan: Plan | undefined;
    let scheduleStart = 0;
    let lastTaskEnd = 0;
    const callsByTask = new Map<string, number>();
    events.on('run:start', (e) => {
      plan = e.plan;
      scheduleStart = performance.now();
    });
    events.on('task:end', () => (lastTaskEnd = performance.now()));
    events.on('llm:call', (e) => {
      if (e.taskId) callsByTask.set(e.taskId, (callsByTask.get(e.taskId) ?? 0) + 1);
    });
    const started = performance.now();
    const { report } = await runSwarm({
      workspace,
      events,
      apiKeys: ['sk-bench-key-0000000000'],
      overrides: { baseUrl: server.baseUrl, model: 'gpt-4o-mini', concurrency, cache: { enabled: false } },
    });
    const wallMs = performance.now() - started;
    if (report.status !== 'passed') throw new Error(`the bench run ended ${report.status}: ${JSON.stringify(report.agents.filter((a) => a.status !== 'succeeded'))}`);
    return { wallMs, scheduleMs: lastTaskEnd - scheduleStart, report, plan: plan!, callsByTask, calls: server.requests.length };
  } finally {
    await server.close();
    await rm(workspace, { recursive: true, force: true });
  }
}

/** The most model calls on one chain of dependent tasks. */
function criticalPathCalls(plan: Plan, callsByTask: Map<string, number>): number {
  const longest = new Map<string, number>();
  // plan.tasks is in dependency order.
  for (const task of plan.tasks) {
    const before = Math.max(0, ...task.dependsOn.map((id) => longest.get(id) ?? 0));
    longest.set(task.id, before + (callsByTask.get(task.id) ?? 0));
  }
  return Math.max(0, ...longest.values());
}

const round = (value: number, digits = 2) => Number(value.toFixed(digits));

/** The 20-requirement plan at one per-call delay: as wide as the plan allows, then one task at a time. */
async function efficiency(delayMs: number): Promise<Record<string, number>> {
  const script = fileByFileAgent(delayMs);
  const wide = await timedRun(REQUIREMENTS_20, WIDE_CONCURRENCY, script);
  const serial = await timedRun(REQUIREMENTS_20, 1, script);
  const critical = criticalPathCalls(wide.plan, wide.callsByTask);
  const criticalMs = critical * delayMs;
  const idealSpeedup = wide.calls / critical;
  const speedup = serial.wallMs / wide.wallMs;
  return {
    requirements: wide.plan.requirements.length,
    tasks: wide.plan.tasks.length,
    modelCalls: wide.calls,
    criticalPathCalls: critical,
    criticalPathMs: criticalMs,
    wallMs: Math.round(wide.wallMs),
    wallOverCriticalPath: round(wide.wallMs / criticalMs),
    scheduleMs: Math.round(wide.scheduleMs),
    scheduleOverCriticalPath: round(wide.scheduleMs / criticalMs),
    serialWallMs: Math.round(serial.wallMs),
    speedup: round(speedup),
    idealSpeedup: round(idealSpeedup),
    speedupShareOfIdealPct: round((speedup / idealSpeedup) * 100, 1),
    // What a run adds to each model call, one task at a time: client, tools, validation, checkpoints, journal.
    overheadPerCallMs: round((serial.wallMs - serial.calls * delayMs) / serial.calls, 1),
  };
}

export async function benchOrchestrator(): Promise<Record<string, number | string>> {
  // A warm-up run: module loading and the first grammar loads are not the scheduler's cost.
  await timedRun(REQUIREMENTS_20, WIDE_CONCURRENCY, fileByFileAgent(0));
  const fast = await efficiency(DELAY_MS);
  const slow = await efficiency(SLOW_DELAY_MS);
  const suffix = `At${SLOW_DELAY_MS}ms`;
  return {
    delayPerCallMs: DELAY_MS,
    ...fast,
    [`wallOverCriticalPath${suffix}`]: slow.wallOverCriticalPath!,
    [`speedupShareOfIdealPct${suffix}`]: slow.speedupShareOfIdealPct!,
    [`overheadPerCallMs${suffix}`]: slow.overheadPerCallMs!,
    ...(await measureMemory()),
  };
}

/**
 * Peak memory of one 1,000-requirement run of the command line, bundled from the current sources as
 * `dist/cli.js` is, in a process of its own: the figure is the product's, not the bench's or tsx's.
 */
async function measureMemory(): Promise<Record<string, number>> {
  const cli = await bundleCli();
  const workspace = await mkdtemp(path.join(tmpdir(), 'swarm-bench-mem-'));
  const server = await startLocalChatServer(allAtOnceAgent(0));
  try {
    await writeWorkspace(workspace, manyRequirements(MEMORY_REQUIREMENTS));
    const probe = path.join(path.dirname(cli.file), 'peak-memory.cjs');
    const result = path.join(path.dirname(cli.file), 'peak-memory.json');
    await writeFile(probe, PEAK_MEMORY_PROBE);
    const started = performance.now();
    const child = spawn(
      process.execPath,
      ['--require', probe, cli.file, 'run', '--workspace', workspace, '--base-url', server.baseUrl, '--concurrency', '4', '--no-cache', '--json'],
      { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, OPENAI_API_KEY: 'sk-bench-key-0000000000', SWARM_PEAK_MEMORY_FILE: result } },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    const wallMs = performance.now() - started;
    if (code !== 0) throw new Error(`the 1,000-requirement run exited ${code}: ${stderr.slice(-800)}`);
    const report = JSON.parse(stdout) as RunReport;
    const peak = JSON.parse(await readFile(result, 'utf8')) as { maxRssKb: number; peakHeapBytes: number };
    return {
      memoryRunRequirements: report.requirements.total,
      memoryRunTasks: report.agents.length,
      memoryRunWallMs: Math.round(wallMs),
      memoryPeakRssMb: round(peak.maxRssKb / 1024, 1),
      memoryPeakHeapMb: round(peak.peakHeapBytes / 1024 / 1024, 1),
    };
  } finally {
    await server.close();
    await rm(workspace, { recursive: true, force: true });
    await cli.remove();
  }
}

/** Preloaded into the measured process: samples the heap and writes the peaks when the process exits. */
const PEAK_MEMORY_PROBE = `
let peakHeapBytes = 0;
const sample = () => { peakHeapBytes = Math.max(peakHeapBytes, process.memoryUsage().heapUsed); };
setInterval(sample, 20).unref();
process.on('exit', () => {
  sample();
  require('node:fs').writeFileSync(process.env.SWARM_PEAK_MEMORY_FILE, JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS, peakHeapBytes }));
});
`;

printWhenRunDirectly(__filename, benchOrchestrator);
