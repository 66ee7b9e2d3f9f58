import { stat } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Cmd, Ctx } from '../ctx';
import { offer, runCommandAction } from '../notify';
import { requireFolder } from './runCommands';

/** Swarm: Show Report — the run's `report.md` in the Markdown preview (the latest run by default). */
export function showReport(ctx: Ctx): Cmd {
  return async (runIdArg?: unknown) => {
    const folder = requireFolder(ctx);
    if (!folder) return undefined;
    const runId = typeof runIdArg === 'string' ? runIdArg : undefined;
    const current = ctx.state.run;
    const reportDir =
      current?.reportDir && (!runId || current.runId === runId) ? current.reportDir : (await ctx.engine.readRunReport(folder.uri.fsPath, runId))?.reportDir;
    const file = reportDir ? path.join(reportDir, 'report.md') : undefined;
    const exists = file ? await stat(file).then(() => true, () => false) : false;
    if (!file || !exists) {
      offer(
        'info',
        vscode.l10n.t('There is no run report in this folder yet.'),
        runCommandAction(vscode.l10n.t('Run Swarm'), 'swarm.run'),
        runCommandAction(vscode.l10n.t('Run Demo'), 'swarm.runDemo'),
      );
      return undefined;
    }
    const uri = vscode.Uri.file(file);
    await vscode.commands.executeCommand('markdown.showPreview', uri);
    return uri;
  };
}
