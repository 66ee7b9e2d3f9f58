import { mkdir, readdir, readFile, stat } from 'node:fs/promises';
import * as path from 'node:path';
import type { RunReport } from '../report/runReport';
import { writeFileAtomic } from '../workspace/atomicWrite';
import { persistedFromReport } from './persistedFromReport';
import { readRunMetrics, RUN_METRICS_FILE, type PersistedRunMetrics } from './persistedRunMetrics';
import { RunMonitor } from './runMonitor';

export { readRunMetrics, RUN_METRICS_FILE };
/** Workspace-relative: the last run's exposition, for node_exporter's textfile collector. */
export const METRICS_TEXTFILE = '.swarm/metrics.prom';
const RUNS_DIR = '.swarm/runs';

/**
 * Persists the run's metrics at its end: `<runDir>/metrics.json` and the textfile `.swarm/metrics.prom`
 * (both written atomically: node_exporter may read the textfile at any moment). Pass the final report
 * when `run:end` has not been emitted yet, so the persisted state has the run's status and gates.
 */
export async function writeRunMetrics(runDir: string, monitor: RunMonitor, report?: RunReport): Promise<{ metricsFile: string; textFile: string | undefined }> {
  await monitor.ready();
  const final = report ?? (monitor.snapshot().status === 'running' ? await readReport(runDir) : undefined);
  if (final) monitor.applyReport(final);
  const metricsFile = path.join(runDir, RUN_METRICS_FILE);
  await mkdir(runDir, { recursive: true });
  const persisted = JSON.stringify(monitor.toPersisted());
  await writeFileAtomic(metricsFile, persisted + '\n');
  // `<workspace>/.swarm/runs/<runId>`: the textfile goes to `<workspace>/.swarm/`.
  const runsDir = path.dirname(path.resolve(runDir));
  if (path.basename(runsDir) !== 'runs') return { metricsFile, textFile: undefined };
  const textFile = path.join(path.dirname(runsDir), path.basename(METRICS_TEXTFILE));
  // Rebuilt from what metrics.json holds, as `swarm metrics` does, so both print the same text: the live
  // registry lists label sets in the order events first named them, which parallel tasks do not fix.
  await writeFileAtomic(textFile, await RunMonitor.fromPersisted(JSON.parse(persisted) as PersistedRunMetrics).metricsText());
  return { metricsFile, textFile };
}

export interface LastRunMetrics {
  runId: string;
  runDir: string;
  /** `metrics.json`, or `report.json` for a run that has no metrics file (fewer metrics then). */
  source: typeof RUN_METRICS_FILE | 'report.json';
  monitor: RunMonitor;
}

/** The most recently finished run of the workspace, rebuilt; undefined when no run has finished. */
export async function readLastRunMetrics(workspace: string): Promise<LastRunMetrics | undefined> {
  const runsDir = path.join(workspace, RUNS_DIR);
  let names: string[];
  try {
    names = (await readdir(runsDir, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const candidates: { runDir: string; runId: string; mtimeMs: number; source: LastRunMetrics['source'] }[] = [];
  for (const runId of names) {
    const runDir = path.join(runsDir, runId);
    for (const source of [RUN_METRICS_FILE, 'report.json'] as const) {
      const info = await stat(path.join(runDir, source)).catch(() => undefined);
      if (info?.isFile()) {
        candidates.push({ runDir, runId, mtimeMs: info.mtimeMs, source });
        break;
      }
    }
  }
  candidates.sort((a, b) => b.mtimeMs - a.mtimeMs || b.runId.localeCompare(a.runId));
  for (const candidate of candidates) {
    const persisted = candidate.source === RUN_METRICS_FILE ? await readRunMetrics(candidate.runDir) : undefined;
    if (persisted) return { ...candidate, monitor: RunMonitor.fromPersisted(persisted) };
    const report = await readReport(candidate.runDir);
    if (report) return { ...candidate, source: 'report.json', monitor: RunMonitor.fromPersisted(persistedFromReport(report)) };
  }
  return undefined;
}

async function readReport(runDir: string): Promise<RunReport | undefined> {
  const value = await readJson(path.join(runDir, 'report.json'));
  if (typeof value !== 'object' || value === null) return undefined;
  const r = value as Partial<RunReport>;
  if (typeof r.runId !== 'string' || typeof r.status !== 'string' || !r.totals || !r.requirements || !Array.isArray(r.agents)) return undefined;
  return r as RunReport;
}

async function readJson(file: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as unknown;
  } catch {
    return undefined;
  }
}
