import { mkdir } from 'node:fs/promises';
import * as path from 'node:path';
import { writeFileAtomic } from '../workspace/atomicWrite';
import { renderReportMarkdown } from './reportMarkdown';
import type { RunReport } from './runReport';
import { traceabilityRow } from './traceability';

export const REPORT_JSON = 'report.json';
export const REPORT_MARKDOWN = 'report.md';

/**
 * Writes `report.json` (SPEC §5, plus the traceability matrix) and `report.md` into a run's directory,
 * each atomically (a reader never sees half a report). Returns the report as written.
 */
export async function writeRunReport(dir: string, report: RunReport): Promise<RunReport> {
  const complete: RunReport = { ...report, traceability: report.traceability ?? report.requirements.items.map(traceabilityRow) };
  await mkdir(dir, { recursive: true });
  await writeFileAtomic(path.join(dir, REPORT_JSON), `${JSON.stringify(complete, null, 2)}\n`);
  await writeFileAtomic(path.join(dir, REPORT_MARKDOWN), renderReportMarkdown(complete));
  return complete;
}
