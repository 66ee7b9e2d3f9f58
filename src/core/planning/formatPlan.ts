import type { RequirementsDocument } from '../requirements/requirement';
import type { PlanEstimate } from './estimatePlan';
import type { Plan } from './plan';

const TITLE_WIDTH = 64;

/** `swarm plan` without `--json`: the tasks in order, their requirements and why, and the estimate. */
export function formatPlan(plan: Plan, doc: RequirementsDocument, estimate?: PlanEstimate): string {
  const lines: string[] = [];
  const agents = new Set(plan.tasks.map((t) => t.agent));
  lines.push(
    `Plan for ${doc.file}: ${count(plan.requirements.length, 'requirement')}, ${count(plan.tasks.length, 'task')}, ${count(agents.size, 'agent')}`,
  );
  if (doc.derivedIds) {
    lines.push(`No IDs in the document: requirements are numbered R-1…R-${plan.requirements.length} from its list items, in document order.`);
    if (doc.contextSections?.length) lines.push(`Read as context, not requirements: ${doc.contextSections.map((s) => `"${s.heading}" (line ${s.line})`).join(', ')}.`);
  }
  lines.push('');

  const byId = new Map(plan.requirements.map((r) => [r.id, r]));
  const idWidth = Math.max(4, ...plan.requirements.map((r) => r.id.length));
  const taskWidth = Math.max(...plan.tasks.map((t) => t.id.length), 4);
  plan.tasks.forEach((task, n) => {
    const after = task.dependsOn.length ? `after ${task.dependsOn.join(', ')}` : 'starts first';
    const agent = task.agent === task.id ? '' : ` (agent ${task.agent})`;
    lines.push(`${String(n + 1).padStart(3)}. ${task.id.padEnd(taskWidth)}${agent}  ${after}`);
    if (task.note) lines.push(`       ${task.note}`);
    for (const id of task.requirements) {
      const requirement = byId.get(id);
      if (!requirement) continue;
      const priority = (requirement.priority ?? '').padEnd(6);
      const needs = requirement.dependsOn.length ? `  [needs ${requirement.dependsOn.join(', ')}]` : '';
      lines.push(`       ${id.padEnd(idWidth)}  ${priority}  ${truncate(requirement.title, TITLE_WIDTH)}${needs}`);
      const reason = task.reasons?.[id];
      if (reason) lines.push(`       ${' '.repeat(idWidth)}  ${' '.repeat(6)}  ↳ ${reason}`);
    }
  });

  if (plan.unassigned.length) {
    lines.push('', `Not assigned (${count(plan.unassigned.length, 'requirement')} no agent can take):`);
    for (const { id, reason } of plan.unassigned) lines.push(`       ${id.padEnd(idWidth)}  ${truncate(byId.get(id)?.title ?? '', TITLE_WIDTH)}`, `       ${' '.repeat(idWidth)}  ↳ ${reason}`);
  }

  if (estimate) {
    lines.push(
      '',
      `Estimate (first attempts; a retry costs about as much again): ~${estimate.llmCalls} model calls, ~${tokens(estimate.promptTokens)} prompt + ~${tokens(estimate.completionTokens)} completion tokens${
        estimate.costUsd !== undefined ? `, ≈ ${usd(estimate.costUsd)}` : ''
      }`,
    );
    for (const model of estimate.byModel) {
      const price = model.price
        ? `≈ ${usd(model.costUsd ?? 0)} at ${usd(model.price.promptPerMillion)} / ${usd(model.price.completionPerMillion)} per million prompt / completion tokens`
        : `no known price: add "pricing": { "${model.model}": { "promptPerMillion": …, "completionPerMillion": … } } to .swarm/swarm.json`;
      lines.push(`  ${model.model}: ${model.llmCalls} calls, ${price}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function truncate(text: string, width: number): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length <= width ? flat : `${flat.slice(0, width - 1)}…`;
}

function tokens(n: number): string {
  return n >= 1_000_000 ? `${(n / 1_000_000).toFixed(1)}M` : n >= 1000 ? `${Math.round(n / 1000)}k` : String(Math.round(n));
}

function usd(n: number): string {
  return n < 0.01 && n > 0 ? `$${n.toFixed(4)}` : `$${n.toFixed(2)}`;
}
