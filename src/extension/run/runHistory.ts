import { readdir, readFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RunReport } from '../../core/report/runReport';

export const RUNS_DIR = path.join('.swarm', 'runs');

export interface RunSummary {
  runId: string;
  /** The report's status; `interrupted` for a run that has a journal but no report. */
  status: RunReport['status'] | 'interrupted';
  statusLabel: string;
  detail: string;
  demo: boolean;
}

/** The runs of a workspace, newest first (run ids sort by start time). */
export async function readRunSummaries(workspace: string): Promise<RunSummary[]> {
  const dir = path.join(workspace, RUNS_DIR);
  const ids = (await readdir(dir, { withFileTypes: true }).catch(() => [])).filter((e) => e.isDirectory()).map((e) => e.name);
  const summaries = await Promise.all(ids.map((id) => summarize(dir, id)));
  return summaries.sort((a, b) => (a.runId < b.runId ? 1 : a.runId > b.runId ? -1 : 0));
}

async function summarize(dir: string, runId: string): Promise<RunSummary> {
  try {
    const report = JSON.parse(await readFile(path.join(dir, runId, 'report.json'), 'utf8')) as RunReport;
    const r = report.requirements;
    return {
      runId,
      status: report.status,
      statusLabel: report.status,
      detail: vscode.l10n.t('{0}/{1} requirements covered, ${2}{3}', r.covered, r.total, report.totals.costUsd.toFixed(2), report.demo ? vscode.l10n.t(', demo') : ''),
      demo: report.demo === true,
    };
  } catch {
    const journal = await readFile(path.join(dir, runId, 'journal.jsonl'), 'utf8').catch(() => '');
    const demo = /"type":"run-start"[^\n]*"demo":true/.test(journal);
    return { runId, status: 'interrupted', statusLabel: vscode.l10n.t('interrupted'), detail: vscode.l10n.t('no report: the run stopped before its end'), demo };
  }
}
