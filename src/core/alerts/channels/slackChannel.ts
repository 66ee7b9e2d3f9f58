import type { Alert, AlertChannel } from '../alert';
import { postJson } from './postJson';
import { urlHost } from './urlHost';

const SEVERITY_ICON: Record<Alert['severity'], string> = { info: ':information_source:', warning: ':warning:', critical: ':rotating_light:' };
/** Slack's limits: header text 150 characters, section text 3000, 10 fields of 2000. */
const HEADER_MAX = 150;
const TEXT_MAX = 3000;
const FIELDS_MAX = 10;
const FIELD_MAX = 2000;

/** A Slack incoming webhook, sent a Block Kit message (with `text` as the notification fallback). */
export class SlackChannel implements AlertChannel {
  readonly name: string;

  constructor(private readonly webhookUrl: string) {
    this.name = `slack ${urlHost(webhookUrl)}`;
  }

  async send(alert: Alert, signal: AbortSignal): Promise<void> {
    await postJson(this.webhookUrl, slackMessage(alert), signal);
  }
}

export function slackMessage(alert: Alert): { text: string; blocks: Record<string, unknown>[] } {
  const blocks: Record<string, unknown>[] = [
    { type: 'header', text: { type: 'plain_text', text: clip(alert.title, HEADER_MAX), emoji: true } },
    { type: 'section', text: { type: 'mrkdwn', text: clip(`${SEVERITY_ICON[alert.severity]} ${escape(alert.text)}`, TEXT_MAX) } },
  ];
  if (alert.fields.length > 0) {
    blocks.push({
      type: 'section',
      fields: alert.fields.slice(0, FIELDS_MAX).map((f) => ({ type: 'mrkdwn', text: clip(`*${escape(f.name)}*\n${escape(f.value)}`, FIELD_MAX) })),
    });
  }
  const context = [`Swarm`, alert.runId ? `run \`${escape(alert.runId)}\`` : undefined, `rule \`${alert.rule}\``, alert.time].filter(Boolean).join(' · ');
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: context }] });
  return { text: `${alert.title}: ${alert.text}`, blocks };
}

/** Slack mrkdwn control characters. */
function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
