import type { TeamAgent } from '../agents/team';
import { SwarmInputError } from '../errors';
import type { RequirementsDocument } from '../requirements/requirement';
import { applyAssignmentOverrides, assignRequirements, PLANNING_AGENT } from './assignRequirements';
import { orderedTopologicalSort } from './orderedQueue';
import type { Plan, PlannedTask } from './plan';

export const DESIGN_TASK_NOTE = 'designs the whole project (structure, shared types, contracts) before the other agents start; it takes no requirement of its own';

interface TaskDraft {
  agent: string;
  /** Round of the agent order (1 unless prerequisites force a later one); rounds never decrease along edges. */
  round: number;
  requirements: number[];
  /** Tasks this one waits for. */
  dependsOn: Set<number>;
  removed?: boolean;
  id?: string;
}

/**
 * SPEC §4: the task graph. Each requirement goes to one agent (assignRequirements); an agent's
 * requirements form one task per *round*. Within a round, agents follow the team's dependencies
 * (architect first, tests after the code, docs last: a task waits for every task of the agents its
 * agent depends on, directly or through others). A requirement joins the earliest round of its agent at
 * or after its prerequisites' rounds where waiting for the tasks holding its prerequisites closes no
 * cycle; otherwise the agent's work splits into `backend`, `backend-2`, …: only when prerequisites across
 * agents demand it. Later rounds of an agent are waited for by the agents after it too, unless that
 * would close a cycle (prerequisites win). Deterministic: the same document and team, the same plan.
 *
 * The architect, when enabled, always has a first task: with no requirement of its own it designs the
 * project for the others (`note` says so). Requirements no agent can take are in `unassigned`.
 */
export interface PlanOptions {
  /** Agents chosen for untagged requirements by someone else (the architect's model-assisted step), with why. */
  assignments?: ReadonlyMap<string, { agent: string; reason: string }>;
}

export function planRequirements(doc: RequirementsDocument, team: readonly TeamAgent[], options: PlanOptions = {}): Plan {
  const requirements = doc.requirements;
  const count = requirements.length;
  const indexById = new Map<string, number>();
  requirements.forEach((r, i) => {
    if (indexById.has(r.id)) throw new SwarmInputError(`duplicate ID ${r.id}`, r.source);
    indexById.set(r.id, i);
  });
  const prerequisites = requirements.map((r) =>
    r.dependsOn.map((id) => {
      const index = indexById.get(id);
      if (index === undefined) throw new SwarmInputError(`${r.id} depends on ${id}, which is not a requirement in this document`, r.source);
      return index;
    }),
  );
  const { order, cyclic } = orderedTopologicalSort(count, (i) => prerequisites[i]);
  if (cyclic.length > 0) {
    throw new SwarmInputError(`prerequisite cycle among ${cyclic.map((i) => requirements[i].id).join(', ')}`, requirements[cyclic[0]].source);
  }

  const assignments = applyAssignmentOverrides(assignRequirements(requirements, team), options.assignments, team);
  const agents = team.filter((a) => a.enabled);
  const rank = agentRanks(agents);
  const upstream = upstreamClosure(agents);
  const drafts: TaskDraft[] = [];
  /** Agent → round → task index. */
  const taskAt = new Map<string, number[]>();
  const taskOf = new Int32Array(count).fill(-1);

  const waitsFor = (from: number, target: number): boolean => {
    if (from === target) return true;
    const seen = new Uint8Array(drafts.length);
    const stack = [from];
    seen[from] = 1;
    while (stack.length) {
      for (const dep of drafts[stack.pop() as number].dependsOn) {
        if (dep === target) return true;
        if (!seen[dep]) {
          seen[dep] = 1;
          stack.push(dep);
        }
      }
    }
    return false;
  };
  /** Whether `after` comes after `before` by the agent order alone. */
  const ordered = (before: TaskDraft, after: TaskDraft) =>
    before.round <= after.round && (before.agent === after.agent ? before.round < after.round : upstream.get(after.agent)?.has(before.agent) === true);

  const taskFor = (agent: string, round: number): number => {
    let rounds = taskAt.get(agent);
    if (!rounds) taskAt.set(agent, (rounds = []));
    const known = rounds[round];
    if (known !== undefined) return known;
    const t = drafts.length;
    const draft: TaskDraft = { agent, round, requirements: [], dependsOn: new Set() };
    drafts.push(draft);
    rounds[round] = t;
    // Waiting edges first (safe: the new task has no dependents yet), then the tasks that wait for it.
    drafts.forEach((other, u) => {
      if (u !== t && ordered(other, draft)) draft.dependsOn.add(u);
    });
    drafts.forEach((other, u) => {
      if (u !== t && ordered(draft, other) && !waitsFor(t, u)) other.dependsOn.add(t);
    });
    return t;
  };

  const architect = agents.find((a) => a.id === PLANNING_AGENT);
  if (architect && assignments.some((a) => a.agent !== undefined)) taskFor(architect.id, 1);

  for (const i of order) {
    const agent = assignments[i].agent;
    if (agent === undefined) continue;
    if (prerequisites[i].length === 0) {
      const t = taskFor(agent, 1);
      drafts[t].requirements.push(i);
      taskOf[i] = t;
      continue;
    }
    const holders = [...new Set(prerequisites[i].map((j) => taskOf[j]).filter((t) => t >= 0))];
    let round = Math.max(1, ...holders.map((t) => drafts[t].round));
    for (;; round++) {
      const t = taskFor(agent, round);
      if (holders.every((h) => h === t || drafts[t].dependsOn.has(h) || !waitsFor(h, t))) {
        for (const h of holders) if (h !== t) drafts[t].dependsOn.add(h);
        drafts[t].requirements.push(i);
        taskOf[i] = t;
        break;
      }
    }
  }

  // A later round of an upstream agent: wait for it too, unless it (indirectly) waits for this task.
  drafts.forEach((draft, t) => {
    drafts.forEach((other, u) => {
      if (u !== t && other.round > draft.round && upstream.get(draft.agent)?.has(other.agent) && !waitsFor(u, t)) draft.dependsOn.add(u);
    });
  });

  // Tasks left without requirements (tried, then passed over) go; those around them keep their order.
  drafts.forEach((draft, t) => {
    if (draft.requirements.length > 0 || (draft.agent === architect?.id && draft.round === 1)) return;
    draft.removed = true;
    for (const other of drafts) {
      if (!other.dependsOn.delete(t)) continue;
      for (const dep of draft.dependsOn) if (!drafts[dep].removed) other.dependsOn.add(dep);
    }
    for (const other of drafts) for (const dep of [...other.dependsOn]) if (drafts[dep].removed) other.dependsOn.delete(dep);
  });

  const kept = drafts.map((_, t) => t).filter((t) => !drafts[t].removed);
  kept.sort((a, b) => drafts[a].round - drafts[b].round || (rank.get(drafts[a].agent) ?? 0) - (rank.get(drafts[b].agent) ?? 0));
  nameTasks(kept.map((t) => drafts[t]), new Set(team.map((a) => a.id)));
  const priority = new Map(kept.map((t, p) => [t, p]));
  const { order: sorted } = orderedTopologicalSort(kept.length, (p) => [...drafts[kept[p]].dependsOn].map((d) => priority.get(d) as number));
  const outputIndex = new Map(sorted.map((p, o) => [kept[p], o]));

  const tasks: PlannedTask[] = sorted.map((p) => {
    const draft = drafts[kept[p]];
    const task: PlannedTask = {
      id: draft.id as string,
      agent: draft.agent,
      // Placed in topological order, so already in it.
      requirements: draft.requirements.map((i) => requirements[i].id),
      dependsOn: [...draft.dependsOn].sort((a, b) => (outputIndex.get(a) ?? 0) - (outputIndex.get(b) ?? 0)).map((u) => drafts[u].id as string),
      reasons: Object.fromEntries(draft.requirements.map((i) => [requirements[i].id, assignments[i].reason])),
    };
    if (draft.requirements.length === 0) task.note = DESIGN_TASK_NOTE;
    return task;
  });
  const unassigned = assignments.filter((a) => a.agent === undefined).map((a) => ({ id: a.requirement, reason: a.reason }));
  return { requirements: [...requirements], tasks, unassigned };
}

