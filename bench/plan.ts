// Parse + plan 10,000 requirements with 5,000 prerequisites (goal: < 1 s and < 200 MB).
//   node --import tsx bench/plan.ts
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { resolveTeam } from '../src/core/agents/team';
import { planRequirements } from '../src/core/planning/planner';
import { parseRequirementsText } from '../src/core/requirements/parseRequirements';
import { printWhenRunDirectly } from './support/printWhenRunDirectly';

const REQUIREMENTS = 10_000;
const PREREQUISITES = 5_000;
const CAPABILITIES = ['backend', 'frontend', 'ai', 'tests', 'docs', 'devops', ''];
const PRIORITIES = ['must', 'should', 'could', 'wont'];
const PHRASES = [
  'The API stores the records in the database',
  'The page shows the items as cards on a mobile screen',
  'The assistant summarises the notes with an LLM',
  'Unit tests cover the import',
  'The README explains the setup',
  'A Dockerfile builds the service',
  'Members export their data as a spreadsheet',
];

/** A deterministic document: the same seed, the same text. */
export function syntheticRequirements(count = REQUIREMENTS, prerequisites = PREREQUISITES): { markdown: string; json: string } {
  let seed = 42;
  const random = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const dependsOn: string[][] = Array.from({ length: count }, () => []);
  for (let added = 0; added < prerequisites; ) {
    const from = 1 + random(count - 1);
    const to = random(from);
    const id = `REQ-${to + 1}`;
    if (dependsOn[from].includes(id)) continue;
    dependsOn[from].push(id);
    added++;
  }
  const lines: string[] = ['# Synthetic requirements', ''];
  const items: object[] = [];
  for (let i = 0; i < count; i++) {
    if (i % 500 === 0) lines.push(`## Area ${i / 500 + 1}`, '');
    const capability = CAPABILITIES[random(CAPABILITIES.length)];
    const priority = PRIORITIES[random(PRIORITIES.length)];
    const title = `${PHRASES[random(PHRASES.length)]} (case ${i + 1}).`;
    const tags = [capability, priority].filter(Boolean).join(', ');
    lines.push(`- **REQ-${i + 1}** (${tags}) ${title}`, `  - It handles ${1 + random(100)} items at once.`);
    if (dependsOn[i].length) lines.push(`  - Depends on: ${dependsOn[i].join(', ')}`);
    items.push({ id: `REQ-${i + 1}`, title, capabilities: capability ? [capability] : [], priority, criteria: [`It handles ${1 + random(100)} items at once.`], dependsOn: dependsOn[i] });
  }
  return { markdown: `${lines.join('\n')}\n`, json: JSON.stringify({ requirements: items }) };
}

function measure(file: string, text: string, team: ReturnType<typeof resolveTeam>) {
  const cpuBefore = process.cpuUsage();
  const start = performance.now();
  const { document, problems } = parseRequirementsText(file, text);
  const parsed = performance.now();
  if (problems.length) throw new Error(`the synthetic document has problems: ${problems[0].message}`);
  const plan = planRequirements(document, team);
  const planned = performance.now();
  const cpu = process.cpuUsage(cpuBefore);
  return { parseMs: parsed - start, planMs: planned - parsed, totalMs: planned - start, cpuMs: (cpu.user + cpu.system) / 1000, document, plan };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/**
 * Wall time is the median of three runs; CPU time is reported beside it because a loaded machine
 * stretches wall time. Memory: the process's peak resident size, and how much the heap grew while the
 * parsed document and its plan were alive.
 */
export async function benchPlan(): Promise<Record<string, number | string>> {
  const { markdown, json } = syntheticRequirements();
  const team = resolveTeam({ agents: [] });
  const rssBefore = process.memoryUsage().rss;
  const heapBefore = process.memoryUsage().heapUsed;
  const markdownRuns = [0, 1, 2].map(() => measure('REQUIREMENTS.md', markdown, team));
  const heapWithResults = process.memoryUsage().heapUsed;
  const jsonRuns = [0, 1, 2].map(() => measure('requirements.json', json, team));
  await Promise.resolve();
  const round = (n: number) => Math.round(n * 10) / 10;
  const mb = (bytes: number) => round(bytes / 1024 / 1024);
  return {
    requirements: markdownRuns[0].document.requirements.length,
    prerequisites: markdownRuns[0].document.requirements.reduce((n, r) => n + r.dependsOn.length, 0),
    tasks: markdownRuns[0].plan.tasks.length,
    markdownKb: Math.round(markdown.length / 1024),
    markdownParseMs: round(median(markdownRuns.map((r) => r.parseMs))),
    markdownPlanMs: round(median(markdownRuns.map((r) => r.planMs))),
    markdownParsePlanMs: round(median(markdownRuns.map((r) => r.totalMs))),
    markdownParsePlanCpuMs: round(median(markdownRuns.map((r) => r.cpuMs))),
    jsonParsePlanMs: round(median(jsonRuns.map((r) => r.totalMs))),
    jsonParsePlanCpuMs: round(median(jsonRuns.map((r) => r.cpuMs))),
    heapGrowthMb: mb((heapWithResults - heapBefore) / markdownRuns.length),
    rssBeforeMb: mb(rssBefore),
    peakRssMb: round(process.resourceUsage().maxRSS / 1024),
    ...memoryInFreshProcess(markdown),
    goal: '< 1000 ms and < 200 MB',
  };
}

/**
 * Memory of one parse + plan in a fresh process (no earlier runs' garbage): its peak resident size,
 * and the peak of the same process that only read the file, as the baseline (Node, tsx, the text).
 */
function memoryInFreshProcess(markdown: string): Record<string, number> {
  const dir = mkdtempSync(path.join(tmpdir(), 'swarm-bench-plan-'));
  try {
    const file = path.join(dir, 'REQUIREMENTS.md');
    writeFileSync(file, markdown);
    const peak = (mode: string) => {
      const child = spawnSync(process.execPath, ['--import', 'tsx', __filename, '--measure-memory', mode, file], { encoding: 'utf8' });
      if (child.status !== 0) throw new Error(`the memory probe failed: ${child.stderr}`);
      return Number(child.stdout.trim());
    };
    const baseline = peak('read');
    const full = peak('plan');
    return { freshProcessPeakRssMb: Math.round(full / 1024), freshProcessBaselineRssMb: Math.round(baseline / 1024), parsePlanRssMb: Math.round((full - baseline) / 1024) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--measure-memory') {
  const text = readFileSync(process.argv[4], 'utf8');
  if (process.argv[3] === 'plan') planRequirements(parseRequirementsText('REQUIREMENTS.md', text).document, resolveTeam({ agents: [] }));
  process.stdout.write(`${process.resourceUsage().maxRSS}\n`);
} else {
  printWhenRunDirectly(__filename, benchPlan);
}
