import * as vscode from 'vscode';
import type { Ctx } from '../ctx';

/** Requirement coverage in the status bar; a click opens the Requirements view. */
export class CoverageStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('swarm.coverage', vscode.StatusBarAlignment.Left, 50);

  constructor(private readonly ctx: Ctx) {
    this.item.name = vscode.l10n.t('Swarm Coverage');
    this.item.command = 'swarm.requirements.focus';
  }

  update(running: boolean): void {
    const { covered, total } = this.ctx.state.coverage();
    if (total === 0 && !running) {
      this.item.hide();
      return;
    }
    const run = this.ctx.state.run;
    const icon = running ? '$(sync~spin)' : run?.status === 'needs-approval' ? '$(bell-dot)' : '$(checklist)';
    this.item.text = run ? `${icon} ${covered}/${total}` : `${icon} ${vscode.l10n.t('{0} requirements', total)}`;
    this.item.tooltip = run
      ? vscode.l10n.t('Swarm: {0} of {1} requirements covered ({2}). Click to open the Requirements view.', covered, total, running ? vscode.l10n.t('running') : run.status)
      : vscode.l10n.t('Swarm: {0} requirements, no run yet. Click to open the Requirements view.', total);
    this.item.backgroundColor = run?.status === 'needs-approval' || run?.status === 'failed' ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}
