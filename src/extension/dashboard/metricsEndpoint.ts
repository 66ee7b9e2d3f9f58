import * as vscode from 'vscode';
import type { MetricsServer } from '../../core/monitoring/metricsServer';
import type { RunMonitor } from '../../core/monitoring/runMonitor';
import type { Ctx } from '../ctx';
import type { LiveRunMonitor } from './liveRunMonitor';

const PORT_SETTING = 'metrics.port';

/**
 * Setting `swarm.metrics.port` (0: off) serves `/metrics` on 127.0.0.1 while the window is open: the
 * run going on, or the last one this window ran, else the workspace's last finished run (from its
 * metrics.json) — for a Prometheus on the same machine (deploy/README.md, job `swarm-vscode`).
 */
export class MetricsEndpoint implements vscode.Disposable {
  private server: MetricsServer | undefined;
  private lastRun: RunMonitor | undefined;
  private wanted = 0;
  private pending: Promise<void> = Promise.resolve();
  private listener: vscode.Disposable | undefined;

  constructor(
    private readonly ctx: Ctx,
    private readonly live: LiveRunMonitor,
  ) {}

  get url(): string | undefined {
    return this.server?.url;
  }

  start(): void {
    this.listener = vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(`swarm.${PORT_SETTING}`)) this.apply();
    });
    this.apply();
  }

  dispose(): void {
    this.listener?.dispose();
    this.wanted = 0;
    void this.stop();
  }

  /** Resolves when the server matches the setting (for tests). */
  settled(): Promise<void> {
    return this.pending;
  }

  private apply(): void {
    const port = vscode.workspace.getConfiguration('swarm').get<number>(PORT_SETTING, 0);
    this.wanted = Number.isInteger(port) && port > 0 && port < 65536 ? port : 0;
    this.pending = this.pending.then(() => this.reconcile());
  }

  private async reconcile(): Promise<void> {
    if (this.server && this.server.port === this.wanted) return;
    await this.stop();
    if (this.wanted === 0) return;
    const port = this.wanted;
    try {
      const [{ serveMetrics }] = await Promise.all([import('../../core/monitoring/metricsServer'), this.loadLastRun()]);
      this.server = await serveMetrics(port, () => this.live.registry ?? this.lastRun?.registry);
      this.ctx.log.info(`serving Swarm's metrics at ${this.server.url}`);
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      this.ctx.log.warn(`cannot serve /metrics on 127.0.0.1:${port}: ${why}`);
      void vscode.window.showWarningMessage(vscode.l10n.t('Swarm cannot serve its metrics on port {0}: {1}', port, why));
    }
  }

  private async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await server.close().catch(() => undefined);
  }

  private async loadLastRun(): Promise<void> {
    const workspace = this.ctx.workspaceFolder?.uri.fsPath;
    if (!workspace || this.lastRun) return;
    try {
      const { readLastRunMetrics } = await import('../../core/monitoring/runMetricsFile');
      this.lastRun = (await readLastRunMetrics(workspace))?.monitor;
    } catch (error) {
      this.ctx.log.warn(`cannot read the last run's metrics: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
