import type { Plan } from './plan';

/** SPEC §4 `swarm plan --json`, exactly these fields (plus `unassigned` only when a requirement has no agent). */
export interface PlanJson {
  requirements: { id: string; title: string; criteria: string[]; dependsOn: string[] }[];
  tasks: { id: string; agent: string; requirements: string[]; dependsOn: string[] }[];
  unassigned?: { id: string; reason: string }[];
}

export function planToJson(plan: Plan): PlanJson {
  const json: PlanJson = {
    requirements: plan.requirements.map((r) => ({ id: r.id, title: r.title, criteria: [...r.criteria], dependsOn: [...r.dependsOn] })),
    tasks: plan.tasks.map((t) => ({ id: t.id, agent: t.agent, requirements: [...t.requirements], dependsOn: [...t.dependsOn] })),
  };
  if (plan.unassigned.length > 0) json.unassigned = plan.unassigned.map((u) => ({ ...u }));
  return json;
}