/** Every agent each agent waits for, directly or through others. */
function upstreamClosure(agents: TeamAgent[]): Map<string, Set<string>> {
  const byId = new Map(agents.map((a) => [a.id, a]));
  const closure = new Map<string, Set<string>>();
  const resolve = (id: string, path: Set<string>): Set<string> => {
    const known = closure.get(id);
    if (known) return known;
    const result = new Set<string>();
    for (const dep of byId.get(id)?.dependsOn ?? []) {
      if (!byId.has(dep) || path.has(dep)) continue;
      result.add(dep);
      for (const further of resolve(dep, new Set([...path, dep]))) result.add(further);
    }
    closure.set(id, result);
    return result;
  };
  for (const agent of agents) resolve(agent.id, new Set([agent.id]));
  return closure;
}

/** Agents in dependency order, team order among equals: rank 0 first. */
function agentRanks(agents: TeamAgent[]): Map<string, number> {
  const index = new Map(agents.map((a, i) => [a.id, i]));
  const { order, cyclic } = orderedTopologicalSort(agents.length, (i) =>
    agents[i].dependsOn.map((id) => index.get(id)).filter((d): d is number => d !== undefined),
  );
  return new Map([...order, ...cyclic].map((i, r) => [agents[i].id, r]));
}

/** `backend`, then `backend-2`, `backend-3`… skipping names that are agent ids themselves. */
function nameTasks(drafts: TaskDraft[], agentIds: Set<string>): void {
  const used = new Set<string>();
  const counts = new Map<string, number>();
  for (const draft of drafts) {
    let n = counts.get(draft.agent) ?? 0;
    let id: string;
    do {
      n++;
      id = n === 1 ? draft.agent : `${draft.agent}-${n}`;
    } while (used.has(id) || (n > 1 && agentIds.has(id)));
    counts.set(draft.agent, n);
    used.add(id);
    draft.id = id;
  }
}
