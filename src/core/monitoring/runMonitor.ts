import * as path from 'node:path';
import type { SwarmConfig } from '../config/schema';
import { errorMessage } from '../errors';
import { SwarmEvents, type LiveRequirementStatus, type SwarmEventMap, type TaskState } from '../events';
import type { AgentRunStatus, RunReport, TokenCounts } from '../report/runReport';
import { AnomalyDetector, DEFAULT_ANOMALY_THRESHOLDS, type AnomalyThresholds } from './anomalyDetector';
import {
  emptyAgentStats,
  type AgentStats,
  type Anomaly,
  type CostShare,
  type HealthSnapshot,
  type HealthStatus,
  type ModelStats,
  type MonitorRunStatus,
  type MonitorSnapshot,
  type TaskTimeline,
} from './monitorSnapshot';
import { percentile } from './percentile';
import { readRunMetrics, type PersistedRunMetrics } from './persistedRunMetrics';
import { SlidingWindow } from './slidingWindow';
import { NO_AGENT, NO_STATUS_CODE, SwarmMetrics } from './swarmMetrics';
import { durationP95ByAgent, readTaskHistory, TASK_HISTORY_FILE, type TaskHistoryEntry } from './taskHistory';

export interface RunMonitorOptions {
  /** Clock in epoch ms; injectable for tests. */
  now?: () => number;
  /** The run about to start, when known. */
  runId?: string;
  /** Where `.swarm/history.jsonl` is read from (unless `history` is given). */
  workspace?: string;
  /** The run's configuration: `budget.maxCostUsd` is the budget unless `budgetUsd` is given. */
  config?: Pick<SwarmConfig, 'budget'>;
  /** Width of the health window (error rate, success rate). Default 5 minutes. */
  healthWindowMs?: number;
  /** The run's budget (`budget.maxCostUsd`), for the cost-versus-coverage anomaly. */
  budgetUsd?: number;
  /** Finished tasks of earlier runs, for the slow-task anomaly; read from the workspace when omitted. */
  history?: readonly TaskHistoryEntry[];
  anomalyThresholds?: Partial<AnomalyThresholds>;
}

export type { PersistedRunMetrics };

const TERMINAL: ReadonlySet<TaskState> = new Set<TaskState>(['succeeded', 'failed', 'needs-approval', 'skipped']);
const TASK_STATES: TaskState[] = ['pending', 'blocked', 'running', 'validating', 'retrying', 'succeeded', 'failed', 'needs-approval', 'skipped'];
const REQUIREMENT_STATES: LiveRequirementStatus[] = ['pending', 'in-progress', 'covered', 'partial', 'missing', 'failed'];
const DEFAULT_HEALTH_WINDOW_MS = 5 * 60_000;

type RequirementItem = MonitorSnapshot['requirements']['items'][number];

/**
 * Measures a run from the engine's events alone: attach it to a run's `SwarmEvents` and read
 * `snapshot()` (report, dashboard), `totals()` (SPEC §5) or `registry` (Prometheus). A `run:start`
 * for a different run starts over, so one monitor can follow the runs of a long-lived window.
 */
export class RunMonitor {
  private readonly now: () => number;
  private readonly healthWindowMs: number;
  private readonly budgetUsd: number | undefined;
  private readonly thresholds: AnomalyThresholds;
  private readonly p95ByAgent: Map<string, number>;
  private readonly anomalyListeners = new Set<(anomaly: Anomaly) => void>();
  private readonly pending = new Set<Promise<void>>();
  private events: SwarmEvents | undefined;
  private detach: (() => void) | undefined;

  private metrics!: SwarmMetrics;
  private detector!: AnomalyDetector;
  private llmWindow!: SlidingWindow;
  private agentWindow!: SlidingWindow;

  private runId: string | null = null;
  private status: MonitorRunStatus = 'idle';
  private model: string | null = null;
  private provider: string | null = null;
  private demo = false;
  private resumed = false;
  private startedAtMs: number | null = null;
  private endedAtMs: number | null = null;
  private fixedDurationMs: number | null = null;
  private requirements = new Map<string, RequirementItem>();
  private requirementCounts = new Map<LiveRequirementStatus, number>();
  private coverageOverride: number | null = null;
  private tasks = new Map<string, TaskTimeline>();
  private taskStateCounts = new Map<TaskState, number>();
  private attemptsByTaskAgent = new Map<string, number>();
  private agents = new Map<string, AgentStats>();
  private models = new Map<string, ModelStats>();
  private costs = new Map<string, CostShare>();
  private errorsByKind: Record<string, number> = {};
  private filesWritten = 0;
  private filesRefused = 0;
  private placeholderFindings = new Map<string, number>();
  private placeholderFilesOverride: { files: number; findings: number } | null = null;
  private queue = { tasks: 0, llm: 0 };
  private explicitTaskQueue = false;
  private anomalies: Anomaly[] = [];
  /** Health as it was when the run ended: a finished run's health does not drift with the clock. */
  private finalHealth: HealthSnapshot | null = null;
  private gates: MonitorSnapshot['gates'] = [];
  private totalsAcc = { llmRequests: 0, retries: 0, cacheHits: 0, prompt: 0, completion: 0, costUsd: 0 };
  private agentRunSamples: [string, AgentRunStatus, number][] = [];
  private llmLatencyMs = new Map<string, number[]>();

