/** Why an alert was raised. Stable names: channel filters and receivers match on them. */
export type AlertRule = 'gate-failed' | 'approval-needed' | 'run-failed' | 'run-cancelled' | 'error-rate' | 'budget-80' | 'budget-100';
export type AlertSeverity = 'info' | 'warning' | 'critical';

/** One notification, as every channel renders it. */
export interface Alert {
  rule: AlertRule;
  severity: AlertSeverity;
  /** One line, e.g. `Run 20250101-1200 failed: gate placeholder-files`. */
  title: string;
  /** A few sentences of plain text. */
  text: string;
  runId: string | null;
  workspace?: string;
  /** ISO 8601. */
  time: string;
  /** Labelled facts, in display order (status, coverage, cost, failed gates…). */
  fields: { name: string; value: string }[];
  /** Alerts with the same key within the dedup window are sent once. */
  dedupKey: string;
}

/** Where alerts go: a webhook, Slack, email. */
export interface AlertChannel {
  /** For logs: the kind and host, never a secret (Slack webhook paths are credentials). */
  readonly name: string;
  send(alert: Alert, signal: AbortSignal): Promise<void>;
  close?(): void;
}
