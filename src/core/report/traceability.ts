import type { RequirementReport, TraceabilityRow } from './runReport';

/** The matrix row of a report item: requirement ↔ criteria ↔ agents ↔ files ↔ tests. */
export function traceabilityRow(item: RequirementReport): TraceabilityRow {
  return {
    id: item.id,
    title: item.title,
    status: item.status,
    criteria: item.criteria ?? [],
    agents: item.agents,
    files: item.files,
    tests: item.tests ?? [],
  };
}
