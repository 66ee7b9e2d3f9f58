import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Label value for an LLM error without an HTTP status (network failure, timeout). */
export const NO_STATUS_CODE = 'none';
/** Label value for an LLM call made outside any agent (planning, verification). */
export const NO_AGENT = 'none';

const AGENT_DURATION_BUCKETS = [1, 5, 10, 30, 60, 120, 300, 600, 1200, 1800, 3600];
const LLM_DURATION_BUCKETS = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120];

/**
 * Every Prometheus metric Swarm exports (SPEC §6), in a registry of its own: never prom-client's
 * global default, so several runs (or tests) in one process never share or clash.
 */
export class SwarmMetrics {
  readonly registry = new Registry();

  /** `refresh` runs at every scrape, before any value is read: it brings time-dependent gauges up to date. */
  constructor(private readonly refresh?: () => void) {}

  // Registered first, so its collect hook runs before any other metric is read.
  readonly runInfo = new Gauge({
    name: 'swarm_run_info',
    help: 'The run these metrics describe (value always 1).',
    labelNames: ['run_id', 'model', 'status'],
    registers: [this.registry],
    collect: () => this.refresh?.(),
  });
  readonly runDuration = this.gauge('swarm_run_duration_seconds', 'Wall-clock time of the run so far, or of the whole run once it ended.');
  readonly agentRuns = this.counter('swarm_agent_runs_total', 'Finished agent tasks, by agent and outcome.', ['agent', 'outcome']);
  readonly agentDuration = new Histogram({
    name: 'swarm_agent_duration_seconds',
    help: 'Duration of finished agent tasks (all attempts), by agent and outcome.',
    labelNames: ['agent', 'outcome'],
    buckets: AGENT_DURATION_BUCKETS,
    registers: [this.registry],
  });
  readonly retries = this.counter('swarm_retries_total', 'Agent attempts after the first, by agent.', ['agent']);
  readonly llmCalls = this.counter(
    'swarm_llm_calls_total',
    'Requests sent to the model provider, by model and HTTP status code (200 answered; "none" without a status). Cache hits are not requests.',
    ['model', 'status_code'],
  );
  readonly llmErrors = this.counter('swarm_llm_errors_total', 'Failed requests to the model provider, by model and HTTP status code.', ['model', 'status_code']);
  readonly llmRetries = this.counter('swarm_llm_retries_total', 'Failed requests to the model provider that were retried, by model.', ['model']);
  readonly llmDuration = new Histogram({
    name: 'swarm_llm_call_duration_seconds',
    help: 'Latency of answered requests to the model provider, by model.',
    labelNames: ['model'],
    buckets: LLM_DURATION_BUCKETS,
    registers: [this.registry],
  });
  readonly cacheHits = this.counter('swarm_cache_hits_total', 'Model answers served from the response cache, by model.', ['model']);
  readonly tokens = this.counter('swarm_tokens_total', 'Tokens used, by model and kind (prompt or completion).', ['model', 'kind']);
  readonly cost = this.counter('swarm_cost_usd_total', 'Model cost in US dollars, by model and agent.', ['model', 'agent']);
  readonly coverage = this.gauge('swarm_requirement_coverage_ratio', 'Covered requirements divided by all requirements (0 to 1).');
  readonly requirements = this.gauge('swarm_requirements', 'Requirements, by status.', ['status']);
  readonly placeholderFiles = this.gauge('swarm_placeholder_files', 'Files with placeholder or stub code.');
  readonly placeholderFindings = this.gauge('swarm_placeholder_findings', 'Placeholder or stub findings across all files.');
  readonly tasks = this.gauge('swarm_tasks', 'Tasks of the run, by state.', ['state']);
  readonly queueDepth = this.gauge('swarm_queue_depth', 'Work waiting for a slot: tasks waiting for a worker, LLM requests waiting for the rate limiter.', ['queue']);
  readonly filesWritten = this.counter('swarm_files_written_total', 'Files written by agents, by agent.', ['agent']);
  readonly filesRefused = this.counter('swarm_files_refused_total', 'File writes refused by the workspace policy, by agent.', ['agent']);
  readonly validationRejections = this.counter('swarm_validation_rejections_total', 'Agent outputs rejected by validation, by agent.', ['agent']);
  readonly healthErrorRatio = this.gauge('swarm_health_llm_error_ratio', 'Share of failed model requests in the health window.');
  readonly healthSuccessRatio = this.gauge('swarm_health_agent_success_ratio', 'Share of succeeded agent tasks among those that ended in the health window.');
  readonly anomalies = this.counter('swarm_anomalies_total', 'Anomalies flagged, by kind.', ['kind']);
  readonly gatePassed = this.gauge('swarm_gate_passed', 'Quality gate result at the end of the run (1 passed, 0 failed), by gate.', ['gate']);

  /** Names of every metric family in the registry. */
  metricNames(): string[] {
    return this.registry.getMetricsAsArray().map((m) => m.name);
  }

  private counter<L extends string>(name: string, help: string, labelNames: readonly L[] = []): Counter<L> {
    return new Counter({ name, help, labelNames, registers: [this.registry] });
  }

  private gauge<L extends string>(name: string, help: string, labelNames: readonly L[] = []): Gauge<L> {
    return new Gauge({ name, help, labelNames, registers: [this.registry] });
  }
}
