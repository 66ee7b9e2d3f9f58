import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import type { RequirementView } from '../state/swarmState';
import { requirementStatusIcon, requirementStatusLabel, taskStateLabel } from './statusIcons';

export type RequirementsNode =
  | { kind: 'requirement'; id: string }
  | { kind: 'criterion'; requirementId: string; index: number; text: string }
  | { kind: 'dependency'; requirementId: string; dependsOn: string[] }
  | { kind: 'agent'; requirementId: string; agent: string }
  | { kind: 'file'; requirementId: string; path: string; test: boolean };

/**
 * Requirement → criteria, prerequisites, agents and files. Shows the document's requirements as
 * pending before any run, and every change of the run as it happens.
 */
export class RequirementsTreeProvider implements vscode.TreeDataProvider<RequirementsNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<RequirementsNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private notCoveredOnly = false;

  constructor(private readonly ctx: Ctx) {}

  get filterNotCovered(): boolean {
    return this.notCoveredOnly;
  }

  set filterNotCovered(value: boolean) {
    this.notCoveredOnly = value;
    this.ctx.setContext('swarm.requirementsFiltered', value);
    this.refresh();
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  getChildren(node?: RequirementsNode): RequirementsNode[] {
    if (!node) {
      return this.ctx.state
        .requirements()
        .filter((r) => !this.notCoveredOnly || r.status !== 'covered')
        .map((r) => ({ kind: 'requirement', id: r.id }));
    }
    if (node.kind !== 'requirement') return [];
    const requirement = this.ctx.state.requirement(node.id);
    if (!requirement) return [];
    const id = requirement.id;
    return [
      ...requirement.criteria.map((text, index): RequirementsNode => ({ kind: 'criterion', requirementId: id, index, text })),
      ...(requirement.dependsOn.length > 0 ? [{ kind: 'dependency', requirementId: id, dependsOn: requirement.dependsOn } as const] : []),
      ...requirement.agents.map((agent): RequirementsNode => ({ kind: 'agent', requirementId: id, agent })),
      ...requirement.files.map((file): RequirementsNode => ({ kind: 'file', requirementId: id, path: file, test: false })),
      ...requirement.tests.filter((t) => !requirement.files.includes(t)).map((file): RequirementsNode => ({ kind: 'file', requirementId: id, path: file, test: true })),
    ];
  }

  getParent(node: RequirementsNode): RequirementsNode | undefined {
    return node.kind === 'requirement' ? undefined : { kind: 'requirement', id: node.requirementId };
  }

  getTreeItem(node: RequirementsNode): vscode.TreeItem {
    switch (node.kind) {
      case 'requirement':
        return this.requirementItem(node.id);
      case 'criterion': {
        const item = new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
        item.id = `${node.requirementId}/criterion/${node.index}`;
        item.iconPath = new vscode.ThemeIcon('circle-small-filled');
        item.tooltip = node.text;
        item.contextValue = 'criterion';
        return item;
      }
      case 'dependency': {
        const item = new vscode.TreeItem(vscode.l10n.t('Depends on {0}', node.dependsOn.join(', ')), vscode.TreeItemCollapsibleState.None);
        item.id = `${node.requirementId}/dependsOn`;
        item.iconPath = new vscode.ThemeIcon('references');
        item.contextValue = 'dependency';
        return item;
      }
      case 'agent': {
        const item = new vscode.TreeItem(node.agent, vscode.TreeItemCollapsibleState.None);
        item.id = `${node.requirementId}/agent/${node.agent}`;
        item.iconPath = new vscode.ThemeIcon('hubot');
        const tasks = this.ctx.state.tasks().filter((t) => t.agent === node.agent && t.requirements.includes(node.requirementId));
        item.description = tasks.map((t) => (t.taskId === t.agent ? taskStateLabel(t.state) : `${t.taskId} ${taskStateLabel(t.state)}`)).join(', ');
        item.contextValue = 'agent';
        return item;
      }
      case 'file': {
        const uri = this.resolve(node.path);
        const item = new vscode.TreeItem(uri, vscode.TreeItemCollapsibleState.None);
        item.id = `${node.requirementId}/${node.test ? 'test' : 'file'}/${node.path}`;
        item.label = node.path;
        item.description = node.test ? vscode.l10n.t('test') : undefined;
        item.command = { command: 'vscode.open', title: vscode.l10n.t('Open File'), arguments: [uri] };
        item.contextValue = node.test ? 'file test' : 'file';
        return item;
      }
    }
  }

  /** The `file` node of this path under each requirement that claims it. */
  fileNodes(relativePath: string): RequirementsNode[] {
    return this.ctx.state.requirementsForFile(relativePath).map((r) => ({
      kind: 'file',
      requirementId: r.id,
      path: r.files.find((f) => samePath(f, relativePath)) ?? relativePath,
      test: false,
    }));
  }

  /** "4/6 covered (67%)", or the count of pending requirements before any run. */
  describe(): string | undefined {
    const { covered, total } = this.ctx.state.coverage();
    if (total === 0) return undefined;
    if (!this.ctx.state.run) return vscode.l10n.t('{0} pending', total);
    return vscode.l10n.t('{0}/{1} covered ({2}%)', covered, total, Math.round((covered / total) * 100));
  }

  dispose(): void {
    this.changed.dispose();
  }

  private requirementItem(id: string): vscode.TreeItem {
    const requirement = this.ctx.state.requirement(id);
    const title = requirement?.title ?? id;
    const item = new vscode.TreeItem(`${id} ${title}`, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = id;
    if (!requirement) return item;
    item.iconPath = requirementStatusIcon(requirement.status);
    item.description = [this.coverageText(requirement), requirement.priority].filter(Boolean).join(' · ');
    item.tooltip = this.tooltip(requirement);
    const tasks = requirement.taskIds.map((t) => this.ctx.state.task(t)).filter((t) => t !== undefined);
    const flags = ['requirement'];
    if (tasks.some((t) => t.state === 'needs-approval')) flags.push('needs-approval');
    if (tasks.some((t) => t.state === 'failed')) flags.push('failed');
    item.contextValue = flags.join(' ');
    const file = requirement.source?.file ?? this.ctx.state.requirementsFile;
    if (file) {
      const line = Math.max(0, (requirement.source?.line ?? 1) - 1);
      item.command = {
        command: 'vscode.open',
        title: vscode.l10n.t('Go to Requirement'),
        arguments: [this.resolve(file), { selection: new vscode.Range(line, 0, line, 0), preview: true } satisfies vscode.TextDocumentShowOptions],
      };
    }
    return item;
  }

  /** The status, and for a partial requirement how many of the four coverage conditions hold. */
  private coverageText(requirement: RequirementView): string {
    const label = requirementStatusLabel(requirement.status);
    const evidence = requirement.evidence;
    if (requirement.status !== 'partial' || !evidence) return label;
    const held = [evidence.accepted, evidence.fileClaims, evidence.agentClaimed, evidence.placeholderFree].filter(Boolean).length;
    return `${label} ${held}/4`;
  }

  private tooltip(requirement: RequirementView): vscode.MarkdownString {
    const md = new vscode.MarkdownString(undefined, true);
    md.appendMarkdown(`**${requirement.id}** ${escape(requirement.title)}\n\n`);
    if (requirement.description) md.appendMarkdown(`${escape(requirement.description)}\n\n`);
    md.appendMarkdown(`${vscode.l10n.t('Status')}: **${requirementStatusLabel(requirement.status)}**`);
    if (requirement.priority) md.appendMarkdown(` · ${vscode.l10n.t('Priority')}: ${requirement.priority}`);
    if (requirement.capabilities.length > 0) md.appendMarkdown(` · ${requirement.capabilities.join(', ')}`);
    md.appendMarkdown('\n\n');
    if (requirement.evidence) {
      const e = requirement.evidence;
      const mark = (ok: boolean): string => (ok ? '$(check)' : '$(close)');
      md.appendMarkdown(
        `${mark(e.accepted)} ${vscode.l10n.t('output accepted')}  \n${mark(e.fileClaims)} ${vscode.l10n.t('a file claims it')}  \n${mark(e.agentClaimed)} ${vscode.l10n.t('agent claimed it')}  \n${mark(e.placeholderFree)} ${vscode.l10n.t('no placeholder')}\n\n`,
      );
    }
    if (requirement.agents.length > 0) md.appendMarkdown(`${vscode.l10n.t('Agents')}: ${requirement.agents.join(', ')}\n\n`);
    if (requirement.files.length > 0) md.appendMarkdown(`${vscode.l10n.t('Files')}: ${requirement.files.map((f) => `\`${f}\``).join(', ')}`);
    return md;
  }

  private resolve(file: string): vscode.Uri {
    if (path.isAbsolute(file)) return vscode.Uri.file(file);
    const workspace = this.ctx.state.run?.workspace ?? this.ctx.workspaceFolder?.uri.fsPath ?? '';
    return vscode.Uri.file(path.join(workspace, file));
  }
}

function samePath(a: string, b: string): boolean {
  const norm = (p: string): string => p.split(path.sep).join('/').replace(/^\.\//, '');
  return norm(a) === norm(b);
}

function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
