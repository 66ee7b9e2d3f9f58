import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Cmd, Ctx } from '../ctx';

/** Swarm: Reveal in Requirements — the requirement nodes of the file open in the editor (or given). */
export function revealInRequirements(ctx: Ctx): Cmd {
  return async (arg?: unknown) => {
    const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
    const workspace = ctx.state.run?.workspace ?? ctx.workspaceFolder?.uri.fsPath;
    if (!uri || uri.scheme !== 'file' || !workspace) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Open a file of the workspace to find its requirements.'));
      return undefined;
    }
    const relative = path.relative(workspace, uri.fsPath).split(path.sep).join('/');
    const nodes = ctx.ui.requirementsTree.fileNodes(relative);
    if (nodes.length === 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t('No requirement of the last run claims {0}.', relative));
      return undefined;
    }
    if (ctx.ui.requirementsTree.filterNotCovered) ctx.ui.requirementsTree.filterNotCovered = false;
    for (const [index, node] of nodes.entries()) {
      await ctx.ui.requirementsView.reveal(node, { select: index === 0, focus: index === 0, expand: true });
    }
    return nodes.map((n) => (n.kind === 'requirement' ? n.id : n.requirementId));
  };
}

export function filterRequirements(ctx: Ctx): Cmd {
  return () => {
    ctx.ui.requirementsTree.filterNotCovered = true;
  };
}

export function clearRequirementsFilter(ctx: Ctx): Cmd {
  return () => {
    ctx.ui.requirementsTree.filterNotCovered = false;
  };
}
