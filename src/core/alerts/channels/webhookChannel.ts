import type { Alert, AlertChannel } from '../alert';
import { postJson } from './postJson';
import { urlHost } from './urlHost';

/** The JSON document a generic webhook receives. */
export interface WebhookPayload {
  source: 'swarm';
  rule: Alert['rule'];
  severity: Alert['severity'];
  title: string;
  text: string;
  runId: string | null;
  workspace?: string;
  time: string;
  fields: { name: string; value: string }[];
}

export class WebhookChannel implements AlertChannel {
  readonly name: string;

  constructor(
    private readonly url: string,
    private readonly headers: Record<string, string> = {},
  ) {
    this.name = `webhook ${urlHost(url)}`;
  }

  async send(alert: Alert, signal: AbortSignal): Promise<void> {
    const payload: WebhookPayload = {
      source: 'swarm',
      rule: alert.rule,
      severity: alert.severity,
      title: alert.title,
      text: alert.text,
      runId: alert.runId,
      workspace: alert.workspace,
      time: alert.time,
      fields: alert.fields,
    };
    await postJson(this.url, payload, signal, this.headers);
  }
}
