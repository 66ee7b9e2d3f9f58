import { SwarmEvents, type SwarmEventMap } from '../src/core/events';
import { serveMetrics } from '../src/core/monitoring/metricsServer';
import { RunMonitor } from '../src/core/monitoring/runMonitor';
import type { Plan } from '../src/core/planning/plan';

const RUN_ID = 'bench-run';
const AGENTS = ['architect', 'backend', 'frontend', 'ai', 'tests', 'docs', 'devops'];
const MODELS = ['gpt-4o-mini', 'gpt-4o', 'local-llama'];

const plan: Plan = {
  requirements: Array.from({ length: 50 }, (_, i) => ({
    id: `REQ-${i + 1}`,
    title: `Requirement ${i + 1}`,
    description: '',
    criteria: [],
    dependsOn: [],
    capabilities: [],
    source: { file: 'REQUIREMENTS.md', line: i + 1 },
  })),
  tasks: AGENTS.map((agent, i) => ({ id: `t-${agent}`, agent, requirements: [`REQ-${i + 1}`], dependsOn: [] })),
  unassigned: [],
};

type AnyEvent = { [K in keyof SwarmEventMap]: [K, SwarmEventMap[K]] }[keyof SwarmEventMap];

/** The mix a run emits: mostly model calls and agent steps, some state changes, files and errors. */
function eventMix(count: number): AnyEvent[] {
  const out: AnyEvent[] = [];
  for (let i = 0; i < count; i++) {
    const agent = AGENTS[i % AGENTS.length];
    const taskId = `t-${agent}`;
    const model = MODELS[i % MODELS.length];
    switch (i % 10) {
      case 0:
      case 1:
      case 2:
      case 3:
        out.push(['llm:call', { runId: RUN_ID, taskId, agent, model, durationMs: 200 + (i % 900), tokens: { prompt: 800, completion: 200 }, costUsd: 0.0002, cached: i % 40 === 0 }]);
        break;
      case 4:
      case 5:
        out.push(['agent:step', { runId: RUN_ID, taskId, agent, attempt: 1, message: 'write_file src/x.ts' }]);
        break;
      case 6:
        out.push(['task:state', { runId: RUN_ID, taskId, agent, state: i % 20 === 6 ? 'validating' : 'running', attempt: 1 }]);
        break;
      case 7:
        out.push(['file:written', { runId: RUN_ID, taskId, agent, path: `src/${i}.ts`, bytes: 100, sha256: 'a'.repeat(64), requirements: ['REQ-1'] }]);
        break;
      case 8:
        out.push(['placeholder:findings', { runId: RUN_ID, taskId, agent, file: `src/${i}.ts`, findings: [] }]);
        break;
      default:
        out.push(['llm:error', { runId: RUN_ID, taskId, agent, model, status: i % 3 ? 429 : 500, message: 'x', willRetry: true }]);
    }
  }
  return out;
}

function start(events: SwarmEvents): void {
  events.emit('run:start', { runId: RUN_ID, workspace: '/bench', plan, model: MODELS[0], provider: 'bench', demo: false, resumed: false });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const round = (value: number, digits = 3) => Number(value.toFixed(digits));

/** Median µs per event of emitting `mix` in batches of `batch`, after a warm-up pass. */
function perEventMedianUs(events: SwarmEvents, mix: AnyEvent[], batch = 100): number {
  const emit = (e: AnyEvent) => events.emit(e[0], e[1] as never);
  mix.forEach(emit);
  const samples: number[] = [];
  for (let i = 0; i + batch <= mix.length; i += batch) {
    const startNs = process.hrtime.bigint();
    for (let j = i; j < i + batch; j++) emit(mix[j]);
    samples.push(Number(process.hrtime.bigint() - startNs) / 1000 / batch);
  }
  return median(samples);
}

/**
 * The monitor's cost per engine event (goal: under 5 µs median), as the time an emit takes with the
 * monitor listening minus the bare emit; and the cost of a `/metrics` scrape after 10,000 recorded
 * model calls (goal: under 20 ms), over HTTP on 127.0.0.1 and for the registry alone.
 */
export async function benchMonitor(): Promise<Record<string, number | string>> {
  const mix = eventMix(50_000);

  const bare = new SwarmEvents();
  start(bare);
  const emitUs = perEventMedianUs(bare, mix);

  const events = new SwarmEvents();
  const monitor = new RunMonitor(events);
  start(events);
  const withMonitorUs = perEventMedianUs(events, mix);

  const scraped = new SwarmEvents();
  const scrapedMonitor = new RunMonitor(scraped);
  start(scraped);
  const calls = eventMix(25_000).filter((e) => e[0] === 'llm:call');
  for (const [name, payload] of calls.slice(0, 10_000)) scraped.emit(name, payload);
  const recorded = scrapedMonitor.totals().llmCalls + scrapedMonitor.totals().cacheHits;

  const renderMs: number[] = [];
  for (let i = 0; i < 30; i++) {
    const t = performance.now();
    await scrapedMonitor.metricsText();
    renderMs.push(performance.now() - t);
  }
  const server = await serveMetrics(0, () => scrapedMonitor.registry);
  const scrapeMs: number[] = [];
  let bytes = 0;
  try {
    for (let i = 0; i < 30; i++) {
      const t = performance.now();
      const body = await (await fetch(server.url)).text();
      scrapeMs.push(performance.now() - t);
      bytes = body.length;
    }
  } finally {
    await server.close();
  }
  const snapshotMs: number[] = [];
  for (let i = 0; i < 10; i++) {
    const t = performance.now();
    scrapedMonitor.snapshot();
    snapshotMs.push(performance.now() - t);
  }

  return {
    'monitor overhead per event, median (µs)': round(withMonitorUs - emitUs),
    'emit with monitor per event, median (µs)': round(withMonitorUs),
    'bare emit per event, median (µs)': round(emitUs),
    'events measured': mix.length,
    'goal per event (µs)': '< 5',
    'model calls recorded for the scrape': recorded,
    '/metrics scrape over HTTP, median (ms)': round(median(scrapeMs)),
    'registry render, median (ms)': round(median(renderMs)),
    'exposition size (bytes)': bytes,
    'goal scrape (ms)': '< 20',
    'snapshot() with 10,000 calls, median (ms)': round(median(snapshotMs)),
    'tasks in monitor': monitor.snapshot().tasks.length,
  };
}
