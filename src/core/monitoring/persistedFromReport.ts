import type { LiveRequirementStatus } from '../events';
import type { RunReport } from '../report/runReport';
import { emptyAgentStats, type AgentStats, type MonitorSnapshot } from './monitorSnapshot';
import type { PersistedRunMetrics } from './persistedRunMetrics';
import { NO_AGENT } from './swarmMetrics';

/**
 * The metrics a report alone supports, for a run without `metrics.json`: agent runs, durations,
 * retries, tokens, cost, coverage, placeholders and gates. Model requests by status code and their
 * latency are not in a report, so they stay empty rather than being made up.
 */
export function persistedFromReport(report: RunReport): PersistedRunMetrics {
  const model = report.model ?? 'unknown';
  const agents = new Map<string, AgentStats>();
  for (const a of report.agents) {
    let stats = agents.get(a.id);
    if (!stats) {
      stats = emptyAgentStats(a.id);
      agents.set(a.id, stats);
    }
    stats.runs[a.status]++;
    stats.retries += Math.max(0, a.attempts - 1);
    stats.durationMs += a.durationMs;
    stats.tokens.prompt += a.tokens.prompt;
    stats.tokens.completion += a.tokens.completion;
    stats.costUsd += a.costUsd;
    stats.filesWritten += a.files.length;
  }
  const byStatus: Record<LiveRequirementStatus, number> = { pending: 0, 'in-progress': 0, covered: 0, partial: 0, missing: 0, failed: 0 };
  for (const item of report.requirements.items) byStatus[item.status]++;
  const attributedCost = [...agents.values()].reduce((sum, a) => sum + a.costUsd, 0);
  const costs = [...agents.values()].filter((a) => a.costUsd > 0).map((a) => ({ model, agent: a.agent, costUsd: a.costUsd }));
  // Planning and other calls outside agents show in the totals only.
  if (report.totals.costUsd - attributedCost > 1e-9) costs.push({ model, agent: NO_AGENT, costUsd: report.totals.costUsd - attributedCost });
  const snapshot: MonitorSnapshot = {
    version: 1,
    runId: report.runId,
    status: report.status,
    model: report.model ?? null,
    provider: null,
    demo: report.demo ?? false,
    resumed: false,
    startedAt: report.startedAt ?? null,
    endedAt: report.finishedAt ?? null,
    elapsedMs: report.totals.durationMs,
    requirements: {
      total: report.requirements.total,
      covered: report.requirements.covered,
      coverage: report.requirements.coverage,
      byStatus,
      items: report.requirements.items.map((r) => ({ id: r.id, title: r.title, priority: r.priority, status: r.status })),
    },
    tasks: report.agents.map((a) => ({
      taskId: a.taskId ?? a.id,
      agent: a.id,
      requirements: a.requirements ?? [],
      dependsOn: [],
      state: a.status,
      attempts: a.attempts,
      retries: Math.max(0, a.attempts - 1),
      durationMs: a.durationMs,
      costUsd: a.costUsd,
      tokens: { ...a.tokens },
      files: a.files.length,
      segments: [],
      slow: false,
    })),
    agents: [...agents.values()],
    models: [{ model, callsByStatus: {}, retries: 0, cacheHits: report.totals.cacheHits, tokens: { ...report.totals.tokens }, costUsd: report.totals.costUsd, latencyMs: { p50: null, p95: null } }],
    costs,
    errorsByKind: countFailed(report),
    files: {
      written: report.agents.reduce((n, a) => n + a.files.length, 0),
      refused: 0,
      placeholderFiles: new Set(report.placeholders.map((p) => p.file)).size,
      placeholderFindings: report.placeholders.length,
    },
    queue: { tasks: 0, llm: 0 },
    health: { windowMs: 0, status: 'unknown', llm: { requests: 0, errors: 0, errorRate: null }, agents: { ended: 0, succeeded: 0, successRate: null } },
    anomalies: [],
    gates: report.gates.map((g) => ({ ...g })),
    totals: { ...report.totals, tokens: { ...report.totals.tokens } },
  };
  return {
    version: 1,
    snapshot,
    samples: { agentRuns: report.agents.map((a) => [a.id, a.status, a.durationMs]), llmLatencyMs: {} },
  };
}

function countFailed(report: RunReport): Record<string, number> {
  const failed = report.agents.filter((a) => a.status === 'failed').length;
  return failed ? { 'agent-failed': failed } : {};
}
