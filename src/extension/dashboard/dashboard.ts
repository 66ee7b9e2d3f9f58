import * as vscode from 'vscode';
import type { CommandFactory, Ctx } from '../ctx';
import type { RunStatusBar } from '../views/runStatusBar';
import { dashboardResourceRoots } from './dashboardHtml';
import { DashboardPanel } from './dashboardPanel';
import type { LiveRunMonitor } from './liveRunMonitor';
import { parseWebviewState } from './messages';
import { MetricsEndpoint } from './metricsEndpoint';

/** The webview panel's type: the serializer's key, and the `onWebviewPanel:` activation event. */
export const DASHBOARD_VIEW_TYPE = 'swarm.dashboard';

/** What the extension's API exposes of the dashboard (for its integration tests). */
export interface DashboardApi {
  /** The open dashboard, if any. */
  readonly panel: DashboardPanel | undefined;
  /** The live run monitor's last snapshot. */
  readonly live: LiveRunMonitor;
  /** Fires when a dashboard is opened (or restored after a reload). */
  readonly onDidOpen: vscode.Event<DashboardPanel>;
  /** Where `/metrics` is served (setting `swarm.metrics.port`), if it is. */
  readonly metricsUrl: string | undefined;
  /** What the run's status-bar item says now. */
  readonly statusText: string;
}

const dashboards = new WeakMap<Ctx, Dashboard>();

/**
 * "Swarm: Open Dashboard": one panel at a time, restored after a reload by its serializer, fed by
 * the window's live run monitor. Also serves `/metrics` when `swarm.metrics.port` is set.
 */
export class Dashboard implements DashboardApi, vscode.Disposable {
  private current: DashboardPanel | undefined;
  private readonly openedEmitter = new vscode.EventEmitter<DashboardPanel>();
  readonly onDidOpen = this.openedEmitter.event;
  private readonly metrics: MetricsEndpoint;

  private constructor(
    private readonly ctx: Ctx,
    readonly live: LiveRunMonitor,
    private readonly statusBar: Pick<RunStatusBar, 'text'>,
  ) {
    this.metrics = new MetricsEndpoint(ctx, live);
  }

  /** Creates the window's dashboard: its panel serializer and the metrics endpoint. */
  static register(ctx: Ctx, live: LiveRunMonitor, statusBar: Pick<RunStatusBar, 'text'>): Dashboard {
    const dashboard = new Dashboard(ctx, live, statusBar);
    dashboards.set(ctx, dashboard);
    ctx.pushCleanup(
      dashboard,
      vscode.window.registerWebviewPanelSerializer(DASHBOARD_VIEW_TYPE, {
        deserializeWebviewPanel: (panel, state: unknown) => {
          dashboard.adopt(panel, parseWebviewState(state).selectedRunId);
          return Promise.resolve();
        },
      }),
    );
    dashboard.metrics.start();
    return dashboard;
  }

  static of(ctx: Ctx): Dashboard {
    const dashboard = dashboards.get(ctx);
    if (!dashboard) throw new Error('Swarm is still starting');
    return dashboard;
  }

  get panel(): DashboardPanel | undefined {
    return this.current;
  }

  get metricsUrl(): string | undefined {
    return this.metrics.url;
  }

  get statusText(): string {
    return this.statusBar.text;
  }

  /** Shows the dashboard (creating it when none is open), on `runId` when given, else on what it shows. */
  open(runId?: string): DashboardPanel {
    if (this.current) {
      this.current.reveal(runId);
      return this.current;
    }
    const panel = vscode.window.createWebviewPanel(DASHBOARD_VIEW_TYPE, vscode.l10n.t('Swarm Dashboard'), vscode.ViewColumn.Active, {
      enableScripts: true,
      localResourceRoots: dashboardResourceRoots(this.ctx.extensionContext.extensionUri),
    });
    return this.adopt(panel, runId ?? null);
  }

  dispose(): void {
    this.current?.dispose();
    this.metrics.dispose();
    this.openedEmitter.dispose();
  }

  private adopt(panel: vscode.WebviewPanel, selectedRunId: string | null): DashboardPanel {
    this.current?.dispose();
    const dashboard = new DashboardPanel(panel, this.ctx, this.live, selectedRunId);
    this.current = dashboard;
    dashboard.onDidDispose(() => {
      if (this.current === dashboard) this.current = undefined;
    });
    this.openedEmitter.fire(dashboard);
    return dashboard;
  }
}

/** Swarm: Open Dashboard — optionally on a past run (`runId`). */
export const openDashboard: CommandFactory = (ctx) => (runId?: unknown) => {
  Dashboard.of(ctx).open(typeof runId === 'string' ? runId : undefined);
};
