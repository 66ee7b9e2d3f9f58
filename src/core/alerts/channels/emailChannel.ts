import { createTransport, type Transporter } from 'nodemailer';
import type { Alert, AlertChannel } from '../alert';
import { urlHost } from './urlHost';

const TIMEOUT_MS = 10_000;

/** Email over SMTP (`smtp://` or `smtps://user:pass@host:port`), plain text. */
export class EmailChannel implements AlertChannel {
  readonly name: string;
  private transporter: Transporter | undefined;

  constructor(
    private readonly smtpUrl: string,
    private readonly from: string,
    private readonly to: string[],
  ) {
    this.name = `email ${urlHost(smtpUrl)}`;
  }

  async send(alert: Alert, signal: AbortSignal): Promise<void> {
    this.transporter ??= createTransport({ url: this.smtpUrl, connectionTimeout: TIMEOUT_MS, greetingTimeout: TIMEOUT_MS, socketTimeout: TIMEOUT_MS });
    const sending = this.transporter.sendMail({ from: this.from, to: this.to, subject: `[Swarm] ${alert.title}`, text: emailText(alert) });
    await abortable(sending, signal);
  }

  close(): void {
    this.transporter?.close();
    this.transporter = undefined;
  }
}

export function emailText(alert: Alert): string {
  const width = Math.max(0, ...alert.fields.map((f) => f.name.length));
  const lines = [alert.text, ''];
  for (const field of alert.fields) {
    const [first, ...rest] = field.value.split('\n');
    lines.push(`${field.name.padEnd(width)}  ${first}`);
    for (const line of rest) lines.push(`${' '.repeat(width)}  ${line}`);
  }
  lines.push('', `Run: ${alert.runId ?? '-'}`, `Rule: ${alert.rule}`, `Time: ${alert.time}`);
  if (alert.workspace) lines.push(`Workspace: ${alert.workspace}`);
  lines.push('', '-- Swarm');
  return lines.join('\n') + '\n';
}

function abortable<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(abortReason(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortReason(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

function abortReason(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new Error('the delivery was aborted');
}