  /** Listens to `events` at once when given (until `dispose()`); otherwise call `attach` later. */
  constructor(options?: RunMonitorOptions);
  constructor(events: SwarmEvents, options?: RunMonitorOptions);
  constructor(eventsOrOptions?: SwarmEvents | RunMonitorOptions, maybeOptions: RunMonitorOptions = {}) {
    const options = eventsOrOptions instanceof SwarmEvents ? maybeOptions : (eventsOrOptions ?? {});
    this.now = options.now ?? Date.now;
    this.healthWindowMs = options.healthWindowMs ?? DEFAULT_HEALTH_WINDOW_MS;
    this.budgetUsd = options.budgetUsd ?? options.config?.budget.maxCostUsd;
    this.thresholds = { ...DEFAULT_ANOMALY_THRESHOLDS, ...options.anomalyThresholds };
    this.p95ByAgent = durationP95ByAgent(options.history ?? []);
    this.reset();
    if (options.runId !== undefined) this.runId = options.runId;
    if (eventsOrOptions instanceof SwarmEvents) this.attach(eventsOrOptions);
    if (options.history === undefined && options.workspace !== undefined) this.track(this.loadHistory(options.workspace));
  }

  /** Resolves once background work (reading the task history) is done. */
  async ready(): Promise<void> {
    while (this.pending.size > 0) await Promise.all(this.pending);
  }

  /** A monitor holding a persisted run (`metrics.json`): to print its metrics, or to continue it on resume. */
  static fromPersisted(persisted: PersistedRunMetrics, options: RunMonitorOptions = {}): RunMonitor {
    const monitor = new RunMonitor(options);
    monitor.restore(persisted);
    return monitor;
  }

  /** The Prometheus registry of the current run (replaced when a new run starts). */
  get registry(): SwarmMetrics['registry'] {
    return this.metrics.registry;
  }

  /** Prometheus text exposition of the current run. */
  metricsText(): Promise<string> {
    return this.metrics.registry.metrics();
  }

  onAnomaly(listener: (anomaly: Anomaly) => void): () => void {
    this.anomalyListeners.add(listener);
    return () => this.anomalyListeners.delete(listener);
  }

  /** Starts listening; returns the function that stops it. */
  attach(events: SwarmEvents): () => void {
    this.events = events;
    const off = [
      events.on('run:start', (e) => this.onRunStart(e)),
      events.on('task:state', (e) => this.onTaskState(e)),
      events.on('agent:step', (e) => this.onAgentStep(e)),
      events.on('file:written', (e) => this.onFileWritten(e)),
      events.on('file:refused', (e) => this.onFileRefused(e)),
      events.on('llm:call', (e) => this.onLlmCall(e)),
      events.on('llm:error', (e) => this.onLlmError(e)),
      events.on('validation:result', (e) => this.onValidation(e)),
      events.on('agent:finish', (e) => this.noteAttempt(e.taskId, e.agent, e.attempt)),
      events.on('task:end', (e) => this.onTaskEnd(e)),
      events.on('placeholder:findings', (e) => this.onPlaceholders(e)),
      events.on('requirement:status', (e) => this.onRequirementStatus(e)),
      events.on('queue:depth', (e) => this.onQueueDepth(e)),
      events.on('run:end', (e) => this.onRunEnd(e)),
    ];
    const detach = () => off.forEach((stop) => stop());
    this.detach = detach;
    return detach;
  }

  /** Stops listening (the data stays readable). */
  dispose(): void {
    this.detach?.();
    this.detach = undefined;
  }

  // ---- event handlers ------------------------------------------------------------------------

  private onRunStart(e: SwarmEventMap['run:start']): void {
    if (this.runId !== null && this.runId !== e.runId) this.reset();
    const continuing = this.runId === e.runId && this.startedAtMs !== null;
    this.runId = e.runId;
    this.status = 'running';
    this.model = e.model;
    this.provider = e.provider;
    this.demo = e.demo;
    this.resumed = e.resumed;
    this.endedAtMs = null;
    this.fixedDurationMs = null;
    this.gates = [];
    this.finalHealth = null;
    this.metrics.gatePassed.reset();
    if (!continuing) this.startedAtMs = this.now();
    // A resumed run in a new process: the engine replays finished tasks as events, but not the model
    // usage that went into them, which only the earlier session's metrics.json holds.
    if (e.resumed && !continuing) this.track(this.mergeEarlierSession(path.join(e.workspace, '.swarm', 'runs', e.runId)));
    for (const requirement of e.plan.requirements) {
      if (this.requirements.has(requirement.id)) continue;
      this.requirements.set(requirement.id, { id: requirement.id, title: requirement.title, priority: requirement.priority, status: 'pending' });
      this.countRequirement(undefined, 'pending');
    }
    for (const task of e.plan.tasks) {
      if (this.tasks.has(task.id)) continue;
      const state: TaskState = task.dependsOn.length > 0 ? 'blocked' : 'pending';
      this.tasks.set(task.id, newTask(task.id, task.agent, task.requirements, task.dependsOn, state));
      this.countTaskState(undefined, state);
    }
    this.refreshRunInfo();
    this.refreshCoverage();
  }

