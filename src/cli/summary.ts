import type { RunReport } from '../core/report/runReport';

/** The human summary printed on stderr at the end of a run. */
export function formatSummary(report: RunReport, reportDir: string): string {
  const lines = [
    '',
    `Run ${report.runId}: ${report.status.toUpperCase()}${report.demo ? '  (demo model: scripted, offline)' : ''}`,
    `  requirements  ${report.requirements.covered}/${report.requirements.total} covered (${Math.round(report.requirements.coverage * 100)}%)`,
    `  agents        ${report.agents.map((a) => `${a.taskId ?? a.id} ${a.status}${a.attempts > 1 ? ` after ${a.attempts} attempts` : ''}`).join(', ')}`,
    `  placeholders  ${report.placeholders.length}`,
    `  model calls   ${report.totals.llmCalls} (${report.totals.cacheHits} cached), ${report.totals.retries} ${report.totals.retries === 1 ? 'retry' : 'retries'}, ${report.totals.tokens.prompt + report.totals.tokens.completion} tokens, $${report.totals.costUsd.toFixed(4)}`,
    `  duration      ${(report.totals.durationMs / 1000).toFixed(1)}s`,
    '  gates:',
    ...report.gates.map((g) => `    ${g.passed ? 'pass' : 'FAIL'}  ${g.name}: ${g.actual} (threshold ${g.threshold})`),
    `  report        ${reportDir}/report.md`,
  ];
  const waiting = report.agents.filter((a) => a.status === 'needs-approval');
  if (waiting.length) {
    lines.push('', 'Waiting for approval:');
    for (const a of waiting) lines.push(`  ${a.taskId ?? a.id}: ${a.errors.at(-1) ?? ''}`);
    lines.push(`Continue with: swarm resume --run ${report.runId} --approve <task> | --reject <task> | --retry <task>`);
  }
  return lines.join('\n') + '\n';
}
