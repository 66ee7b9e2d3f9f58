import type { ConfigOverrides } from '../config/loadConfig';
import type { SwarmEvents, ValidationFinding } from '../events';
import type { ChatProvider } from '../llm/chatProvider';
import type { RunReport } from '../report/runReport';

/** What the CLI and the extension pass to the engine to start or resume a run. */
export interface RunSwarmOptions {
  workspace: string;
  /** Workspace-relative or absolute; defaults to the config's `requirementsFile`. */
  requirementsFile?: string;
  configFile?: string;
  overrides?: ConfigOverrides;
  /** One key, or several for rotation on 401. Never written anywhere. */
  apiKeys?: string[];
  /** A ready provider (VS Code's language models, the demo model); otherwise OpenAI-compatible from the config. */
  provider?: ChatProvider;
  demo?: boolean;
  signal?: AbortSignal;
  events: SwarmEvents;
  resume?: {
    runId?: string;
    approve?: string[];
    reject?: string[];
    retry?: string[];
    /** Findings a person points out (e.g. from a diagnostic's quick fix), given to a retried task's first attempt. */
    guidance?: Record<string, ValidationFinding[]>;
  };
}

export interface RunSwarmResult {
  report: RunReport;
  reportDir: string;
  /** SPEC §4: 0 passed, 1 gate or agent failed / needs approval, 130 cancelled. (2 is thrown as SwarmInputError.) */
  exitCode: 0 | 1 | 130;
}
