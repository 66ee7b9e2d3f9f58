import type { AlertConfig } from '../config/schema';
import { errorMessage } from '../errors';
import type { SwarmEventMap, SwarmEvents } from '../events';
import type { RunReport } from '../report/runReport';
import { SlidingWindow } from '../monitoring/slidingWindow';
import type { Alert, AlertChannel } from './alert';
import { approvalAlert, budgetAlert, errorRateAlert, runEndAlerts, type AlertContext } from './alertRules';
import { AlertThrottle } from './alertThrottle';
import { EmailChannel } from './channels/emailChannel';
import { SlackChannel } from './channels/slackChannel';
import { WebhookChannel } from './channels/webhookChannel';

export interface AlertManagerOptions {
  runId?: string;
  workspace?: string;
  /** `budget.maxCostUsd`: alerts at 80% and 100% of it. */
  budgetUsd?: number;
  /** Alert when more than this share of model requests failed in the window (default 0.3)… */
  errorRateThreshold?: number;
  /** …among at least this many requests (default 10)… */
  errorRateMinRequests?: number;
  /** …within this window (default 5 minutes). */
  errorRateWindowMs?: number;
  /** The same alert is sent once within this window (default 1 hour). */
  dedupWindowMs?: number;
  /** At most this many alerts in any minute (default 10). */
  maxAlertsPerMinute?: number;
  /** One delivery to one channel may take this long (default 10 s). */
  deliveryTimeoutMs?: number;
  /** Channels beyond those of the configuration. */
  channels?: AlertChannel[];
  now?: () => number;
}

/** The outcome of one alert on one channel. */
export interface AlertDelivery {
  alert: Alert;
  channel: string;
  ok: boolean;
  error?: string;
}

const DEFAULT_FLUSH_TIMEOUT_MS = 15_000;

/**
 * Turns run events into alerts and delivers them to the configured channels (SPEC §7 `alerts`),
 * deduplicated and rate-limited. Delivery never blocks or fails the run: a failing channel becomes a
 * `log` event. Call `flush()` before the process exits so queued deliveries are not lost.
 */
export class AlertManager {
  private readonly channels: AlertChannel[];
  private readonly now: () => number;
  private readonly throttle: AlertThrottle;
  private readonly llmWindow: SlidingWindow;
  private readonly inflight = new Set<Promise<void>>();
  private readonly deliveryLog: AlertDelivery[] = [];
  private readonly settings: Required<Pick<AlertManagerOptions, 'errorRateThreshold' | 'errorRateMinRequests' | 'errorRateWindowMs' | 'deliveryTimeoutMs'>>;
  private events: SwarmEvents | undefined;
  private detach: (() => void) | undefined;
  private runId: string | null;
  private workspace: string | undefined;
  private budgetUsd: number | undefined;
  private costUsd = 0;
  private budgetLevelSent: 0 | 80 | 100 = 0;

  constructor(config: readonly AlertConfig[], events?: SwarmEvents, options: AlertManagerOptions = {}) {
    this.channels = [...config.map(channelFor), ...(options.channels ?? [])];
    this.now = options.now ?? Date.now;
    this.settings = {
      errorRateThreshold: options.errorRateThreshold ?? 0.3,
      errorRateMinRequests: options.errorRateMinRequests ?? 10,
      errorRateWindowMs: options.errorRateWindowMs ?? 5 * 60_000,
      deliveryTimeoutMs: options.deliveryTimeoutMs ?? 10_000,
    };
    this.throttle = new AlertThrottle(options.dedupWindowMs ?? 60 * 60_000, options.maxAlertsPerMinute ?? 10, this.now);
    this.llmWindow = new SlidingWindow(this.settings.errorRateWindowMs, this.now);
    this.runId = options.runId ?? null;
    this.workspace = options.workspace;
    this.budgetUsd = options.budgetUsd;
    if (events) this.attach(events);
  }

  /** Every delivery attempted so far, in order of completion. */
  get deliveries(): readonly AlertDelivery[] {
    return this.deliveryLog;
  }

  attach(events: SwarmEvents): () => void {
    this.events = events;
    const off = [
      events.on('run:start', (e) => this.onRunStart(e)),
      events.on('task:state', (e) => {
        if (e.state === 'needs-approval') this.notify(approvalAlert(this.context(e.runId), e.taskId, e.agent, e.reason));
      }),
      events.on('llm:call', (e) => this.onLlmCall(e)),
      events.on('llm:error', (e) => this.onLlmError(e)),
      events.on('run:end', (e) => this.notifyRunEnd(e.report, e.reportDir)),
    ];
    const detach = () => off.forEach((stop) => stop());
    this.detach = detach;
    return detach;
  }