  private onTaskState(e: SwarmEventMap['task:state']): void {
    const task = this.task(e.taskId, e.agent);
    task.agent = e.agent;
    this.agent(e.agent);
    this.noteAttempt(e.taskId, e.agent, e.attempt);
    if (task.state !== e.state) this.countTaskState(task.state, e.state);
    task.state = e.state;
    const at = this.elapsed();
    const open = task.segments.at(-1);
    if (open && open.endMs === null) open.endMs = at;
    if (!TERMINAL.has(e.state) && e.state !== 'pending' && e.state !== 'blocked') {
      task.segments.push({ attempt: e.attempt, state: e.state, startMs: at, endMs: null });
    }
  }

  private onAgentStep(e: SwarmEventMap['agent:step']): void {
    this.noteAttempt(e.taskId, e.agent, e.attempt);
    const task = this.tasks.get(e.taskId);
    const first = task?.segments[0];
    if (task && first) this.checkSlow(task, this.elapsed() - first.startMs);
  }

  private onFileWritten(e: SwarmEventMap['file:written']): void {
    this.filesWritten++;
    this.agent(e.agent).filesWritten++;
    const task = this.tasks.get(e.taskId);
    if (task) task.files++;
    this.metrics.filesWritten.inc({ agent: e.agent });
  }

  private onFileRefused(e: SwarmEventMap['file:refused']): void {
    this.filesRefused++;
    this.agent(e.agent).filesRefused++;
    this.countError('refused-write');
    this.metrics.filesRefused.inc({ agent: e.agent });
  }

  private onLlmCall(e: SwarmEventMap['llm:call']): void {
    const model = this.modelStats(e.model);
    const agent = e.agent === undefined ? undefined : this.agent(e.agent);
    if (e.cached) {
      model.cacheHits++;
      this.totalsAcc.cacheHits++;
      if (agent) agent.cacheHits++;
      this.metrics.cacheHits.inc({ model: e.model });
    } else {
      model.callsByStatus['200'] = (model.callsByStatus['200'] ?? 0) + 1;
      this.totalsAcc.llmRequests++;
      if (agent) agent.llmCalls++;
      let latencies = this.llmLatencyMs.get(e.model);
      if (!latencies) this.llmLatencyMs.set(e.model, (latencies = []));
      latencies.push(e.durationMs);
      this.metrics.llmCalls.inc({ model: e.model, status_code: '200' });
      this.metrics.llmDuration.observe({ model: e.model }, e.durationMs / 1000);
      this.llmWindow.record(true);
      this.refreshLlmHealth();
    }
    this.addTokens(model.tokens, e.tokens);
    if (agent) this.addTokens(agent.tokens, e.tokens);
    this.totalsAcc.prompt += e.tokens.prompt;
    this.totalsAcc.completion += e.tokens.completion;
    if (e.tokens.prompt > 0) this.metrics.tokens.inc({ model: e.model, kind: 'prompt' }, e.tokens.prompt);
    if (e.tokens.completion > 0) this.metrics.tokens.inc({ model: e.model, kind: 'completion' }, e.tokens.completion);
    if (e.costUsd > 0) {
      model.costUsd += e.costUsd;
      if (agent) agent.costUsd += e.costUsd;
      this.totalsAcc.costUsd += e.costUsd;
      const agentLabel = e.agent ?? NO_AGENT;
      const key = `${e.model}\u0000${agentLabel}`;
      let share = this.costs.get(key);
      if (!share) this.costs.set(key, (share = { model: e.model, agent: agentLabel, costUsd: 0 }));
      share.costUsd += e.costUsd;
      this.metrics.cost.inc({ model: e.model, agent: agentLabel }, e.costUsd);
      const task = e.taskId === undefined ? undefined : this.tasks.get(e.taskId);
      if (task) task.costUsd += e.costUsd;
      this.flag(this.detector.checkCostAgainstCoverage(this.totalsAcc.costUsd, this.budgetUsd, this.coverage()));
    }
    if (e.taskId !== undefined) {
      const task = this.tasks.get(e.taskId);
      if (task) this.addTokens(task.tokens, e.tokens);
    }
  }

  private onLlmError(e: SwarmEventMap['llm:error']): void {
    const code = e.status === undefined ? NO_STATUS_CODE : String(e.status);
    const model = this.modelStats(e.model);
    model.callsByStatus[code] = (model.callsByStatus[code] ?? 0) + 1;
    this.totalsAcc.llmRequests++;
    if (e.agent !== undefined) this.agent(e.agent).llmErrors++;
    this.countError(e.status === undefined ? 'network' : `http-${e.status}`);
    this.metrics.llmCalls.inc({ model: e.model, status_code: code });
    this.metrics.llmErrors.inc({ model: e.model, status_code: code });
    if (e.willRetry) {
      model.retries++;
      this.metrics.llmRetries.inc({ model: e.model });
    }
    this.llmWindow.record(false);
    const health = this.refreshLlmHealth();
    this.flag(this.detector.checkErrorRate(health.errorRate, health.requests));
  }

  private onValidation(e: SwarmEventMap['validation:result']): void {
    this.noteAttempt(e.taskId, e.agent, e.attempt);
    if (e.accepted) return;
    this.agent(e.agent).validationRejections++;
    this.countError('validation');
    this.metrics.validationRejections.inc({ agent: e.agent });
  }

