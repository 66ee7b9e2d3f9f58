import type { PlannedTask } from '../planning/plan';

/**
 * For each task, the length of the longest chain of tasks that depend on it (itself included), so
 * the scheduler can start the tasks on the critical path first.
 */
export function remainingPathLengths(tasks: PlannedTask[]): Map<string, number> {
  const dependents = new Map<string, string[]>();
  for (const task of tasks) for (const dep of task.dependsOn) dependents.set(dep, [...(dependents.get(dep) ?? []), task.id]);
  const lengths = new Map<string, number>();
  const visit = (id: string, stack: Set<string>): number => {
    const known = lengths.get(id);
    if (known !== undefined) return known;
    if (stack.has(id)) throw new Error(`the task graph has a cycle through ${id}`);
    stack.add(id);
    const length = 1 + Math.max(0, ...(dependents.get(id) ?? []).map((d) => visit(d, stack)));
    stack.delete(id);
    lengths.set(id, length);
    return length;
  };
  for (const task of tasks) visit(task.id, new Set());
  return lengths;
}
