import { stat } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Cmd, Ctx } from '../ctx';
import { requireFolder } from './runCommands';

/** Swarm: Show Report — the run's `report.md` in the Markdown preview (the latest run by default). */
export function showReport(ctx: Ctx): Cmd {
  return async (runIdArg?: unknown) => {
    const folder = await requireFolder(ctx);
    if (!folder) return undefined;
    const runId = typeof runIdArg === 'string' ? runIdArg : undefined;
    const current = ctx.state.run;
    const reportDir =
      current?.reportDir && (!runId || current.runId === runId) ? current.reportDir : (await ctx.engine.readRunReport(folder.uri.fsPath, runId))?.reportDir;
    const file = reportDir ? path.join(reportDir, 'report.md') : undefined;
    const exists = file ? await stat(file).then(() => true, () => false) : false;
    if (!file || !exists) {
      const run = vscode.l10n.t('Run Swarm');
      const demo = vscode.l10n.t('Run Demo');
      const choice = await vscode.window.showInformationMessage(vscode.l10n.t('There is no run report in this folder yet.'), run, demo);
      if (choice === run) await vscode.commands.executeCommand('swarm.run');
      else if (choice === demo) await vscode.commands.executeCommand('swarm.runDemo');
      return undefined;
    }
    const uri = vscode.Uri.file(file);
    await vscode.commands.executeCommand('markdown.showPreview', uri);
    return uri;
  };
}
