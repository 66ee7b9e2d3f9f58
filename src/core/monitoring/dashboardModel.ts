import type { MonitorSnapshot } from './monitorSnapshot';
import type { PastRunSummary } from './pastRuns';

/** Everything the dashboard webview draws: the current (or chosen) run and the history of runs. */
export interface DashboardModel {
  snapshot: MonitorSnapshot;
  pastRuns: PastRunSummary[];
  /** The run the snapshot shows when it is a past one the user picked; null for the live or last run. */
  selectedRunId: string | null;
}

/** Extension → webview. */
export type DashboardUpdate =
  | { type: 'model'; model: DashboardModel }
  /** A live run moved on: the snapshot alone, throttled. */
  | { type: 'snapshot'; snapshot: MonitorSnapshot }
  | { type: 'pastRuns'; pastRuns: PastRunSummary[] };

/** Webview → extension. */
export type DashboardRequest =
  /** The webview loaded and listens: send it the model. */
  | { type: 'ready' }
  /** Show a past run (or the live one, with null). */
  | { type: 'selectRun'; runId: string | null }
  /** Open a workspace file, e.g. one with placeholder findings. */
  | { type: 'openFile'; path: string }
  | { type: 'openReport'; runId: string };

/**
 * Checks a message from the webview before the extension acts on it: webview content is not trusted
 * to send only what its script sends.
 */
export function parseDashboardRequest(value: unknown): DashboardRequest | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  switch (v.type) {
    case 'ready':
      return { type: 'ready' };
    case 'selectRun':
      return v.runId === null || isRunId(v.runId) ? { type: 'selectRun', runId: v.runId } : undefined;
    case 'openFile':
      return typeof v.path === 'string' && v.path.length > 0 && v.path.length < 4096 ? { type: 'openFile', path: v.path } : undefined;
    case 'openReport':
      return isRunId(v.runId) ? { type: 'openReport', runId: v.runId } : undefined;
    default:
      return undefined;
  }
}

function isRunId(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/.test(value);
}
