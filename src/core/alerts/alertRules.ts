import * as path from 'node:path';
import { describeGate } from '../gates/evaluateGates';
import type { RunReport } from '../report/runReport';
import type { Alert } from './alert';

export interface AlertContext {
  runId: string | null;
  workspace?: string;
  time: string;
}

/** What the end of a run is worth telling: a failed gate, a failed or cancelled run, tasks awaiting approval. */
export function runEndAlerts(report: RunReport, context: AlertContext, reportDir?: string): Alert[] {
  const base = { runId: report.runId, workspace: report.workspace ?? context.workspace, time: context.time };
  const fields = runFields(report, reportDir ?? reportDirOf(report, context));
  const failedGates = report.gates.filter((g) => !g.passed);
  const failedAgents = report.agents.filter((a) => a.status === 'failed');
  const alerts: Alert[] = [];
  if (report.status === 'cancelled') {
    alerts.push({ ...base, rule: 'run-cancelled', severity: 'warning', title: `Swarm run ${report.runId} was cancelled`, text: `The run was cancelled before it finished. ${progress(report)}`, fields, dedupKey: `run-end:${report.runId}` });
  } else if (failedGates.length > 0) {
    alerts.push({
      ...base,
      rule: 'gate-failed',
      severity: 'critical',
      title: `Swarm run ${report.runId} failed: gate ${failedGates.map((g) => g.name).join(', ')}`,
      text: `${failedGates.length === 1 ? 'A quality gate' : `${failedGates.length} quality gates`} failed: ${failedGates.map((g) => describeGate(g)).join('; ')}. ${progress(report)}`,
      fields,
      dedupKey: `run-end:${report.runId}`,
    });
  } else if (report.status === 'failed') {
    const who = failedAgents.map((a) => a.taskId ?? a.id).join(', ');
    alerts.push({ ...base, rule: 'run-failed', severity: 'critical', title: `Swarm run ${report.runId} failed`, text: `The run failed${who ? ` (failed: ${who})` : ''}. ${progress(report)}`, fields, dedupKey: `run-end:${report.runId}` });
  }
  for (const agent of report.agents.filter((a) => a.status === 'needs-approval')) {
    const taskId = agent.taskId ?? agent.id;
    alerts.push(approvalAlert({ ...context, runId: report.runId, workspace: base.workspace }, taskId, agent.id, agent.errors.at(-1)));
  }
  return alerts;
}

export function approvalAlert(context: AlertContext, taskId: string, agent: string, reason?: string): Alert {
  const resume = `swarm resume${context.runId ? ` --run ${context.runId}` : ''} --approve ${taskId} (or --reject / --retry)`;
  return {
    ...context,
    rule: 'approval-needed',
    severity: 'warning',
    title: `Swarm task ${taskId} (${agent}) needs approval`,
    text: `The ${agent} agent's output for task ${taskId} waits for a decision${reason ? `: ${reason}` : '.'} Settle it in VS Code or with \`${resume}\`.`,
    fields: [
      { name: 'Task', value: taskId },
      { name: 'Agent', value: agent },
    ],
    dedupKey: `approval:${context.runId}:${taskId}`,
  };
}

export function errorRateAlert(context: AlertContext, errorRate: number, requests: number, threshold: number, windowMs: number): Alert {
  return {
    ...context,
    rule: 'error-rate',
    severity: 'warning',
    title: `Swarm: ${percent(errorRate)} of model requests are failing`,
    text: `${percent(errorRate)} of the last ${requests} model requests (within ${Math.round(windowMs / 1000)} s) failed, above the ${percent(threshold)} threshold.`,
    fields: [
      { name: 'Error rate', value: percent(errorRate) },
      { name: 'Requests', value: String(requests) },
    ],
    dedupKey: `error-rate:${context.runId}`,
  };
}

export function budgetAlert(context: AlertContext, level: 80 | 100, costUsd: number, budgetUsd: number): Alert {
  return {
    ...context,
    rule: level === 100 ? 'budget-100' : 'budget-80',
    severity: level === 100 ? 'critical' : 'warning',
    title: `Swarm ${context.runId ? `run ${context.runId}` : 'run'} ${level === 100 ? 'reached its budget' : 'used 80% of its budget'}`,
    text: `The run has spent ${usd(costUsd)} of its ${usd(budgetUsd)} budget (${percent(costUsd / budgetUsd)}).`,
    fields: [
      { name: 'Spent', value: usd(costUsd) },
      { name: 'Budget', value: usd(budgetUsd) },
    ],
    dedupKey: `budget-${level}:${context.runId}`,
  };
}

function runFields(report: RunReport, reportDir: string | undefined): Alert['fields'] {
  const fields: Alert['fields'] = [
    { name: 'Status', value: report.status },
    { name: 'Coverage', value: `${report.requirements.covered}/${report.requirements.total} (${percent(report.requirements.coverage)})` },
  ];
  const failedGates = report.gates.filter((g) => !g.passed);
  if (failedGates.length > 0) fields.push({ name: 'Failed gates', value: failedGates.map((g) => describeGate(g)).join('\n') });
  const failedAgents = report.agents.filter((a) => a.status === 'failed');
  if (failedAgents.length > 0) fields.push({ name: 'Failed agents', value: failedAgents.map((a) => a.taskId ?? a.id).join(', ') });
  const placeholderFiles = new Set(report.placeholders.map((p) => p.file));
  if (placeholderFiles.size > 0) fields.push({ name: 'Placeholder files', value: [...placeholderFiles].slice(0, 5).join('\n') + (placeholderFiles.size > 5 ? `\n… ${placeholderFiles.size - 5} more` : '') });
  fields.push({ name: 'Cost', value: usd(report.totals.costUsd) }, { name: 'Duration', value: `${Math.round(report.totals.durationMs / 1000)} s` });
  if (reportDir) fields.push({ name: 'Report', value: path.join(reportDir, 'report.md') });
  return fields;
}

function reportDirOf(report: RunReport, context: AlertContext): string | undefined {
  const workspace = report.workspace ?? context.workspace;
  return workspace ? path.join(workspace, '.swarm', 'runs', report.runId) : undefined;
}

function progress(report: RunReport): string {
  return `Coverage ${report.requirements.covered}/${report.requirements.total} requirements, cost ${usd(report.totals.costUsd)}.`;
}

function percent(ratio: number): string {
  return `${Math.round(ratio * 100)}%`;
}

function usd(value: number): string {
  return `$${value < 0.01 && value > 0 ? value.toFixed(4) : value.toFixed(2)}`;
}
