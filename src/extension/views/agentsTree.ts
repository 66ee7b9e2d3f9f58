import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import type { TaskView } from '../state/swarmState';
import { taskStateIcon, taskStateLabel } from './statusIcons';

export type AgentsNode =
  | { kind: 'task'; taskId: string }
  | { kind: 'requirements'; taskId: string; ids: string[] }
  | { kind: 'file'; taskId: string; path: string }
  | { kind: 'problem'; taskId: string; index: number; text: string };

const RUNNING_STATES = new Set(['running', 'validating', 'retrying']);

/** One line per task: agent, status, attempt, duration, tokens and cost; its files and problems below. */
export class AgentsTreeProvider implements vscode.TreeDataProvider<AgentsNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<AgentsNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private ticker: NodeJS.Timeout | undefined;

  constructor(private readonly ctx: Ctx) {}

  refresh(): void {
    this.changed.fire(undefined);
    this.tickWhileRunning();
  }

  getChildren(node?: AgentsNode): AgentsNode[] {
    if (!node) return this.ctx.state.tasks().map((t) => ({ kind: 'task', taskId: t.taskId }));
    if (node.kind !== 'task') return [];
    const task = this.ctx.state.task(node.taskId);
    if (!task) return [];
    const problems = [...task.errors, ...task.findings.map((f) => `${f.rule}${f.file ? ` ${f.file}${f.line ? `:${f.line}` : ''}` : ''}: ${f.message}`)];
    if (task.reason && !problems.includes(task.reason) && task.state !== 'succeeded') problems.unshift(task.reason);
    return [
      ...(task.requirements.length > 0 ? [{ kind: 'requirements', taskId: task.taskId, ids: task.requirements } as const] : []),
      ...task.files.map((file): AgentsNode => ({ kind: 'file', taskId: task.taskId, path: file })),
      ...problems.map((text, index): AgentsNode => ({ kind: 'problem', taskId: task.taskId, index, text })),
    ];
  }

  getParent(node: AgentsNode): AgentsNode | undefined {
    return node.kind === 'task' ? undefined : { kind: 'task', taskId: node.taskId };
  }

  getTreeItem(node: AgentsNode): vscode.TreeItem {
    switch (node.kind) {
      case 'task':
        return this.taskItem(node.taskId);
      case 'requirements': {
        const item = new vscode.TreeItem(node.ids.join(', '), vscode.TreeItemCollapsibleState.None);
        item.id = `${node.taskId}/requirements`;
        item.iconPath = new vscode.ThemeIcon('checklist');
        item.contextValue = 'requirements';
        return item;
      }
      case 'file': {
        const uri = this.resolve(node.path);
        const item = new vscode.TreeItem(uri, vscode.TreeItemCollapsibleState.None);
        item.id = `${node.taskId}/file/${node.path}`;
        item.label = node.path;
        item.command = { command: 'vscode.open', title: vscode.l10n.t('Open File'), arguments: [uri] };
        item.contextValue = 'file';
        return item;
      }
      case 'problem': {
        const item = new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
        item.id = `${node.taskId}/problem/${node.index}`;
        item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
        item.tooltip = node.text;
        item.contextValue = 'problem';
        return item;
      }
    }
  }

  /** "run 2025-… · passed · $0.01", or "running" while a run is on. */
  describe(): string | undefined {
    const run = this.ctx.state.run;
    if (!run) return undefined;
    const cost = this.ctx.state.tasks().reduce((sum, t) => sum + t.costUsd, 0);
    const status = run.status === 'running' ? vscode.l10n.t('running') : run.status;
    return [status, run.demo ? vscode.l10n.t('demo model') : run.model, formatCost(run.report?.totals.costUsd ?? cost)].filter(Boolean).join(' · ');
  }

  dispose(): void {
    if (this.ticker) clearInterval(this.ticker);
    this.changed.dispose();
  }

  private taskItem(taskId: string): vscode.TreeItem {
    const task = this.ctx.state.task(taskId);
    const item = new vscode.TreeItem(task?.agent ?? taskId, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = taskId;
    if (!task) return item;
    item.iconPath = taskStateIcon(task.state);
    item.description = describeTask(task);
    item.tooltip = tooltip(task);
    item.contextValue = `task ${task.state}`;
    return item;
  }

  /** Keeps the durations of running tasks ticking, once a second, only while some task runs. */
  private tickWhileRunning(): void {
    const running = this.ctx.state.tasks().some((t) => RUNNING_STATES.has(t.state));
    if (running && !this.ticker) {
      this.ticker = setInterval(() => this.changed.fire(undefined), 1000);
    } else if (!running && this.ticker) {
      clearInterval(this.ticker);
      this.ticker = undefined;
    }
  }

  private resolve(file: string): vscode.Uri {
    if (path.isAbsolute(file)) return vscode.Uri.file(file);
    const workspace = this.ctx.state.run?.workspace ?? this.ctx.workspaceFolder?.uri.fsPath ?? '';
    return vscode.Uri.file(path.join(workspace, file));
  }
}

export function describeTask(task: TaskView): string {
  const duration = task.durationMs ?? (task.startedAt !== undefined ? Date.now() - task.startedAt : undefined);
  const tokens = task.tokens.prompt + task.tokens.completion;
  return [
    // Task ids name the agent unless an agent's work was split into several tasks.
    task.taskId !== task.agent ? task.taskId : undefined,
    taskStateLabel(task.state),
    task.attempt > 0 ? vscode.l10n.t('attempt {0}', task.attempt) : undefined,
    duration !== undefined ? formatDuration(duration) : undefined,
    tokens > 0 ? vscode.l10n.t('{0} tokens', tokens.toLocaleString('en-US')) : undefined,
    task.costUsd > 0 ? formatCost(task.costUsd) : undefined,
  ]
    .filter(Boolean)
    .join(' · ');
}

function tooltip(task: TaskView): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.appendMarkdown(`**${task.agent}** · ${task.taskId} · ${taskStateLabel(task.state)}\n\n`);
  if (task.requirements.length > 0) md.appendMarkdown(`${vscode.l10n.t('Requirements')}: ${task.requirements.join(', ')}\n\n`);
  md.appendMarkdown(
    `${vscode.l10n.t('Tokens')}: ${task.tokens.prompt.toLocaleString('en-US')} + ${task.tokens.completion.toLocaleString('en-US')} · ${vscode.l10n.t('Cost')}: ${formatCost(task.costUsd)}\n\n`,
  );
  if (task.lastStep) md.appendMarkdown(`${vscode.l10n.t('Last step')}: ${task.lastStep.replace(/[\\`*_[\]<>]/g, '\\$&')}\n\n`);
  if (task.reason && task.state !== 'succeeded') md.appendMarkdown(`$(warning) ${task.reason.replace(/[\\`*_[\]<>]/g, '\\$&')}`);
  return md;
}

function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

function formatCost(usd: number): string {
  return `$${usd < 0.01 && usd > 0 ? usd.toFixed(4) : usd.toFixed(2)}`;
}