  /** Alerts for a finished run (failed gate, failed or cancelled run, tasks awaiting approval). Safe to call as well as `run:end`. */
  notifyRunEnd(report: RunReport, reportDir?: string): void {
    this.runId ??= report.runId;
    for (const alert of runEndAlerts(report, this.context(report.runId), reportDir)) this.notify(alert);
  }

  /** Sends one alert to every channel, unless it is a duplicate or over the rate limit. Never throws. */
  notify(alert: Alert): void {
    if (this.channels.length === 0) return;
    const verdict = this.throttle.admit(alert.dedupKey);
    if (verdict !== 'send') {
      this.log(verdict === 'duplicate' ? 'debug' : 'warn', `alert "${alert.title}" not sent: ${verdict === 'duplicate' ? 'already sent' : 'too many alerts this minute'}`);
      return;
    }
    for (const channel of this.channels) this.track(this.deliver(channel, alert));
  }

  /** Waits for the deliveries under way, at most `timeoutMs`; never rejects. */
  async flush(timeoutMs = DEFAULT_FLUSH_TIMEOUT_MS): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    while (this.inflight.size > 0) {
      const left = deadline - performance.now();
      if (left <= 0) break;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), left)));
      const result = await Promise.race([Promise.allSettled([...this.inflight]), timeout]);
      clearTimeout(timer);
      if (result === 'timeout') break;
    }
    if (this.inflight.size > 0) this.log('warn', `${this.inflight.size} alert deliveries still pending after ${timeoutMs} ms; giving up on them`);
  }

  /** Stops listening and closes channel connections. */
  dispose(): void {
    this.detach?.();
    this.detach = undefined;
    for (const channel of this.channels) channel.close?.();
  }

  private onRunStart(e: SwarmEventMap['run:start']): void {
    if (this.runId !== e.runId) {
      this.costUsd = 0;
      this.budgetLevelSent = 0;
    }
    this.runId = e.runId;
    this.workspace = e.workspace;
  }

  private onLlmCall(e: SwarmEventMap['llm:call']): void {
    if (!e.cached) this.llmWindow.record(true);
    this.costUsd += e.costUsd;
    const budget = this.budgetUsd;
    if (!budget || budget <= 0) return;
    const level = this.costUsd >= budget ? 100 : this.costUsd >= budget * 0.8 ? 80 : 0;
    if (level > this.budgetLevelSent) {
      this.budgetLevelSent = level;
      this.notify(budgetAlert(this.context(e.runId), level as 80 | 100, this.costUsd, budget));
    }
  }

  private onLlmError(e: SwarmEventMap['llm:error']): void {
    this.llmWindow.record(false);
    const { total, bad } = this.llmWindow.counts();
    const rate = bad / total;
    if (total >= this.settings.errorRateMinRequests && rate > this.settings.errorRateThreshold) {
      this.notify(errorRateAlert(this.context(e.runId), rate, total, this.settings.errorRateThreshold, this.settings.errorRateWindowMs));
    }
  }

  private async deliver(channel: AlertChannel, alert: Alert): Promise<void> {
    try {
      await channel.send(alert, AbortSignal.timeout(this.settings.deliveryTimeoutMs));
      this.deliveryLog.push({ alert, channel: channel.name, ok: true });
    } catch (error) {
      const reason = errorMessage(error);
      this.deliveryLog.push({ alert, channel: channel.name, ok: false, error: reason });
      this.log('warn', `alert "${alert.title}" could not be sent to ${channel.name}: ${reason}`);
    }
  }

  private track(delivery: Promise<void>): void {
    const tracked = delivery.finally(() => this.inflight.delete(tracked));
    this.inflight.add(tracked);
  }

  private context(runId: string | null = this.runId): AlertContext {
    return { runId, workspace: this.workspace, time: new Date(this.now()).toISOString() };
  }

  private log(level: 'debug' | 'warn', message: string): void {
    this.events?.emit('log', { level, message });
  }
}

function channelFor(config: AlertConfig): AlertChannel {
  switch (config.type) {
    case 'webhook':
      return new WebhookChannel(config.url, config.headers);
    case 'slack':
      return new SlackChannel(config.webhookUrl);
    case 'email':
      return new EmailChannel(config.smtpUrl, config.from, config.to);
  }
}