  private onTaskEnd(e: SwarmEventMap['task:end']): void {
    this.noteAttempt(e.taskId, e.agent, e.attempts);
    const task = this.task(e.taskId, e.agent);
    task.agent = e.agent;
    if (task.state !== e.status) this.countTaskState(task.state, e.status);
    task.state = e.status;
    task.durationMs = e.durationMs;
    task.tokens = { ...e.tokens };
    task.costUsd = e.costUsd;
    task.files = Math.max(task.files, e.files.length);
    const open = task.segments.at(-1);
    if (open && open.endMs === null) open.endMs = this.elapsed();
    const agent = this.agent(e.agent);
    agent.runs[e.status]++;
    agent.durationMs += e.durationMs;
    this.agentRunSamples.push([e.agent, e.status, e.durationMs]);
    this.metrics.agentRuns.inc({ agent: e.agent, outcome: e.status });
    this.metrics.agentDuration.observe({ agent: e.agent, outcome: e.status }, e.durationMs / 1000);
    if (e.status === 'failed') this.countError('agent-failed');
    if (e.status !== 'skipped') {
      this.agentWindow.record(e.status === 'succeeded');
      this.refreshAgentHealth();
    }
    if (e.status !== 'skipped') this.checkSlow(task, e.durationMs);
  }

  private onPlaceholders(e: SwarmEventMap['placeholder:findings']): void {
    if (e.findings.length > 0) this.placeholderFindings.set(e.file, e.findings.length);
    else this.placeholderFindings.delete(e.file);
    this.refreshPlaceholders();
  }

  private onRequirementStatus(e: SwarmEventMap['requirement:status']): void {
    let item = this.requirements.get(e.id);
    if (!item) {
      item = { id: e.id, title: e.id, status: 'pending' };
      this.requirements.set(e.id, item);
      this.countRequirement(undefined, 'pending');
    }
    if (item.status !== e.status) this.countRequirement(item.status, e.status);
    item.status = e.status;
    this.refreshCoverage();
    this.flag(this.detector.checkCostAgainstCoverage(this.totalsAcc.costUsd, this.budgetUsd, this.coverage()));
  }

  private onQueueDepth(e: SwarmEventMap['queue:depth']): void {
    if (e.queue === 'tasks') this.explicitTaskQueue = true;
    this.queue[e.queue] = e.depth;
    this.metrics.queueDepth.set({ queue: e.queue }, e.depth);
  }

  private onRunEnd(e: SwarmEventMap['run:end']): void {
    const { report } = e;
    if (this.runId === null) this.runId = report.runId;
    this.status = report.status;
    this.endedAtMs = this.now();
    if (this.startedAtMs === null) this.startedAtMs = this.endedAtMs - report.totals.durationMs;
    this.fixedDurationMs = report.totals.durationMs;
    this.model ??= report.model ?? null;
    this.coverageOverride = report.requirements.coverage;
    for (const item of report.requirements.items) {
      const known = this.requirements.get(item.id);
      if (!known) {
        this.requirements.set(item.id, { id: item.id, title: item.title, priority: item.priority, status: item.status });
        this.countRequirement(undefined, item.status);
      } else if (known.status !== item.status) {
        this.countRequirement(known.status, item.status);
        known.status = item.status;
      }
    }
    const files = new Set(report.placeholders.map((p) => p.file));
    this.placeholderFilesOverride = { files: files.size, findings: report.placeholders.length };
    this.gates = report.gates.map((g) => ({ ...g }));
    for (const gate of this.gates) this.metrics.gatePassed.set({ gate: gate.name }, gate.passed ? 1 : 0);
    this.queue.tasks = 0;
    this.metrics.queueDepth.set({ queue: 'tasks' }, 0);
    this.finalHealth = null;
    this.finalHealth = this.health();
    this.refreshRunInfo();
    this.refreshCoverage();
    this.refreshPlaceholders();
  }

  /**
   * Takes the final report as `run:end` would (status, coverage, placeholders, gates); for persisting
   * the metrics before `run:end` is emitted. Applying it twice changes nothing.
   */
  applyReport(report: RunReport, reportDir = ''): void {
    this.onRunEnd({ report, reportDir });
  }

  // ---- reading -------------------------------------------------------------------------------

  /** SPEC §5 `totals`. `llmCalls` counts requests sent to the provider (answered or failed), not cache hits. */
  totals(): RunReport['totals'] {
    const t = this.totalsAcc;
    return {
      durationMs: this.durationMs(),
      llmCalls: t.llmRequests,
      retries: t.retries,
      cacheHits: t.cacheHits,
      tokens: { prompt: t.prompt, completion: t.completion },
      costUsd: round(t.costUsd),
    };
  }

  health(): HealthSnapshot {
    if (this.finalHealth) return structuredClone(this.finalHealth);
    const llm = this.llmWindow.counts();
    const agents = this.agentWindow.counts();
    const errorRate = llm.total ? llm.bad / llm.total : null;
    const successRate = agents.total ? (agents.total - agents.bad) / agents.total : null;
    return {
      windowMs: this.healthWindowMs,
      status: healthStatus(errorRate, successRate),
      llm: { requests: llm.total, errors: llm.bad, errorRate },
      agents: { ended: agents.total, succeeded: agents.total - agents.bad, successRate },
    };
  }

