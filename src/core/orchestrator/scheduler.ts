import PQueue from 'p-queue';
import type { PlannedTask } from '../planning/plan';
import type { AgentRunStatus } from '../report/runReport';
import { remainingPathLengths } from './taskGraph';

export interface ScheduleOptions {
  tasks: PlannedTask[];
  concurrency: number;
  /** The concurrency right now, when it adapts during the run (AIMD); `concurrency` is the start. */
  currentConcurrency?: () => number;
  signal?: AbortSignal;
  /** Status of tasks settled before this schedule (a resumed run); they are not run again. */
  settled: ReadonlyMap<string, AgentRunStatus>;
  run(task: PlannedTask): Promise<AgentRunStatus>;
  /** A task that cannot start because a prerequisite did not succeed. */
  blocked(task: PlannedTask, reason: string): void;
  /** Tasks waiting for a free slot, for queue-depth metrics. */
  queueDepth?(depth: number): void;
}

/**
 * Runs the task graph with bounded concurrency, longest remaining path first. A task starts when
 * every task it depends on succeeded; a task behind a failure is reported blocked, never run.
 */
export async function runSchedule(options: ScheduleOptions): Promise<Map<string, AgentRunStatus>> {
  const { tasks, signal } = options;
  const status = new Map<string, AgentRunStatus>(options.settled);
  const priority = remainingPathLengths(tasks);
  const queue = new PQueue({ concurrency: options.concurrency });
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const started = new Set<string>();
  const inflight = new Set<Promise<void>>();
  let failure: unknown;

  const reportDepth = () => options.queueDepth?.(queue.size);
  // Queued tasks that have not started when the run is cancelled or fails return at once.
  const halted = () => signal?.aborted === true || failure !== undefined;

  const settle = (): void => {
    if (options.currentConcurrency) queue.concurrency = options.currentConcurrency();
    let changed = true;
    while (changed) {
      changed = false;
      for (const task of tasks) {
        if (status.has(task.id) || started.has(task.id)) continue;
        const deps = task.dependsOn.map((d) => ({ id: d, status: byId.has(d) ? status.get(d) : 'succeeded' }));
        const broken = deps.find((d) => d.status !== undefined && d.status !== 'succeeded');
        if (broken) {
          status.set(task.id, 'skipped');
          options.blocked(task, `blocked: prerequisite task ${broken.id} ended ${broken.status}`);
          changed = true;
        } else if (deps.every((d) => d.status === 'succeeded') && !halted()) {
          started.add(task.id);
          const running: Promise<void> = queue
            .add(
              async () => {
                reportDepth();
                if (halted()) return;
                status.set(task.id, await options.run(task));
              },
              { priority: priority.get(task.id) ?? 0 },
            )
            .then(settle)
            .catch((error: unknown) => {
              failure ??= error;
            })
            .finally(() => inflight.delete(running));
          inflight.add(running);
        }
      }
    }
    reportDepth();
  };

  settle();
  // Settling a task may start its dependents, so wait until nothing new was started.
  while (inflight.size > 0) await Promise.all([...inflight]);
  if (failure) throw failure;
  return status;
}
