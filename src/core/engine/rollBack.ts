import { readdir } from 'node:fs/promises';
import * as path from 'node:path';
import { CheckpointStore, type RollbackPlan } from '../checkpoints/checkpointStore';
import { SwarmInputError } from '../errors';
import { readJournal, settledTasks } from '../orchestrator/journal';
import { RunLock } from '../orchestrator/runLock';
import { AuditLog } from '../workspace/auditLog';

export interface RollBackTarget {
  workspace: string;
  /** Default: the latest run. */
  runId?: string;
  /** Only this task's files, back to before the task; default: the whole run, back to before it started. */
  taskId?: string;
}

/** What rolling back a run or a task would do, including the files the user changed since (conflicts). */
export async function planRollBack(target: RollBackTarget): Promise<RollbackPlan & { runId: string; taskId?: string }> {
  const workspace = path.resolve(target.workspace);
  const runsDir = path.join(workspace, '.swarm', 'runs');
  const runId = target.runId ?? (await readdir(runsDir).catch(() => [] as string[])).sort().at(-1);
  if (!runId) throw new SwarmInputError(`there is no run to roll back in ${runsDir}`);
  // A rollback never runs beside a run (or another rollback): both write the workspace and the checkpoint store.
  return RunLock.holding(workspace, 'rollback', async () => {
    const store = await CheckpointStore.open(workspace);
    return planWith(store, runsDir, runId, target.taskId);
  });
}

async function planWith(store: CheckpointStore, runsDir: string, runId: string, taskId: string | undefined): Promise<RollbackPlan & { runId: string; taskId?: string }> {
  if (!taskId) {
    const ref = `${runId}/start`;
    if (!(await store.find(ref))) throw new SwarmInputError(`run ${runId} has no checkpoint to roll back to`);
    return { ...(await store.planRollback(ref)), runId };
  }
  const records = settledTasks(await readJournal(path.join(runsDir, runId, 'journal.jsonl')).catch(() => []));
  const record = records.get(taskId);
  if (!record) throw new SwarmInputError(`run ${runId} has no task "${taskId}"`);
  const ref = `${runId}/before-${taskId}`;
  if (!(await store.find(ref))) throw new SwarmInputError(`task ${taskId} of run ${runId} has no checkpoint to roll back to`);
  return { ...(await store.planRollback(ref, record.files.map((f) => f.path))), runId, taskId };
}

/** Applies a plan; conflicting files are kept unless listed in `overwrite`. Every file it touches is in the audit log. */
export async function applyRollBack(workspace: string, plan: Awaited<ReturnType<typeof planRollBack>>, overwrite: string[] = []) {
  const result = await RunLock.holding(path.resolve(workspace), 'rollback', async () => (await CheckpointStore.open(path.resolve(workspace))).rollback(plan, overwrite));
  const audit = new AuditLog(workspace);
  const reason = plan.taskId ? `roll back task ${plan.taskId} of run ${plan.runId}` : `roll back run ${plan.runId}`;
  for (const file of [...result.restored, ...result.removed]) {
    await audit.append({ runId: plan.runId, taskId: plan.taskId, agent: 'user', action: 'rollback', path: file, outcome: 'rolled-back', reason });
  }
  for (const file of result.skipped) {
    await audit.append({ runId: plan.runId, taskId: plan.taskId, agent: 'user', action: 'rollback', path: file, outcome: 'kept', reason: `${reason}: changed by the user since the run` });
  }
  return result;
}