  snapshot(): MonitorSnapshot {
    const requirementItems = [...this.requirements.values()].map((r) => ({ ...r }));
    return {
      version: 1,
      runId: this.runId,
      status: this.status,
      model: this.model,
      provider: this.provider,
      demo: this.demo,
      resumed: this.resumed,
      startedAt: this.startedAtMs === null ? null : new Date(this.startedAtMs).toISOString(),
      endedAt: this.endedAtMs === null ? null : new Date(this.endedAtMs).toISOString(),
      elapsedMs: this.durationMs(),
      requirements: {
        total: this.requirements.size,
        covered: this.requirementCounts.get('covered') ?? 0,
        coverage: this.coverage(),
        byStatus: Object.fromEntries(this.requirementCounts) as Record<LiveRequirementStatus, number>,
        items: requirementItems,
      },
      tasks: [...this.tasks.values()].map((t) => ({
        ...t,
        requirements: [...t.requirements],
        dependsOn: [...t.dependsOn],
        tokens: { ...t.tokens },
        segments: t.segments.map((s) => ({ ...s })),
      })),
      agents: [...this.agents.values()].map((a) => ({ ...a, runs: { ...a.runs }, tokens: { ...a.tokens } })),
      models: [...this.models.values()].map((m) => {
        const latencies = this.llmLatencyMs.get(m.model) ?? [];
        return {
          ...m,
          callsByStatus: { ...m.callsByStatus },
          tokens: { ...m.tokens },
          latencyMs: { p50: percentile(latencies, 0.5) ?? null, p95: percentile(latencies, 0.95) ?? null },
        };
      }),
      costs: [...this.costs.values()].map((c) => ({ ...c })),
      errorsByKind: { ...this.errorsByKind },
      files: { written: this.filesWritten, refused: this.filesRefused, ...this.placeholderCounts() },
      queue: { ...this.queue },
      health: this.health(),
      anomalies: this.anomalies.map((a) => ({ ...a })),
      gates: this.gates.map((g) => ({ ...g })),
      totals: this.totals(),
    };
  }

  /** The snapshot plus the raw samples the histograms are rebuilt from (`metrics.json`). */
  toPersisted(): PersistedRunMetrics {
    return {
      version: 1,
      snapshot: this.snapshot(),
      samples: {
        agentRuns: this.agentRunSamples.map((s) => [...s]),
        llmLatencyMs: Object.fromEntries([...this.llmLatencyMs].map(([model, list]) => [model, [...list]])),
      },
    };
  }

  // ---- internals -----------------------------------------------------------------------------

  private reset(): void {
    this.metrics = new SwarmMetrics(() => this.refreshTimeDependent());
    this.detector = new AnomalyDetector(this.thresholds, this.p95ByAgent, () => new Date(this.now()).toISOString());
    this.llmWindow = new SlidingWindow(this.healthWindowMs, this.now);
    this.agentWindow = new SlidingWindow(this.healthWindowMs, this.now);
    this.runId = null;
    this.status = 'idle';
    this.model = this.provider = null;
    this.demo = this.resumed = false;
    this.startedAtMs = this.endedAtMs = this.fixedDurationMs = null;
    this.requirements = new Map();
    this.requirementCounts = new Map();
    this.coverageOverride = null;
    this.tasks = new Map();
    this.taskStateCounts = new Map();
    this.attemptsByTaskAgent = new Map();
    this.agents = new Map();
    this.models = new Map();
    this.costs = new Map();
    this.errorsByKind = {};
    this.filesWritten = this.filesRefused = 0;
    this.placeholderFindings = new Map();
    this.placeholderFilesOverride = null;
    this.queue = { tasks: 0, llm: 0 };
    this.explicitTaskQueue = false;
    this.anomalies = [];
    this.finalHealth = null;
    this.gates = [];
    this.totalsAcc = { llmRequests: 0, retries: 0, cacheHits: 0, prompt: 0, completion: 0, costUsd: 0 };
    this.agentRunSamples = [];
    this.llmLatencyMs = new Map();
    // Every state and queue is exported from the start, so dashboards see zeros rather than gaps.
    for (const state of TASK_STATES) this.metrics.tasks.set({ state }, 0);
    for (const status of REQUIREMENT_STATES) {
      this.requirementCounts.set(status, 0);
      this.metrics.requirements.set({ status }, 0);
    }
    this.metrics.queueDepth.set({ queue: 'tasks' }, 0);
    this.metrics.queueDepth.set({ queue: 'llm' }, 0);
    this.metrics.healthErrorRatio.set(0);
    this.metrics.healthSuccessRatio.set(1);
    this.refreshCoverage();
    this.refreshPlaceholders();
  }

