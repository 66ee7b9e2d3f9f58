import type { TeamAgent } from '../agents/team';
import { costUsd, priceOf, type ModelPrice, type PricingTable } from '../llm/pricing';
import type { Plan } from './plan';

/**
 * Rough sizes of one agent turn, from the prompt builder's shape: the role and workspace rules, the
 * assigned requirements, a context list of the others, then each turn adds the previous reply (about
 * one file) and its tool result to the conversation.
 */
const BASE_PROMPT_TOKENS = 1500;
const TOKENS_PER_ASSIGNED_REQUIREMENT = 150;
const TOKENS_PER_CONTEXT_REQUIREMENT = 25;
const MAX_CONTEXT_REQUIREMENTS = 60;
const COMPLETION_TOKENS_PER_TURN = 900;
const TOOL_RESULT_TOKENS = 100;
const DESIGN_TASK_TURNS = 4;

export interface ModelEstimate {
  model: string;
  llmCalls: number;
  promptTokens: number;
  completionTokens: number;
  /** Undefined when the model has no known price (local models, new names): add it to `pricing`. */
  costUsd?: number;
  price?: ModelPrice;
}

export interface PlanEstimate {
  llmCalls: number;
  promptTokens: number;
  completionTokens: number;
  /** The priced models' cost; undefined when no model is priced. */
  costUsd?: number;
  byModel: ModelEstimate[];
  unpricedModels: string[];
}

/**
 * Model calls and cost of the plan's first attempts (each retry costs about as much again): per task,
 * about two turns plus one and a half per requirement (at most the agent's turn limit), the prompt
 * growing by a reply and a tool result per turn. Prices from the config's `pricing`, then the defaults.
 */
export function estimatePlan(plan: Plan, team: readonly TeamAgent[], options: { model: string; pricing?: PricingTable }): PlanEstimate {
  const byId = new Map(team.map((a) => [a.id, a]));
  const context = Math.min(MAX_CONTEXT_REQUIREMENTS, plan.requirements.length) * TOKENS_PER_CONTEXT_REQUIREMENT;
  const models = new Map<string, ModelEstimate>();
  for (const task of plan.tasks) {
    const agent = byId.get(task.agent);
    const model = agent?.model ?? options.model;
    const maxTurns = agent?.maxTurns ?? 20;
    const wanted = task.requirements.length === 0 ? DESIGN_TASK_TURNS : 2 + Math.ceil(1.5 * task.requirements.length);
    const turns = Math.max(1, Math.min(maxTurns, wanted));
    const base = BASE_PROMPT_TOKENS + TOKENS_PER_ASSIGNED_REQUIREMENT * task.requirements.length + context;
    const growth = COMPLETION_TOKENS_PER_TURN + TOOL_RESULT_TOKENS;
    const entry = models.get(model) ?? { model, llmCalls: 0, promptTokens: 0, completionTokens: 0 };
    entry.llmCalls += turns;
    entry.promptTokens += turns * base + (growth * turns * (turns - 1)) / 2;
    entry.completionTokens += turns * COMPLETION_TOKENS_PER_TURN;
    models.set(model, entry);
  }
  const byModel = [...models.values()].sort((a, b) => a.model.localeCompare(b.model));
  const unpricedModels: string[] = [];
  let total: number | undefined;
  for (const entry of byModel) {
    const price = priceOf(entry.model, options.pricing ?? {});
    if (!price) {
      unpricedModels.push(entry.model);
      continue;
    }
    entry.price = price;
    entry.costUsd = costUsd({ promptTokens: entry.promptTokens, completionTokens: entry.completionTokens }, price);
    total = (total ?? 0) + entry.costUsd;
  }
  return {
    llmCalls: byModel.reduce((s, e) => s + e.llmCalls, 0),
    promptTokens: byModel.reduce((s, e) => s + e.promptTokens, 0),
    completionTokens: byModel.reduce((s, e) => s + e.completionTokens, 0),
    costUsd: total,
    byModel,
    unpricedModels,
  };
}
