import * as vscode from 'vscode';
import type { ValidationFinding } from '../../core/events';
import type { Cmd, Ctx } from '../ctx';
import type { Decision } from '../run/runController';
import type { TaskView } from '../state/swarmState';
import { taskStateLabel } from '../views/statusIcons';
import { requireFolder } from './runCommands';

/** Swarm: Approve — accepts the output of a task that waits for approval; the run continues. */
export function approveTask(ctx: Ctx): Cmd {
  return decisionCommand(ctx, 'approve');
}

/** Swarm: Reject — rejects the output of a task that waits for approval. */
export function rejectTask(ctx: Ctx): Cmd {
  return decisionCommand(ctx, 'reject');
}

/**
 * Swarm: Retry — runs a waiting or failed task again. Also the language server's quick fix on a
 * placeholder finding, with `{ taskId, agent, runId, finding }`.
 */
export function retryAgent(ctx: Ctx): Cmd {
  return decisionCommand(ctx, 'retry');
}

interface TaskTarget {
  taskIds: string[];
  runId?: string;
}

function decisionCommand(ctx: Ctx, decision: Decision): Cmd {
  return async (arg?: unknown) => {
    const folder = requireFolder(ctx);
    if (!folder) return undefined;
    const target = resolveTarget(ctx, decision, arg) ?? (await pickTasks(ctx, decision));
    if (!target || target.taskIds.length === 0) return undefined;
    const guidance = decision === 'retry' ? guidanceOf(arg) : [];
    ctx.log.info(`user: ${decision} ${target.taskIds.join(', ')}${guidance.length ? ` with the finding: ${guidance[0]!.message}` : ''}`);
    return ctx.runs.decide(decision, target.taskIds, target.runId ?? ctx.state.run?.runId, folder.uri.fsPath, guidance);
  };
}

/** A task node, a requirement node (its tasks that can take the decision), a task id, or the language server's arguments. */
function resolveTarget(ctx: Ctx, decision: Decision, arg: unknown): TaskTarget | undefined {
  if (typeof arg === 'string') return { taskIds: [arg] };
  if (!isRecord(arg)) return undefined;
  if (arg.kind === 'task' && typeof arg.taskId === 'string') return { taskIds: [arg.taskId] };
  if (arg.kind === 'requirement' && typeof arg.id === 'string') {
    const requirement = ctx.state.requirement(arg.id);
    const tasks = (requirement?.taskIds ?? []).map((id) => ctx.state.task(id)).filter((t): t is TaskView => t !== undefined && accepts(decision, t));
    return { taskIds: tasks.map((t) => t.taskId) };
  }
  if (typeof arg.taskId === 'string') return { taskIds: [arg.taskId], runId: typeof arg.runId === 'string' ? arg.runId : undefined };
  return undefined;
}

async function pickTasks(ctx: Ctx, decision: Decision): Promise<TaskTarget | undefined> {
  const candidates = ctx.state.tasks().filter((t) => accepts(decision, t));
  if (candidates.length === 0) {
    void vscode.window.showInformationMessage(
      decision === 'retry' ? vscode.l10n.t('No task waits for approval or has failed.') : vscode.l10n.t('No task waits for approval.'),
    );
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    candidates.map((t) => ({ label: t.agent, description: `${t.taskId} · ${taskStateLabel(t.state)}`, detail: t.reason, taskId: t.taskId })),
    { canPickMany: true, title: titleOf(decision) },
  );
  return picked && picked.length > 0 ? { taskIds: picked.map((p) => p.taskId) } : undefined;
}

function accepts(decision: Decision, task: TaskView): boolean {
  return task.state === 'needs-approval' || (decision === 'retry' && task.state === 'failed');
}

function titleOf(decision: Decision): string {
  switch (decision) {
    case 'approve':
      return vscode.l10n.t('Approve which tasks?');
    case 'reject':
      return vscode.l10n.t('Reject which tasks?');
    case 'retry':
      return vscode.l10n.t('Retry which tasks?');
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** The language server's finding (a placeholder diagnostic), turned into an instruction for the retried agent. */
function guidanceOf(arg: unknown): ValidationFinding[] {
  if (!isRecord(arg) || !isRecord(arg.finding)) return [];
  const f = arg.finding;
  const text = (key: string) => (typeof f[key] === 'string' ? (f[key] as string) : undefined);
  const message = text('message');
  if (!message) return [];
  return [
    {
      rule: text('rule') ?? 'no-placeholder',
      file: text('file'),
      line: typeof f.line === 'number' ? f.line : undefined,
      message,
      suggestion: text('suggestion') ?? 'Replace the placeholder with the complete, working implementation.',
    },
  ];
}