  private restore(persisted: PersistedRunMetrics): void {
    const s = persisted.snapshot;
    this.reset();
    this.runId = s.runId;
    this.status = s.status;
    this.model = s.model;
    this.provider = s.provider;
    this.demo = s.demo;
    this.resumed = s.resumed;
    this.startedAtMs = s.startedAt === null ? null : Date.parse(s.startedAt);
    this.endedAtMs = s.endedAt === null ? null : Date.parse(s.endedAt);
    const ended = s.status !== 'running' && s.status !== 'idle';
    this.fixedDurationMs = ended ? s.elapsedMs : null;
    for (const item of s.requirements.items) {
      this.requirements.set(item.id, { ...item });
      this.countRequirement(undefined, item.status);
    }
    if (ended) this.coverageOverride = s.requirements.coverage;
    for (const t of s.tasks) {
      this.tasks.set(t.taskId, { ...t, segments: t.segments.map((seg) => ({ ...seg })), tokens: { ...t.tokens } });
      this.countTaskState(undefined, t.state);
      this.attemptsByTaskAgent.set(`${t.taskId}\u0000${t.agent}`, t.attempts);
    }
    for (const a of s.agents) {
      this.agents.set(a.agent, { ...a, runs: { ...a.runs }, tokens: { ...a.tokens } });
      if (a.retries > 0) this.metrics.retries.inc({ agent: a.agent }, a.retries);
      if (a.filesWritten > 0) this.metrics.filesWritten.inc({ agent: a.agent }, a.filesWritten);
      if (a.filesRefused > 0) this.metrics.filesRefused.inc({ agent: a.agent }, a.filesRefused);
      if (a.validationRejections > 0) this.metrics.validationRejections.inc({ agent: a.agent }, a.validationRejections);
    }
    for (const m of s.models) {
      this.models.set(m.model, { ...m, callsByStatus: { ...m.callsByStatus }, tokens: { ...m.tokens } });
      for (const [code, count] of Object.entries(m.callsByStatus)) {
        this.metrics.llmCalls.inc({ model: m.model, status_code: code }, count);
        if (code !== '200') this.metrics.llmErrors.inc({ model: m.model, status_code: code }, count);
      }
      if (m.retries > 0) this.metrics.llmRetries.inc({ model: m.model }, m.retries);
      if (m.cacheHits > 0) this.metrics.cacheHits.inc({ model: m.model }, m.cacheHits);
      if (m.tokens.prompt > 0) this.metrics.tokens.inc({ model: m.model, kind: 'prompt' }, m.tokens.prompt);
      if (m.tokens.completion > 0) this.metrics.tokens.inc({ model: m.model, kind: 'completion' }, m.tokens.completion);
    }
    for (const c of s.costs) {
      this.costs.set(`${c.model}\u0000${c.agent}`, { ...c });
      this.metrics.cost.inc({ model: c.model, agent: c.agent }, c.costUsd);
    }
    this.errorsByKind = { ...s.errorsByKind };
    this.filesWritten = s.files.written;
    this.filesRefused = s.files.refused;
    this.placeholderFilesOverride = { files: s.files.placeholderFiles, findings: s.files.placeholderFindings };
    this.queue = { ...s.queue };
    this.explicitTaskQueue = true;
    for (const [queue, depth] of Object.entries(this.queue)) this.metrics.queueDepth.set({ queue }, depth);
    this.anomalies = s.anomalies.map((a) => ({ ...a }));
    if (ended) this.finalHealth = structuredClone(s.health);
    for (const a of this.anomalies) this.metrics.anomalies.inc({ kind: a.kind });
    this.gates = s.gates.map((g) => ({ ...g }));
    for (const gate of this.gates) this.metrics.gatePassed.set({ gate: gate.name }, gate.passed ? 1 : 0);
    this.metrics.healthErrorRatio.set(s.health.llm.errorRate ?? 0);
    this.metrics.healthSuccessRatio.set(s.health.agents.successRate ?? 1);
    this.totalsAcc = {
      llmRequests: s.totals.llmCalls,
      retries: s.totals.retries,
      cacheHits: s.totals.cacheHits,
      prompt: s.totals.tokens.prompt,
      completion: s.totals.tokens.completion,
      costUsd: s.totals.costUsd,
    };
    for (const [agent, outcome, durationMs] of persisted.samples.agentRuns) {
      this.agentRunSamples.push([agent, outcome, durationMs]);
      this.metrics.agentRuns.inc({ agent, outcome });
      this.metrics.agentDuration.observe({ agent, outcome }, durationMs / 1000);
    }
    for (const [model, latencies] of Object.entries(persisted.samples.llmLatencyMs)) {
      this.llmLatencyMs.set(model, [...latencies]);
      for (const ms of latencies) this.metrics.llmDuration.observe({ model }, ms / 1000);
    }
    this.refreshRunInfo();
    this.refreshCoverage();
    this.refreshPlaceholders();
  }

  private async loadHistory(workspace: string): Promise<void> {
    const { entries, skippedLines } = await readTaskHistory(path.join(workspace, TASK_HISTORY_FILE));
    for (const [agent, p95] of durationP95ByAgent(entries)) this.p95ByAgent.set(agent, p95);
    if (skippedLines > 0) this.log('warn', `${TASK_HISTORY_FILE}: skipped ${skippedLines} unreadable line(s)`);
  }

  private track(work: Promise<void>): void {
    const tracked = work.catch((error: unknown) => this.log('warn', `the run monitor: ${errorMessage(error)}`)).finally(() => this.pending.delete(tracked));
    this.pending.add(tracked);
  }

