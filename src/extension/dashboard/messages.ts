// The messages between the dashboard panel (extension host) and its webview script
// (media/dashboard/main.ts). Both sides import this file; it must not import `vscode` or Node modules.
import type { DashboardModel, DashboardRequest, DashboardUpdate } from '../../core/monitoring/dashboardModel';
import { parseDashboardRequest } from '../../core/monitoring/dashboardModel';
import type { MonitorRunStatus } from '../../core/monitoring/monitorSnapshot';

export type { DashboardModel };

/** What the webview tells the extension it has drawn: for the status line, and for the tests. */
export interface RenderedNotice {
  type: 'rendered';
  /** The run drawn, null when there is none. */
  runId: string | null;
  status: MonitorRunStatus;
  /** Messages from the extension drawn so far, in this webview's life. */
  updates: number;
  /** Charts on the page with data (canvas drawn by chart.js). */
  charts: number;
  tasks: number;
  gates: number;
  pastRuns: number;
  /** The theme kind the charts were drawn in (the body's `data-vscode-theme-kind`). */
  theme: string;
}

const RUN_STATUSES: readonly MonitorRunStatus[] = ['idle', 'running', 'passed', 'failed', 'cancelled', 'needs-approval'];

/** Extension → webview. */
export type ToWebview = DashboardUpdate;
/** Webview → extension. */
export type FromWebview = DashboardRequest | RenderedNotice;

/** The messages by type: `MessageOf<ToWebview, 'snapshot'>` is the payload of a `snapshot` message. */
export type MessageOf<M extends { type: string }, K extends M['type']> = Extract<M, { type: K }>;

/** State the webview keeps across hide/show and editor restarts (`getState`/`setState`, the panel serializer). */
export interface DashboardWebviewState {
  /** A past run the user picked; null for the live or latest run. */
  selectedRunId: string | null;
}

/**
 * Checks a message from the webview before the extension acts on it: what runs in the webview is not
 * trusted to send only what its own script sends.
 */
export function parseFromWebview(value: unknown): FromWebview | undefined {
  const request = parseDashboardRequest(value);
  if (request) return request;
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  if (v.type !== 'rendered') return undefined;
  const counts = ['updates', 'charts', 'tasks', 'gates', 'pastRuns'] as const;
  if (!counts.every((k) => Number.isSafeInteger(v[k]) && (v[k] as number) >= 0)) return undefined;
  if (!(v.runId === null || (typeof v.runId === 'string' && v.runId.length < 256)) || !RUN_STATUSES.includes(v.status as MonitorRunStatus)) return undefined;
  if (typeof v.theme !== 'string' || v.theme.length > 64) return undefined;
  return {
    type: 'rendered',
    runId: v.runId,
    status: v.status as MonitorRunStatus,
    updates: v.updates as number,
    charts: v.charts as number,
    tasks: v.tasks as number,
    gates: v.gates as number,
    pastRuns: v.pastRuns as number,
    theme: v.theme,
  };
}

/** Restored panel state, checked (it comes back from the webview). */
export function parseWebviewState(value: unknown): DashboardWebviewState {
  const selected = typeof value === 'object' && value !== null ? (value as Record<string, unknown>).selectedRunId : undefined;
  return { selectedRunId: typeof selected === 'string' && /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/.test(selected) ? selected : null };
}
