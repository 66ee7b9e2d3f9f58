import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { SwarmInputError } from '../errors';
import { listRuns, runDirectory, runsDirectory } from './runDirectories';
import type { RunReport } from './runReport';
import { REPORT_JSON } from './writeRunReport';

/**
 * A run's report: the given run, or the latest run that has one. No such run, a run without a report
 * yet, or a file that is not a run report is a SwarmInputError (exit 2).
 */
export async function readRunReport(workspace: string, runId?: string): Promise<RunReport> {
  return (await locateRunReport(workspace, runId)).report;
}

export async function locateRunReport(workspace: string, runId?: string): Promise<{ runId: string; dir: string; report: RunReport }> {
  const runs = await listRuns(workspace);
  const where = runsDirectory(workspace);
  if (runId !== undefined) {
    const dir = runDirectory(workspace, runId);
    if (!runs.includes(runId)) {
      const recent = runs.slice(-3).reverse();
      throw new SwarmInputError(`there is no run "${runId}" in ${where}${recent.length ? ` (latest: ${recent.join(', ')})` : ''}`);
    }
    const text = await readFile(path.join(dir, REPORT_JSON), 'utf8').catch(() => undefined);
    if (text === undefined) throw new SwarmInputError(`run "${runId}" has no report yet: it is still running or was interrupted (swarm resume --run ${runId})`);
    return { runId, dir, report: parseReport(text, path.join(dir, REPORT_JSON)) };
  }
  for (const id of [...runs].reverse()) {
    const dir = runDirectory(workspace, id);
    const text = await readFile(path.join(dir, REPORT_JSON), 'utf8').catch(() => undefined);
    if (text !== undefined) return { runId: id, dir, report: parseReport(text, path.join(dir, REPORT_JSON)) };
  }
  throw new SwarmInputError(runs.length ? `no run in ${where} has a report yet` : `there is no run in ${where}: start one with "swarm run"`);
}

function parseReport(text: string, file: string): RunReport {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new SwarmInputError(`the run report is not valid JSON: ${(error as Error).message}`, { file });
  }
  const report = value as Partial<RunReport> | null;
  const valid =
    report !== null &&
    typeof report === 'object' &&
    typeof report.runId === 'string' &&
    typeof report.status === 'string' &&
    Array.isArray(report.requirements?.items) &&
    Array.isArray(report.agents) &&
    Array.isArray(report.placeholders) &&
    Array.isArray(report.gates) &&
    typeof report.totals === 'object';
  if (!valid) throw new SwarmInputError('not a run report (runId, status, requirements, agents, placeholders, gates and totals are required)', { file });
  return report as RunReport;
}