  private log(level: 'warn' | 'debug', message: string): void {
    this.events?.emit('log', { level, message });
  }

  private async mergeEarlierSession(runDir: string): Promise<void> {
    const earlier = await readRunMetrics(runDir);
    if (!earlier) return;
    const s = earlier.snapshot;
    for (const m of s.models) {
      const mine = this.modelStats(m.model);
      for (const [code, count] of Object.entries(m.callsByStatus)) {
        mine.callsByStatus[code] = (mine.callsByStatus[code] ?? 0) + count;
        this.metrics.llmCalls.inc({ model: m.model, status_code: code }, count);
        if (code !== '200') this.metrics.llmErrors.inc({ model: m.model, status_code: code }, count);
      }
      mine.retries += m.retries;
      mine.cacheHits += m.cacheHits;
      mine.costUsd += m.costUsd;
      this.addTokens(mine.tokens, m.tokens);
      if (m.retries > 0) this.metrics.llmRetries.inc({ model: m.model }, m.retries);
      if (m.cacheHits > 0) this.metrics.cacheHits.inc({ model: m.model }, m.cacheHits);
      if (m.tokens.prompt > 0) this.metrics.tokens.inc({ model: m.model, kind: 'prompt' }, m.tokens.prompt);
      if (m.tokens.completion > 0) this.metrics.tokens.inc({ model: m.model, kind: 'completion' }, m.tokens.completion);
    }
    for (const c of s.costs) {
      const key = `${c.model}\u0000${c.agent}`;
      const share = this.costs.get(key) ?? { model: c.model, agent: c.agent, costUsd: 0 };
      share.costUsd += c.costUsd;
      this.costs.set(key, share);
      this.metrics.cost.inc({ model: c.model, agent: c.agent }, c.costUsd);
    }
    for (const a of s.agents) {
      const mine = this.agent(a.agent);
      mine.llmCalls += a.llmCalls;
      mine.llmErrors += a.llmErrors;
      mine.cacheHits += a.cacheHits;
      mine.costUsd += a.costUsd;
      this.addTokens(mine.tokens, a.tokens);
      mine.validationRejections += a.validationRejections;
      mine.filesRefused += a.filesRefused;
      if (a.validationRejections > 0) this.metrics.validationRejections.inc({ agent: a.agent }, a.validationRejections);
      if (a.filesRefused > 0) this.metrics.filesRefused.inc({ agent: a.agent }, a.filesRefused);
    }
    // Failed tasks come back through the replayed task:end; everything else happened only back then.
    for (const [kind, count] of Object.entries(s.errorsByKind)) if (kind !== 'agent-failed') this.errorsByKind[kind] = (this.errorsByKind[kind] ?? 0) + count;
    this.filesRefused += s.files.refused;
    const t = this.totalsAcc;
    t.llmRequests += s.totals.llmCalls;
    t.cacheHits += s.totals.cacheHits;
    t.prompt += s.totals.tokens.prompt;
    t.completion += s.totals.tokens.completion;
    t.costUsd += s.totals.costUsd;
    for (const [model, latencies] of Object.entries(earlier.samples.llmLatencyMs)) {
      let mine = this.llmLatencyMs.get(model);
      if (!mine) this.llmLatencyMs.set(model, (mine = []));
      mine.unshift(...latencies);
      for (const ms of latencies) this.metrics.llmDuration.observe({ model }, ms / 1000);
    }
    this.anomalies.unshift(...s.anomalies);
    for (const a of s.anomalies) this.metrics.anomalies.inc({ kind: a.kind });
  }

  private task(taskId: string, agent: string): TaskTimeline {
    let task = this.tasks.get(taskId);
    if (!task) {
      task = newTask(taskId, agent, [], [], 'pending');
      this.tasks.set(taskId, task);
      this.countTaskState(undefined, 'pending');
    }
    return task;
  }

  private agent(id: string): AgentStats {
    let stats = this.agents.get(id);
    if (!stats) {
      stats = emptyAgentStats(id);
      this.agents.set(id, stats);
    }
    return stats;
  }

  private modelStats(model: string): ModelStats {
    let stats = this.models.get(model);
    if (!stats) {
      stats = { model, callsByStatus: {}, retries: 0, cacheHits: 0, tokens: { prompt: 0, completion: 0 }, costUsd: 0, latencyMs: { p50: null, p95: null } };
      this.models.set(model, stats);
    }
    return stats;
  }

  /** Attempts past the first are retries, whichever event first shows them. */
  private noteAttempt(taskId: string, agent: string, attempt: number): void {
    const key = `${taskId}\u0000${agent}`;
    const seen = this.attemptsByTaskAgent.get(key) ?? 0;
    if (attempt <= seen) return;
    this.attemptsByTaskAgent.set(key, attempt);
    const added = attempt - Math.max(1, seen);
    const task = this.tasks.get(taskId);
    if (task) task.attempts = Math.max(task.attempts, attempt);
    if (added <= 0) return;
    if (task) task.retries += added;
    this.agent(agent).retries += added;
    this.totalsAcc.retries += added;
    this.metrics.retries.inc({ agent }, added);
  }

  private checkSlow(task: TaskTimeline, durationMs: number): void {
    const anomaly = this.detector.checkTaskDuration(task.taskId, task.agent, durationMs);
    if (anomaly) task.slow = true;
    this.flag(anomaly);
  }

