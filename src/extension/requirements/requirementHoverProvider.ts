import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import { requirementStatusLabel } from '../views/statusIcons';

/** The ID pattern of SPEC §2, plus the derived `R-1` ids of a free-form PRD. */
const ID_PATTERN = /[A-Z][A-Z0-9]*-\d+/;

/** Hovering an ID in the requirements document shows its status, agents and files. */
export class RequirementHoverProvider implements vscode.HoverProvider {
  constructor(private readonly ctx: Ctx) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const file = this.ctx.state.requirementsFile;
    if (!file || path.resolve(document.uri.fsPath) !== path.resolve(file)) return undefined;
    const range = document.getWordRangeAtPosition(position, ID_PATTERN);
    if (!range) return undefined;
    const requirement = this.ctx.state.requirement(document.getText(range));
    if (!requirement) return undefined;

    const md = new vscode.MarkdownString(undefined, true);
    md.isTrusted = { enabledCommands: ['vscode.open', 'swarm.revealInRequirements'] };
    md.appendMarkdown(`**${requirement.id}** · ${requirementStatusLabel(requirement.status)}`);
    if (requirement.priority) md.appendMarkdown(` · ${requirement.priority}`);
    md.appendMarkdown('\n\n');
    if (requirement.agents.length > 0) md.appendMarkdown(`${vscode.l10n.t('Agents')}: ${requirement.agents.join(', ')}\n\n`);
    const workspace = this.ctx.state.run?.workspace ?? this.ctx.workspaceFolder?.uri.fsPath;
    if (requirement.files.length > 0 && workspace) {
      md.appendMarkdown(`${vscode.l10n.t('Files')}:\n\n`);
      for (const f of requirement.files) {
        const uri = vscode.Uri.file(path.resolve(workspace, f));
        md.appendMarkdown(`- [${f}](command:vscode.open?${encodeURIComponent(JSON.stringify([uri.toJSON()]))})\n`);
      }
    } else if (!this.ctx.state.run) {
      md.appendMarkdown(vscode.l10n.t('Not run yet.'));
    }
    return new vscode.Hover(md, range);
  }
}
