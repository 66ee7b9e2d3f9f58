// `npm run bench`: runs every `bench<Name>()` exported by a bench/*.ts file, each file in a process of
// its own (memory figures are its own, a crash or hang stays contained), and prints each bench's
// figures with the goal its issue states. Asserts nothing and always exits 0.
//   npm run bench                      every bench
//   npm run bench -- bundle plan       only bench/bundle.ts and bench/plan.ts
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

type Figures = Record<string, unknown>;

interface BenchOutcome {
  name: string;
  ms: number;
  figures?: Figures;
  error?: string;
}

interface Goal {
  op: '<' | '≤' | '>' | '≥' | '=';
  value: number;
  unit?: string;
  issue: number;
}

const lt = (value: number, unit: string | undefined, issue: number): Goal => ({ op: '<', value, unit, issue });
const le = (value: number, unit: string | undefined, issue: number): Goal => ({ op: '≤', value, unit, issue });
const ge = (value: number, unit: string | undefined, issue: number): Goal => ({ op: '≥', value, unit, issue });
const eq = (value: number, unit: string | undefined, issue: number): Goal => ({ op: '=', value, unit, issue });

/** The goals the issues state, by bench file and figure name. A figure without a goal is printed without one. */
const GOALS: Record<string, Record<string, Goal>> = {
  bundle: { vsixMB: lt(2, 'MB', 3), activationMedianMs: lt(50, 'ms', 3) },
  activation: { medianMs: lt(50, 'ms', 3) },
  plan: {
    markdownParsePlanMs: lt(1000, 'ms', 4),
    markdownParsePlanCpuMs: lt(1000, 'ms', 4),
    jsonParsePlanMs: lt(1000, 'ms', 4),
    jsonParsePlanCpuMs: lt(1000, 'ms', 4),
    heapGrowthMb: lt(200, 'MB', 4),
    freshProcessPeakRssMb: lt(200, 'MB', 4),
  },
  llm: { llmClientOverheadMedianMs: lt(2, 'ms', 5), limiterStarvedCalls: eq(0, undefined, 5), limiterRateErrorPct: lt(5, '%', 5) },
  orchestrator: {
    wallOverCriticalPath: le(1.1, undefined, 6),
    speedupShareOfIdealPct: ge(90, '%', 6),
    wallOverCriticalPathAt500ms: le(1.1, undefined, 6),
    speedupShareOfIdealPctAt500ms: ge(90, '%', 6),
    memoryPeakRssMb: lt(200, 'MB', 6),
  },
  checkpoints: { checkpointMedianMs: lt(200, 'ms', 6), rollbackMedianMs: lt(200, 'ms', 6) },
  monitor: { 'monitor overhead per event, median (µs)': lt(5, 'µs', 8), '/metrics scrape over HTTP, median (ms)': lt(20, 'ms', 8) },
};

const CHILD_TIMEOUT_MS = 20 * 60_000;
const BENCH_EXPORT = /^bench[A-Z]\w*$/;

async function main(): Promise<void> {
  const only = process.argv.slice(2).map((a) => a.replace(/\.ts$/, ''));
  const files = (await readdir(__dirname))
    .filter((f) => /^[a-z][\w-]*\.ts$/.test(f) && f !== 'index.ts' && !f.endsWith('.d.ts'))
    .filter((f) => only.length === 0 || only.includes(f.replace(/\.ts$/, '')))
    .sort();
  if (only.length > 0 && files.length < only.length) process.stdout.write(`(no bench file for: ${only.filter((o) => !files.includes(`${o}.ts`)).join(', ')})\n`);
  // Most figures are wall-clock times: say how busy the machine was.
  const load = () => `load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} CPU(s)`;
  process.stdout.write(`Swarm benchmarks — node ${process.version}, ${load()} at the start\n`);
  const summary: { file: string; outcome: BenchOutcome }[] = [];
  const started = performance.now();
  for (const file of files) {
    process.stderr.write(`[bench] ${file}…\n`);
    for (const outcome of await runFile(file)) {
      summary.push({ file, outcome });
      process.stdout.write(formatOutcome(file, outcome));
    }
  }
  process.stdout.write(formatSummary(summary, performance.now() - started));
  process.stdout.write(`(${load()} at the end)\n`);
}

/** Runs one bench file's exports in a child process; every failure becomes an outcome, never an exception. */
async function runFile(file: string): Promise<BenchOutcome[]> {
  const dir = await mkdtemp(path.join(tmpdir(), 'swarm-bench-'));
  const resultFile = path.join(dir, 'result.json');
  const started = performance.now();
  try {
    // Children print to stderr only: stdout is the runner's table.
    const child = spawn(process.execPath, ['--import', 'tsx', __filename, '--child', file, resultFile], { cwd: path.dirname(__dirname), stdio: ['ignore', 2, 2] });
    const timer = setTimeout(() => child.kill('SIGKILL'), CHILD_TIMEOUT_MS);
    const { code, signal } = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
      child.on('error', () => resolve({ code: null, signal: null }));
      child.on('close', (c, s) => resolve({ code: c, signal: s }));
    });
    clearTimeout(timer);
    const text = await readFile(resultFile, 'utf8').catch(() => undefined);
    if (text === undefined) {
      const why = signal === 'SIGKILL' ? `killed after ${CHILD_TIMEOUT_MS / 60_000} min` : `exited ${code ?? signal} without results`;
      return [{ name: file.replace(/\.ts$/, ''), ms: performance.now() - started, error: `the bench process ${why}` }];
    }
    return JSON.parse(text) as BenchOutcome[];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** In the child: import the file, run each `bench<Name>` export in turn, write the outcomes. */
