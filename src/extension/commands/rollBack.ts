import * as vscode from 'vscode';
import type { Cmd, Ctx } from '../ctx';
import type { RollBackPlan } from '../engine/swarmEngine';
import { offer } from '../notify';
import { requireFolder } from './runCommands';

/**
 * Swarm: Roll Back — the workspace back to before a run, or one task's files back to before that task
 * (from the checkpoints in `.swarm/checkpoints/`). Files the user changed since are kept unless the
 * user says to overwrite them.
 */
export function rollBack(ctx: Ctx): Cmd {
  return async (arg?: unknown) => {
    const folder = requireFolder(ctx);
    if (!folder) return undefined;
    if (ctx.runs.isRunning) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Wait for the run to end (or cancel it) before rolling back.'));
      return undefined;
    }
    const workspace = folder.uri.fsPath;
    const target = await chooseTarget(ctx, arg);
    if (!target) return undefined;
    const plan = await ctx.engine.planRollBack({ workspace, ...target });
    const what = plan.taskId ? vscode.l10n.t('task {0} of run {1}', plan.taskId, plan.runId) : vscode.l10n.t('run {0}', plan.runId);
    if (plan.restore.length === 0 && plan.remove.length === 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Rolling back {0} changes nothing: the files are as they were.', what));
      return undefined;
    }
    // Callers that already asked (`{ confirm: false }`) keep the user's changes without a prompt.
    const overwrite = wantsPrompt(arg) ? await confirm(plan, what) : false;
    if (overwrite === undefined) return undefined;
    const result = await ctx.engine.applyRollBack(workspace, plan, overwrite ? plan.conflicts : []);
    ctx.log.info(`rolled back ${what}: restored ${result.restored.length}, removed ${result.removed.length}, kept ${result.skipped.length} changed since`);
    const kept = result.skipped.length > 0 ? vscode.l10n.t(' {0} file(s) you changed since were kept.', result.skipped.length) : '';
    offer('info', vscode.l10n.t('Rolled back {0}: {1} file(s) restored, {2} removed.{3}', what, result.restored.length, result.removed.length, kept));
    return result;
  };
}

function wantsPrompt(arg: unknown): boolean {
  return !(typeof arg === 'object' && arg !== null && (arg as { confirm?: unknown }).confirm === false);
}

/** A task node or `{ taskId, runId }`; otherwise the user picks the last run or one of its tasks. */
async function chooseTarget(ctx: Ctx, arg: unknown): Promise<{ runId?: string; taskId?: string } | undefined> {
  const runId = ctx.state.run?.runId;
  if (typeof arg === 'object' && arg !== null) {
    const { taskId, runId: argRunId } = arg as { taskId?: unknown; runId?: unknown };
    if (typeof taskId === 'string') return { taskId, runId: typeof argRunId === 'string' ? argRunId : runId };
    if (typeof argRunId === 'string') return { runId: argRunId };
  }
  if (typeof arg === 'string') return { runId: arg };
  const picks: (vscode.QuickPickItem & { target: { runId?: string; taskId?: string } })[] = [
    { label: `$(discard) ${vscode.l10n.t('The whole run')}`, description: runId ?? vscode.l10n.t('the latest run'), target: { runId } },
    ...ctx.state.tasks().map((t) => ({ label: t.agent, description: t.taskId, detail: t.files.join(', '), target: { runId, taskId: t.taskId } })),
  ];
  return (await vscode.window.showQuickPick(picks, { title: vscode.l10n.t('Roll back what?') }))?.target;
}

/** Modal confirmation; resolves whether to overwrite the user's changes, or undefined when cancelled. */
async function confirm(plan: RollBackPlan, what: string): Promise<boolean | undefined> {
  const detail = [
    plan.restore.length ? vscode.l10n.t('Restore: {0}', plan.restore.join(', ')) : '',
    plan.remove.length ? vscode.l10n.t('Remove: {0}', plan.remove.join(', ')) : '',
    plan.conflicts.length ? vscode.l10n.t('You changed since the run: {0}', plan.conflicts.join(', ')) : '',
  ]
    .filter(Boolean)
    .join('\n');
  const rollBack = vscode.l10n.t('Roll Back');
  const keepMine = vscode.l10n.t('Roll Back, Keep My Changes');
  const overwriteMine = vscode.l10n.t('Roll Back and Overwrite My Changes');
  const buttons = plan.conflicts.length > 0 ? [keepMine, overwriteMine] : [rollBack];
  const choice = await vscode.window.showWarningMessage(vscode.l10n.t('Roll back {0}?', what), { modal: true, detail }, ...buttons);
  if (choice === undefined) return undefined;
  return choice === overwriteMine;
}
