import type { Anomaly } from './monitorSnapshot';

export interface AnomalyThresholds {
  /** A task is slow when it takes longer than this many times its agent's historical p95. */
  slowTaskFactor: number;
  /** An error-rate spike: at least this share of the health window's model requests failed… */
  errorRateSpike: number;
  /** …among at least this many requests. */
  errorRateMinRequests: number;
  /** Cost outpaces coverage once this share of the budget is spent… */
  costShareMin: number;
  /** …and coverage trails the spent budget share by at least this much. */
  coverageLag: number;
}

export const DEFAULT_ANOMALY_THRESHOLDS: AnomalyThresholds = {
  slowTaskFactor: 1.5,
  errorRateSpike: 0.25,
  errorRateMinRequests: 5,
  costShareMin: 0.25,
  coverageLag: 0.3,
};

/**
 * Decides when something is abnormal. Each condition is flagged once when it starts, not on every
 * event while it lasts; a condition that clears (error rate back below half the spike threshold,
 * coverage catching up) can be flagged again.
 */
export class AnomalyDetector {
  private readonly slowTasks = new Set<string>();
  private errorSpikeActive = false;
  private costLagActive = false;

  constructor(
    private readonly thresholds: AnomalyThresholds,
    /** Historical p95 task duration by agent. */
    private readonly p95ByAgent: ReadonlyMap<string, number>,
    private readonly isoNow: () => string,
  ) {}

  checkTaskDuration(taskId: string, agent: string, durationMs: number): Anomaly | undefined {
    const p95 = this.p95ByAgent.get(agent);
    if (p95 === undefined || this.slowTasks.has(taskId)) return undefined;
    const limit = p95 * this.thresholds.slowTaskFactor;
    if (durationMs <= limit) return undefined;
    this.slowTasks.add(taskId);
    return {
      kind: 'slow-task',
      message: `task ${taskId} (${agent}) has taken ${seconds(durationMs)}, more than ${this.thresholds.slowTaskFactor}× the agent's p95 of ${seconds(p95)}`,
      at: this.isoNow(),
      taskId,
      agent,
      value: durationMs,
      threshold: limit,
    };
  }

  checkErrorRate(errorRate: number | null, requests: number): Anomaly | undefined {
    const spike = this.thresholds.errorRateSpike;
    if (errorRate === null) return undefined;
    if (this.errorSpikeActive) {
      if (errorRate < spike / 2) this.errorSpikeActive = false;
      return undefined;
    }
    if (requests < this.thresholds.errorRateMinRequests || errorRate < spike) return undefined;
    this.errorSpikeActive = true;
    return {
      kind: 'error-rate-spike',
      message: `${percent(errorRate)} of the last ${requests} model requests failed (threshold ${percent(spike)})`,
      at: this.isoNow(),
      value: errorRate,
      threshold: spike,
    };
  }

  checkCostAgainstCoverage(costUsd: number, budgetUsd: number | undefined, coverage: number): Anomaly | undefined {
    if (!budgetUsd || budgetUsd <= 0) return undefined;
    const share = costUsd / budgetUsd;
    const lagging = share >= this.thresholds.costShareMin && share - coverage >= this.thresholds.coverageLag;
    if (!lagging) {
      if (this.costLagActive && share - coverage < this.thresholds.coverageLag / 2) this.costLagActive = false;
      return undefined;
    }
    if (this.costLagActive) return undefined;
    this.costLagActive = true;
    return {
      kind: 'cost-outpacing-coverage',
      message: `${percent(share)} of the $${budgetUsd} budget is spent but coverage is ${percent(coverage)}`,
      at: this.isoNow(),
      value: share - coverage,
      threshold: this.thresholds.coverageLag,
    };
  }
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function percent(ratio: number): string {
  return `${Math.round(ratio * 100)}%`;
}
