import type { LiveRequirementStatus, TaskState } from '../events';
import type { AgentRunStatus, GateResult, RunReport, RunStatus, TokenCounts } from '../report/runReport';

export type MonitorRunStatus = 'idle' | 'running' | RunStatus;
export type HealthStatus = 'healthy' | 'degraded' | 'unhealthy' | 'unknown';
export type AnomalyKind = 'slow-task' | 'error-rate-spike' | 'cost-outpacing-coverage';

/** One stretch of a task in one state; `endMs` is null while it lasts. Times are ms since the run started. */
export interface TaskSegment {
  attempt: number;
  state: TaskState;
  startMs: number;
  endMs: number | null;
}

/** A task as the timeline (Gantt of attempts) draws it. */
export interface TaskTimeline {
  taskId: string;
  agent: string;
  requirements: string[];
  dependsOn: string[];
  state: TaskState;
  /** Highest attempt seen. */
  attempts: number;
  retries: number;
  /** From `task:end`, once the task ended. */
  durationMs: number | null;
  costUsd: number;
  tokens: TokenCounts;
  files: number;
  segments: TaskSegment[];
  /** Set when the task is flagged as far slower than its agent's history. */
  slow: boolean;
}

export interface AgentStats {
  agent: string;
  /** Finished tasks by outcome. */
  runs: Record<AgentRunStatus, number>;
  retries: number;
  /** Total duration of finished tasks. */
  durationMs: number;
  llmCalls: number;
  llmErrors: number;
  cacheHits: number;
  tokens: TokenCounts;
  costUsd: number;
  filesWritten: number;
  filesRefused: number;
  validationRejections: number;
}

/** An agent with nothing counted yet. */
export function emptyAgentStats(agent: string): AgentStats {
  return {
    agent,
    runs: { succeeded: 0, failed: 0, 'needs-approval': 0, skipped: 0 },
    retries: 0,
    durationMs: 0,
    llmCalls: 0,
    llmErrors: 0,
    cacheHits: 0,
    tokens: { prompt: 0, completion: 0 },
    costUsd: 0,
    filesWritten: 0,
    filesRefused: 0,
    validationRejections: 0,
  };
}

export interface ModelStats {
  model: string;
  /** Requests sent to the provider by HTTP status code (`200` answered, `none` no status). */
  callsByStatus: Record<string, number>;
  retries: number;
  cacheHits: number;
  tokens: TokenCounts;
  costUsd: number;
  /** Latency of answered, uncached requests. */
  latencyMs: { p50: number | null; p95: number | null };
}

export interface CostShare {
  model: string;
  agent: string;
  costUsd: number;
}

export interface Anomaly {
  kind: AnomalyKind;
  message: string;
  /** ISO 8601. */
  at: string;
  taskId?: string;
  agent?: string;
  value: number;
  threshold: number;
}

export interface HealthSnapshot {
  windowMs: number;
  status: HealthStatus;
  llm: { requests: number; errors: number; errorRate: number | null };
  agents: { ended: number; succeeded: number; successRate: number | null };
}

/**
 * Everything the monitor knows about one run, JSON-serializable: what the report, `swarm metrics`
 * and the dashboard read. Times are ISO 8601 strings or ms since the run started.
 */
export interface MonitorSnapshot {
  version: 1;
  runId: string | null;
  status: MonitorRunStatus;
  model: string | null;
  provider: string | null;
  demo: boolean;
  resumed: boolean;
  startedAt: string | null;
  endedAt: string | null;
  elapsedMs: number;
  requirements: {
    total: number;
    covered: number;
    coverage: number;
    byStatus: Record<LiveRequirementStatus, number>;
    items: { id: string; title: string; priority?: string; status: LiveRequirementStatus }[];
  };
  tasks: TaskTimeline[];
  agents: AgentStats[];
  models: ModelStats[];
  costs: CostShare[];
  /** Failures by kind: `http-429`, `http-500`, `network`, `validation`, `refused-write`, `agent-failed`. */
  errorsByKind: Record<string, number>;
  files: { written: number; refused: number; placeholderFiles: number; placeholderFindings: number };
  queue: { tasks: number; llm: number };
  health: HealthSnapshot;
  anomalies: Anomaly[];
  /** The report's gates, once the run ended. */
  gates: GateResult[];
  /** As SPEC §5 `totals`. */
  totals: RunReport['totals'];
}
