import { copyFile, mkdir, stat } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Cmd, Ctx } from '../ctx';
import { requireFolder } from './runCommands';

/** Swarm: Create REQUIREMENTS.md — from the bundled template, then opened; an existing file is only opened. */
export function createRequirements(ctx: Ctx): Cmd {
  return async () => {
    const folder = requireFolder(ctx);
    if (!folder) return undefined;
    const file = await ctx.ui.requirementsWatcher.resolveFile(folder.uri.fsPath);
    const exists = await stat(file).then(() => true, () => false);
    if (!exists) {
      if (!/\.(md|markdown)$/i.test(file)) {
        void vscode.window.showErrorMessage(vscode.l10n.t('The template is Markdown, but the requirements file is {0}. Create it yourself, or set swarm.requirementsFile to a .md file.', file));
        return undefined;
      }
      const template = ctx.asAbsolutePath(path.join('resources', 'templates', 'REQUIREMENTS.md'));
      await mkdir(path.dirname(file), { recursive: true });
      await copyFile(template, file);
      ctx.log.info(`created ${file} from the template`);
    }
    const uri = vscode.Uri.file(file);
    await vscode.window.showTextDocument(uri, { preview: false });
    await ctx.ui.requirementsWatcher.reload();
    return uri;
  };
}
