import * as path from 'node:path';
import * as vscode from 'vscode';
import type { MonitorSnapshot } from '../../core/monitoring/monitorSnapshot';
import type { Ctx } from '../ctx';
import { dashboardHtml, dashboardResourceRoots } from './dashboardHtml';
import type { LiveRunMonitor } from './liveRunMonitor';
import { parseFromWebview, type DashboardModel, type FromWebview, type RenderedNotice, type ToWebview } from './messages';

/** How long report changes are gathered before the history is read again. */
const HISTORY_REFRESH_DELAY_MS = 300;

/**
 * One open dashboard: its webview, what it shows (the live or latest run, or a past run the user
 * picked) and the messages both ways. The webview is not kept alive when hidden (no
 * `retainContextWhenHidden`): it reloads when shown again, asks with `ready`, and gets the model.
 */
export class DashboardPanel implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private readonly renderedEmitter = new vscode.EventEmitter<RenderedNotice>();
  private readonly disposedEmitter = new vscode.EventEmitter<void>();
  /** The webview drew a message: what it shows now. */
  readonly onDidRender = this.renderedEmitter.event;
  readonly onDidDispose = this.disposedEmitter.event;
  private lastRendered: RenderedNotice | undefined;
  private historyTimer: NodeJS.Timeout | undefined;
  private liveStatus: MonitorSnapshot['status'] | undefined;
  private disposed = false;

  constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly ctx: Ctx,
    private readonly live: LiveRunMonitor,
    /** A past run the user picked; null follows the live (or latest) run. */
    private selectedRunId: string | null,
  ) {
    const extensionUri = ctx.extensionContext.extensionUri;
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'resources', 'icons', 'swarm.svg');
    panel.webview.options = { enableScripts: true, localResourceRoots: dashboardResourceRoots(extensionUri) };
    panel.webview.html = dashboardHtml(panel.webview, extensionUri);
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((message: unknown) => void this.receive(message)),
      live.onDidPublish((snapshot) => this.onLiveSnapshot(snapshot)),
    );
    const folder = ctx.workspaceFolder;
    if (folder) {
      // Runs that end elsewhere (the CLI in a terminal) join the history too.
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, '.swarm/runs/*/report.json'));
      this.disposables.push(watcher, watcher.onDidCreate(() => this.refreshHistorySoon()), watcher.onDidChange(() => this.refreshHistorySoon()));
    }
  }

  /** What the webview last said it drew. */
  get rendered(): RenderedNotice | undefined {
    return this.lastRendered;
  }

  get showing(): string | null {
    return this.selectedRunId;
  }

  reveal(runId?: string | null): void {
    this.panel.reveal(undefined, false);
    if (runId !== undefined && runId !== this.selectedRunId) void this.select(runId);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    clearTimeout(this.historyTimer);
    this.panel.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
    this.disposedEmitter.fire();
    this.renderedEmitter.dispose();
    this.disposedEmitter.dispose();
  }

  private async receive(raw: unknown): Promise<void> {
    const message = parseFromWebview(raw);
    if (!message) {
      this.ctx.log.warn(`the dashboard sent a message it should not: ${truncate(JSON.stringify(raw))}`);
      return;
    }
    try {
      await this.handle(message);
    } catch (error) {
      this.ctx.log.error(`dashboard: ${message.type} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private async handle(message: FromWebview): Promise<void> {
    switch (message.type) {
      case 'ready':
        await this.sendModel();
        return;
      case 'selectRun':
        await this.select(message.runId);
        return;
      case 'openReport':
        await vscode.commands.executeCommand('swarm.showReport', message.runId);
        return;
      case 'openFile':
        await this.openFile(message.path);
        return;
      case 'rendered':
        this.lastRendered = message;
        this.renderedEmitter.fire(message);
        return;
    }
  }

  private async select(runId: string | null): Promise<void> {
    this.selectedRunId = runId;
    await this.sendModel();
  }

  private async sendModel(): Promise<void> {
    const model = await this.buildModel();
    this.selectedRunId = model.selectedRunId;
    this.post({ type: 'model', model });
  }

  private onLiveSnapshot(snapshot: MonitorSnapshot): void {
    const ended = this.liveStatus === 'running' && snapshot.status !== 'running';
    // A new run takes the dashboard back to live, whatever past run it showed.
    if (snapshot.status === 'running' && this.liveStatus !== 'running' && this.selectedRunId !== null) {
      this.liveStatus = snapshot.status;
      void this.select(null);
      return;
    }
    this.liveStatus = snapshot.status;
    if (this.selectedRunId === null) this.post({ type: 'snapshot', snapshot });
    if (ended) this.refreshHistorySoon();
  }

  private refreshHistorySoon(): void {
    clearTimeout(this.historyTimer);
    this.historyTimer = setTimeout(() => {
      this.historyTimer = undefined;
      void this.sendPastRuns();
    }, HISTORY_REFRESH_DELAY_MS);
  }

  private async sendPastRuns(): Promise<void> {
    const workspace = this.ctx.workspaceFolder?.uri.fsPath;
    if (!workspace || this.disposed) return;
    try {
      const { readPastRuns } = await import('../../core/monitoring/pastRuns');
      this.post({ type: 'pastRuns', pastRuns: await readPastRuns(workspace) });
    } catch (error) {
      this.ctx.log.warn(`dashboard: cannot read the past runs: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /**
   * The run to show: the one the user picked; else the run going on in this window; else the newest
   * finished run (from its metrics.json or report.json); else an empty one.
   */
  private async buildModel(): Promise<DashboardModel> {
    const workspace = this.ctx.workspaceFolder?.uri.fsPath;
    const [{ readPastRuns, readRunSnapshot }, { RunMonitor }] = await Promise.all([
      import('../../core/monitoring/pastRuns'),
      import('../../core/monitoring/runMonitor'),
    ]);
    const pastRuns = workspace ? await readPastRuns(workspace) : [];
    const picked = this.selectedRunId && workspace ? await readRunSnapshot(workspace, this.selectedRunId) : undefined;
    if (picked) return { snapshot: picked, pastRuns, selectedRunId: this.selectedRunId };
    const live = this.live.latest;
    const newest = pastRuns[0];
    let snapshot: MonitorSnapshot | undefined;
    if (live && (live.status === 'running' || !newest || live.runId === newest.runId || (live.startedAt ?? '') > (newest.startedAt ?? ''))) snapshot = live;
    else if (newest && workspace) snapshot = await readRunSnapshot(workspace, newest.runId);
    return { snapshot: snapshot ?? live ?? new RunMonitor().snapshot(), pastRuns, selectedRunId: null };
  }

  private async openFile(relative: string): Promise<void> {
    const folder = this.ctx.workspaceFolder;
    if (!folder) return;
    const absolute = path.resolve(folder.uri.fsPath, relative);
    if (!absolute.startsWith(folder.uri.fsPath + path.sep)) {
      this.ctx.log.warn(`dashboard: ${relative} is outside the workspace; not opened`);
      return;
    }
    await vscode.window.showTextDocument(vscode.Uri.file(absolute), { preview: true, viewColumn: vscode.ViewColumn.Beside });
  }

  private post(message: ToWebview): void {
    // A hidden webview is not kept alive: it asks for the model again when it is shown.
    if (this.disposed || !this.panel.visible) return;
    void this.panel.webview.postMessage(message);
  }
}

function truncate(text: string | undefined, max = 200): string {
  if (text === undefined) return String(text);
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
