import type { SwarmEvents } from '../events';
import type { TokenCounts } from '../report/runReport';
import { BudgetExceededError } from './budgetExceededError';
import { costUsd, priceOf, type PricingTable } from './pricing';

export interface UsageTotals {
  calls: number;
  cachedCalls: number;
  tokens: TokenCounts;
  costUsd: number;
}

export interface CostTotals {
  run: UsageTotals;
  byAgent: Record<string, UsageTotals>;
  byModel: Record<string, UsageTotals>;
}

const emptyTotals = (): UsageTotals => ({ calls: 0, cachedCalls: 0, tokens: { prompt: 0, completion: 0 }, costUsd: 0 });

/**
 * Tokens and cost of one run session, from each answer's usage and the pricing table, with totals per
 * agent and model, and the budget of the whole run: once `maxCostUsd` is spent, `assertBudgetLeft` refuses new calls. An answer
 * from the cache costs nothing and adds no tokens. A model with no known price costs 0, with one
 * warning per model per run.
 */
export class CostMeter {
  private readonly totalsValue: CostTotals = { run: emptyTotals(), byAgent: {}, byModel: {} };
  private readonly warned = new Set<string>();

  constructor(
    private readonly options: {
      pricing?: PricingTable;
      maxCostUsd?: number;
      events?: SwarmEvents;
      /** Spent by earlier sessions of the same run (before a resume): it counts against the budget too. */
      spentBeforeUsd?: number;
    },
  ) {}

  /** The whole run's spending, earlier sessions included. */
  get spentUsd(): number {
    return (this.options.spentBeforeUsd ?? 0) + this.totalsValue.run.costUsd;
  }

  /** Budget left, or Infinity without a budget. */
  get remainingUsd(): number {
    return this.options.maxCostUsd === undefined ? Infinity : Math.max(0, this.options.maxCostUsd - this.spentUsd);
  }

  assertBudgetLeft(): void {
    const max = this.options.maxCostUsd;
    if (max !== undefined && this.spentUsd >= max) throw new BudgetExceededError(max, this.spentUsd);
  }

  /**
   * The cost of one call, before recording it. `answeredModel` (what the server says answered, e.g. a
   * dated name behind an Azure deployment) is the price's second source.
   */
  costOf(model: string, usage: { promptTokens: number; completionTokens: number }, answeredModel?: string): number {
    const modelPrice = priceOf(model, this.options.pricing) ?? (answeredModel ? priceOf(answeredModel, this.options.pricing) : undefined);
    if (!modelPrice) {
      if (!this.warned.has(model)) {
        this.warned.add(model);
        this.options.events?.emit('log', {
          level: 'warn',
          message: `no price known for the model "${model}": its calls count as $0; add it to "pricing" in .swarm/swarm.json to track cost and budget`,
        });
      }
      return 0;
    }
    return costUsd(usage, modelPrice);
  }

  /** Records a call; returns what it counted (zero tokens and cost for a cached answer). */
  record(call: {
    model: string;
    answeredModel?: string;
    agent?: string;
    usage: { promptTokens: number; completionTokens: number };
    cached: boolean;
  }): { tokens: TokenCounts; costUsd: number } {
    const tokens = call.cached ? { prompt: 0, completion: 0 } : { prompt: call.usage.promptTokens, completion: call.usage.completionTokens };
    const cost = call.cached ? 0 : this.costOf(call.model, call.usage, call.answeredModel);
    const buckets = [this.totalsValue.run, (this.totalsValue.byModel[call.model] ??= emptyTotals())];
    if (call.agent) buckets.push((this.totalsValue.byAgent[call.agent] ??= emptyTotals()));
    for (const bucket of buckets) {
      bucket.calls++;
      if (call.cached) bucket.cachedCalls++;
      bucket.tokens.prompt += tokens.prompt;
      bucket.tokens.completion += tokens.completion;
      bucket.costUsd += cost;
    }
    return { tokens, costUsd: cost };
  }

  totals(): CostTotals {
    return structuredClone(this.totalsValue);
  }
}
