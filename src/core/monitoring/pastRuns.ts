import { readdir, readFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { RunReport, RunStatus } from '../report/runReport';
import type { MonitorSnapshot } from './monitorSnapshot';
import { persistedFromReport } from './persistedFromReport';
import { readRunMetrics } from './persistedRunMetrics';

/** One finished run, as the dashboard's history lists it. */
export interface PastRunSummary {
  runId: string;
  status: RunStatus;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number;
  requirements: { total: number; covered: number; coverage: number };
  costUsd: number;
  llmCalls: number;
  retries: number;
  placeholderFiles: number;
  gates: { name: string; passed: boolean }[];
  demo: boolean;
}

const RUNS_DIR = path.join('.swarm', 'runs');

/** The workspace's finished runs (those with a readable `report.json`), newest first. */
export async function readPastRuns(workspace: string, limit = 50): Promise<PastRunSummary[]> {
  let names: string[];
  try {
    names = (await readdir(path.join(workspace, RUNS_DIR), { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const runs: PastRunSummary[] = [];
  for (const name of names) {
    const report = await readReport(path.join(workspace, RUNS_DIR, name));
    if (report) runs.push(summarize(report));
  }
  runs.sort((a, b) => (b.startedAt ?? '').localeCompare(a.startedAt ?? '') || b.runId.localeCompare(a.runId));
  return runs.slice(0, limit);
}

/** A finished run's full snapshot, for the dashboard to show a past run: from metrics.json, else its report. */
export async function readRunSnapshot(workspace: string, runId: string): Promise<MonitorSnapshot | undefined> {
  if (runId !== path.basename(runId) || runId.startsWith('.')) return undefined;
  const runDir = path.join(workspace, RUNS_DIR, runId);
  const persisted = await readRunMetrics(runDir);
  if (persisted) return persisted.snapshot;
  const report = await readReport(runDir);
  return report ? persistedFromReport(report).snapshot : undefined;
}

function summarize(report: RunReport): PastRunSummary {
  return {
    runId: report.runId,
    status: report.status,
    startedAt: report.startedAt ?? null,
    finishedAt: report.finishedAt ?? null,
    durationMs: report.totals.durationMs,
    requirements: { total: report.requirements.total, covered: report.requirements.covered, coverage: report.requirements.coverage },
    costUsd: report.totals.costUsd,
    llmCalls: report.totals.llmCalls,
    retries: report.totals.retries,
    placeholderFiles: new Set(report.placeholders.map((p) => p.file)).size,
    gates: report.gates.map((g) => ({ name: g.name, passed: g.passed })),
    demo: report.demo ?? false,
  };
}

async function readReport(runDir: string): Promise<RunReport | undefined> {
  try {
    const value = JSON.parse(await readFile(path.join(runDir, 'report.json'), 'utf8')) as Partial<RunReport>;
    if (typeof value.runId !== 'string' || !value.totals || !value.requirements || !Array.isArray(value.gates) || !Array.isArray(value.placeholders)) return undefined;
    return value as RunReport;
  } catch {
    return undefined;
  }
}
