/** `budget.maxCostUsd` is spent: no new model call starts. Calls already under way finish. */
export class BudgetExceededError extends Error {
  readonly stopsRun = true;

  constructor(
    readonly maxCostUsd: number,
    readonly spentUsd: number,
  ) {
    super(
      `the budget is spent: $${spentUsd.toFixed(4)} used of budget.maxCostUsd $${maxCostUsd.toFixed(2)}; ` +
        'no further model calls are made (raise budget.maxCostUsd in .swarm/swarm.json to continue)',
    );
    this.name = 'BudgetExceededError';
  }
}
