import * as vscode from 'vscode';
import type { MonitorSnapshot } from '../../core/monitoring/monitorSnapshot';
import type { Ctx } from '../ctx';
import { formatPercent, formatUsd } from '../dashboard/format';
import type { LiveRunMonitor } from '../dashboard/liveRunMonitor';

const ICONS: Record<string, string> = {
  running: '$(sync~spin)',
  passed: '$(pass)',
  failed: '$(error)',
  'needs-approval': '$(bell-dot)',
  cancelled: '$(circle-slash)',
};

/**
 * The run in the status bar: its state, requirements covered and cost (`$(sync~spin) Swarm: 3/6 ·
 * $0.012` while it goes, `$(pass) Swarm passed · 6/6 · $0.02` after); a click opens the dashboard.
 * Before any run, the number of requirements, and a click opens the Requirements view. It takes the
 * place of the coverage item (same `update(running)`), so the bar says it once.
 */
export class RunStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('swarm.run', vscode.StatusBarAlignment.Left, 50);
  private readonly subscription: vscode.Disposable;
  private running = false;

  constructor(
    private readonly ctx: Ctx,
    private readonly live: LiveRunMonitor,
  ) {
    this.item.name = vscode.l10n.t('Swarm Run');
    // The live cost moves with model calls, which the requirements state does not always report.
    this.subscription = live.onDidPublish(() => this.update(this.running));
  }

  /** The text the item shows now (for tests). */
  get text(): string {
    return this.item.text;
  }

  update(running: boolean): void {
    this.running = running;
    const { covered, total } = this.ctx.state.coverage();
    const run = this.ctx.state.run;
    if (!run && !running) {
      if (total === 0) {
        this.item.hide();
        return;
      }
      this.item.text = `$(checklist) ${vscode.l10n.t('Swarm: {0} requirements', total)}`;
      this.item.tooltip = vscode.l10n.t('Swarm: {0} requirements, no run yet. Click to open the Requirements view.', total);
      this.item.command = 'swarm.requirements.focus';
      this.item.backgroundColor = undefined;
      this.item.accessibilityInformation = { label: vscode.l10n.t('Swarm: {0} requirements, no run yet', total) };
      this.item.show();
      return;
    }
    const status = running ? 'running' : (run?.status ?? 'running');
    const snapshot = this.snapshotOf(run?.runId);
    const cost = formatUsd(this.costOf(snapshot));
    const head = status === 'running' ? vscode.l10n.t('Swarm:') : vscode.l10n.t('Swarm {0}', statusLabel(status));
    this.item.text = status === 'running' ? `${ICONS.running} ${head} ${covered}/${total} · ${cost}` : `${ICONS[status] ?? '$(pulse)'} ${head} · ${covered}/${total} · ${cost}`;
    this.item.tooltip = this.tooltip(status, covered, total, cost, snapshot);
    this.item.command = { command: 'swarm.openDashboard', title: vscode.l10n.t('Open Dashboard') };
    this.item.backgroundColor =
      status === 'failed'
        ? new vscode.ThemeColor('statusBarItem.errorBackground')
        : status === 'needs-approval'
          ? new vscode.ThemeColor('statusBarItem.warningBackground')
          : undefined;
    this.item.accessibilityInformation = {
      label: vscode.l10n.t('Swarm run {0}: {1} of {2} requirements covered, cost {3}', statusLabel(status), covered, total, cost),
    };
    this.item.show();
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }

  /** The live monitor's snapshot when it is of this run. */
  private snapshotOf(runId: string | undefined): MonitorSnapshot | undefined {
    const latest = this.live.latest;
    return latest && (runId === undefined || latest.runId === runId) ? latest : undefined;
  }

  private costOf(snapshot: MonitorSnapshot | undefined): number {
    const report = this.ctx.state.run?.report;
    if (report && (!snapshot || snapshot.status !== 'running')) return report.totals.costUsd;
    if (snapshot) return snapshot.totals.costUsd;
    return this.ctx.state.tasks().reduce((sum, t) => sum + t.costUsd, 0);
  }

  private tooltip(status: string, covered: number, total: number, cost: string, snapshot: MonitorSnapshot | undefined): vscode.MarkdownString {
    const md = new vscode.MarkdownString(undefined, true);
    const run = this.ctx.state.run;
    md.appendMarkdown(`**${vscode.l10n.t('Swarm run {0}', statusLabel(status))}**`);
    if (run) md.appendMarkdown(` — \`${run.runId}\``);
    md.appendMarkdown('\n\n');
    const tasks = this.ctx.state.tasks();
    const done = tasks.filter((t) => t.state === 'succeeded' || t.state === 'failed' || t.state === 'needs-approval' || t.state === 'skipped').length;
    const lines = [
      vscode.l10n.t('Requirements covered: {0}/{1} ({2})', covered, total, formatPercent(total > 0 ? covered / total : 0)),
      vscode.l10n.t('Tasks done: {0}/{1}', done, tasks.length),
      vscode.l10n.t('Cost: {0}', cost),
    ];
    if (snapshot) lines.push(vscode.l10n.t('Model calls: {0}, retries: {1}', snapshot.totals.llmCalls, snapshot.totals.retries));
    const failed = (run?.report?.gates ?? snapshot?.gates ?? []).filter((g) => !g.passed).map((g) => g.name);
    if (failed.length > 0) lines.push(vscode.l10n.t('Gates not met: {0}', failed.join(', ')));
    md.appendMarkdown(lines.map((l) => `- ${l}`).join('\n'));
    md.appendMarkdown(`\n\n${vscode.l10n.t('Click to open the dashboard.')}`);
    return md;
  }
}

function statusLabel(status: string): string {
  switch (status) {
    case 'running':
      return vscode.l10n.t('running');
    case 'passed':
      return vscode.l10n.t('passed');
    case 'failed':
      return vscode.l10n.t('failed');
    case 'needs-approval':
      return vscode.l10n.t('needs approval');
    case 'cancelled':
      return vscode.l10n.t('cancelled');
    default:
      return status;
  }
}