async function child(file: string, resultFile: string): Promise<void> {
  const outcomes: BenchOutcome[] = [];
  let module: Record<string, unknown>;
  try {
    module = (await import(pathToFileURL(path.join(__dirname, file)).href)) as Record<string, unknown>;
  } catch (error) {
    outcomes.push({ name: file.replace(/\.ts$/, ''), ms: 0, error: `cannot load ${file}: ${describe(error)}` });
    module = {};
  }
  // tsx exposes a CommonJS module's exports both directly and under `default`.
  const exports = { ...(typeof module.default === 'object' && module.default !== null ? (module.default as Record<string, unknown>) : {}), ...module };
  for (const [name, value] of Object.entries(exports)) {
    if (!BENCH_EXPORT.test(name) || typeof value !== 'function') continue;
    const started = performance.now();
    try {
      const figures = (await (value as () => Promise<unknown>)()) as Figures;
      outcomes.push({ name, ms: performance.now() - started, figures: typeof figures === 'object' && figures !== null ? figures : { result: figures } });
    } catch (error) {
      outcomes.push({ name, ms: performance.now() - started, error: describe(error) });
    }
  }
  await writeFile(resultFile, JSON.stringify(outcomes));
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

function formatOutcome(file: string, outcome: BenchOutcome): string {
  const title = `${outcome.name} (bench/${file}, ${(outcome.ms / 1000).toFixed(1)} s)`;
  const lines = ['', `━━ ${title} ${'━'.repeat(Math.max(3, 76 - title.length))}`];
  if (outcome.error) {
    lines.push('  FAILED:', ...outcome.error.split('\n').slice(0, 12).map((l) => `    ${l}`));
    return lines.join('\n') + '\n';
  }
  const goals = GOALS[file.replace(/\.ts$/, '')] ?? {};
  const rows = Object.entries(outcome.figures ?? {}).map(([key, value]) => {
    const goal = goals[key];
    return [key, formatValue(value), goal ? formatGoal(goal) : '', goal ? verdict(goal, value) : ''];
  });
  if (rows.length === 0) lines.push('  (no figures)');
  const widths = [0, 1, 2].map((c) => Math.max(...rows.map((r) => r[c]!.length)));
  for (const [key, value, goal, mark] of rows) {
    lines.push(`  ${key!.padEnd(widths[0]!)}  ${value!.padStart(Math.min(widths[1]!, 14))}${goal ? `   goal ${goal.padEnd(widths[2]!)}  ${mark}` : ''}`.trimEnd());
  }
  return lines.join('\n') + '\n';
}

function formatValue(value: unknown): string {
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(Number(value.toFixed(3)));
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map((v) => formatValue(v)).join(', ');
  return JSON.stringify(value);
}

function formatGoal(goal: Goal): string {
  return `${goal.op} ${goal.value}${goal.unit ? ` ${goal.unit}` : ''} (#${goal.issue})`;
}

function verdict(goal: Goal, value: unknown): 'met' | 'MISSED' | 'not measured' {
  if (typeof value !== 'number' || Number.isNaN(value)) return 'not measured';
  const met = { '<': value < goal.value, '≤': value <= goal.value, '>': value > goal.value, '≥': value >= goal.value, '=': value === goal.value }[goal.op];
  return met ? 'met' : 'MISSED';
}

function formatSummary(summary: { file: string; outcome: BenchOutcome }[], ms: number): string {
  const lines = ['', `━━ summary (${(ms / 1000).toFixed(0)} s) ${'━'.repeat(60)}`];
  for (const { file, outcome } of summary) {
    if (outcome.error) {
      lines.push(`  ${outcome.name.padEnd(20)} FAILED (${outcome.error.split('\n')[0]!.slice(0, 100)})`);
      continue;
    }
    const goals = GOALS[file.replace(/\.ts$/, '')] ?? {};
    const checks = Object.entries(goals).filter(([key]) => outcome.figures && key in outcome.figures);
    const marks = checks.map(([key, goal]) => `${key} ${verdict(goal, outcome.figures![key])}`);
    lines.push(`  ${outcome.name.padEnd(20)} ${marks.length ? marks.join(', ') : 'figures only (no goal stated)'}`);
  }
  return lines.join('\n') + '\n';
}

if (process.argv[2] === '--child') {
  child(process.argv[3]!, process.argv[4]!).then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`${describe(error)}\n`);
      process.exit(1);
    },
  );
} else {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`bench runner: ${describe(error)}\n`);
      process.exit(0);
    },
  );
}
