/** SPEC §5. Fields may be added; none of these may be removed or renamed. */
export type RunStatus = 'passed' | 'failed' | 'cancelled' | 'needs-approval';
export type RequirementStatus = 'covered' | 'partial' | 'missing' | 'failed';
export type AgentRunStatus = 'succeeded' | 'failed' | 'needs-approval' | 'skipped';

export interface TokenCounts {
  prompt: number;
  completion: number;
}

export interface RequirementReport {
  id: string;
  title: string;
  status: RequirementStatus;
  agents: string[];
  files: string[];
  priority?: string;
  criteria?: string[];
  /** Which of the coverage conditions hold (SPEC: accepted, file claims it, agent claimed it, no placeholder). */
  evidence?: { accepted: boolean; fileClaims: boolean; agentClaimed: boolean; placeholderFree: boolean };
  /** Test files that mention the requirement's ID. */
  tests?: string[];
}

/** One row of the traceability matrix: requirement ↔ criteria ↔ agents ↔ files ↔ tests that mention its ID. */
export interface TraceabilityRow {
  id: string;
  title: string;
  status: RequirementStatus;
  criteria: string[];
  agents: string[];
  files: string[];
  tests: string[];
}

export interface AgentReport {
  id: string;
  status: AgentRunStatus;
  attempts: number;
  durationMs: number;
  tokens: TokenCounts;
  costUsd: number;
  files: string[];
  errors: string[];
  /** The task this entry reports (one agent may hold several tasks). */
  taskId?: string;
  requirements?: string[];
  summary?: string;
}

export interface PlaceholderReport {
  file: string;
  line: number;
  rule: string;
  message: string;
  column?: number;
  severity?: 'error' | 'warning' | 'info';
  /** Written for the model: how to fix it. */
  suggestion?: string;
}

export interface GateResult {
  name: string;
  threshold: number;
  actual: number;
  passed: boolean;
}

export interface RunReport {
  runId: string;
  status: RunStatus;
  requirements: { total: number; covered: number; coverage: number; items: RequirementReport[] };
  agents: AgentReport[];
  placeholders: PlaceholderReport[];
  gates: GateResult[];
  totals: {
    durationMs: number;
    llmCalls: number;
    retries: number;
    cacheHits: number;
    tokens: TokenCounts;
    costUsd: number;
  };
  /** Added fields. */
  startedAt?: string;
  finishedAt?: string;
  model?: string;
  /** Set when the run was played by the bundled demo model. */
  demo?: boolean;
  workspace?: string;
  requirementsFile?: string;
  /** The traceability matrix, one row per requirement (filled from `requirements.items` when absent). */
  traceability?: TraceabilityRow[];
}