  private flag(anomaly: Anomaly | undefined): void {
    if (!anomaly) return;
    this.anomalies.push(anomaly);
    this.metrics.anomalies.inc({ kind: anomaly.kind });
    for (const listener of this.anomalyListeners) listener(anomaly);
  }

  private countError(kind: string): void {
    this.errorsByKind[kind] = (this.errorsByKind[kind] ?? 0) + 1;
  }

  private countTaskState(from: TaskState | undefined, to: TaskState): void {
    if (from !== undefined) {
      const left = (this.taskStateCounts.get(from) ?? 1) - 1;
      this.taskStateCounts.set(from, left);
      this.metrics.tasks.set({ state: from }, left);
    }
    const now = (this.taskStateCounts.get(to) ?? 0) + 1;
    this.taskStateCounts.set(to, now);
    this.metrics.tasks.set({ state: to }, now);
    if (!this.explicitTaskQueue) {
      this.queue.tasks = this.taskStateCounts.get('pending') ?? 0;
      this.metrics.queueDepth.set({ queue: 'tasks' }, this.queue.tasks);
    }
  }

  private countRequirement(from: LiveRequirementStatus | undefined, to: LiveRequirementStatus): void {
    if (from !== undefined) {
      const left = (this.requirementCounts.get(from) ?? 1) - 1;
      this.requirementCounts.set(from, left);
      this.metrics.requirements.set({ status: from }, left);
    }
    const now = (this.requirementCounts.get(to) ?? 0) + 1;
    this.requirementCounts.set(to, now);
    this.metrics.requirements.set({ status: to }, now);
  }

  private coverage(): number {
    if (this.coverageOverride !== null) return this.coverageOverride;
    const total = this.requirements.size;
    return total === 0 ? 0 : (this.requirementCounts.get('covered') ?? 0) / total;
  }

  private placeholderCounts(): { placeholderFiles: number; placeholderFindings: number } {
    if (this.placeholderFilesOverride) return { placeholderFiles: this.placeholderFilesOverride.files, placeholderFindings: this.placeholderFilesOverride.findings };
    let findings = 0;
    for (const n of this.placeholderFindings.values()) findings += n;
    return { placeholderFiles: this.placeholderFindings.size, placeholderFindings: findings };
  }

  private durationMs(): number {
    if (this.fixedDurationMs !== null) return this.fixedDurationMs;
    if (this.startedAtMs === null) return 0;
    return Math.max(0, (this.endedAtMs ?? this.now()) - this.startedAtMs);
  }

  private elapsed(): number {
    return this.startedAtMs === null ? 0 : Math.max(0, this.now() - this.startedAtMs);
  }

  private addTokens(into: TokenCounts, add: TokenCounts): void {
    into.prompt += add.prompt;
    into.completion += add.completion;
  }

  private refreshRunInfo(): void {
    this.metrics.runInfo.reset();
    if (this.runId !== null) this.metrics.runInfo.set({ run_id: this.runId, model: this.model ?? '', status: this.status }, 1);
  }

  private refreshCoverage(): void {
    this.metrics.coverage.set(this.coverage());
  }

  private refreshPlaceholders(): void {
    const counts = this.placeholderCounts();
    this.metrics.placeholderFiles.set(counts.placeholderFiles);
    this.metrics.placeholderFindings.set(counts.placeholderFindings);
  }

  private refreshLlmHealth(): { errorRate: number | null; requests: number } {
    const { total, bad } = this.llmWindow.counts();
    const errorRate = total ? bad / total : null;
    this.metrics.healthErrorRatio.set(errorRate ?? 0);
    return { errorRate, requests: total };
  }

  private refreshAgentHealth(): void {
    const { total, bad } = this.agentWindow.counts();
    this.metrics.healthSuccessRatio.set(total ? (total - bad) / total : 1);
  }

  /** At scrape time: the run's duration so far, and the health window sliding on without events. */
  private refreshTimeDependent(): void {
    this.metrics.runDuration.set(this.durationMs() / 1000);
    if (this.status === 'running') {
      this.refreshLlmHealth();
      this.refreshAgentHealth();
    }
  }
}

function newTask(taskId: string, agent: string, requirements: string[], dependsOn: string[], state: TaskState): TaskTimeline {
  return {
    taskId,
    agent,
    requirements: [...requirements],
    dependsOn: [...dependsOn],
    state,
    attempts: 0,
    retries: 0,
    durationMs: null,
    costUsd: 0,
    tokens: { prompt: 0, completion: 0 },
    files: 0,
    segments: [],
    slow: false,
  };
}

function healthStatus(errorRate: number | null, successRate: number | null): HealthStatus {
  if (errorRate === null && successRate === null) return 'unknown';
  if ((errorRate ?? 0) >= 0.5 || (successRate ?? 1) < 0.5) return 'unhealthy';
  if ((errorRate ?? 0) >= 0.1 || (successRate ?? 1) < 0.9) return 'degraded';
  return 'healthy';
}

/** Dollars to a millionth of a cent: hides float noise from sums of small prices. */
function round(usd: number): number {
  return Math.round(usd * 1e8) / 1e8;
}

