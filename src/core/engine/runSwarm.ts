import { mkdir, readdir } from 'node:fs/promises';
import * as path from 'node:path';
import { resolveTeam, type TeamAgent } from '../agents/team';
import { runAgent } from '../agents/runAgent';
import { AlertManager } from '../alerts/alertManager';
import { DEFAULT_CONFIG_FILE, loadConfig, type ConfigOverrides } from '../config/loadConfig';
import type { SwarmConfig } from '../config/schema';
import { prepareDemoWorkspace, startDemoModel } from '../demo/demoWorkspace';
import { SwarmCancelledError, SwarmInputError, errorMessage } from '../errors';
import { evaluateGates } from '../gates/evaluateGates';
import { createChatProvider, type SwarmChatProvider } from '../llm/createChatProvider';
import { CheckpointStore } from '../checkpoints/checkpointStore';
import { RunMonitor } from '../monitoring/runMonitor';
import { appendTaskHistory, durationP95ByAgent, readTaskHistory, TASK_HISTORY_FILE } from '../monitoring/taskHistory';
import { adaptiveTimeout, AimdConcurrency } from '../orchestrator/adaptation';
import { writeRunMetrics } from '../monitoring/runMetricsFile';
import { Journal, journaledPlan, readJournal, settledTasks, type TaskRecord } from '../orchestrator/journal';
import { RunLock } from '../orchestrator/runLock';
import { runSchedule } from '../orchestrator/scheduler';
import { runTask } from '../orchestrator/taskRunner';
import { detectPlaceholders } from '../placeholders/detector';
import { planWithArchitect } from '../planning/architectPlanning';
import { planRequirements } from '../planning/planner';
import type { Plan } from '../planning/plan';
import { loadRequirements } from '../requirements/loadRequirements';
import type { AgentReport, PlaceholderReport, RunReport, RunStatus } from '../report/runReport';
import { writeRunReport } from '../report/writeRunReport';
import { RequirementTracker } from '../tracking/requirementTracker';
import { OutputValidator } from '../validation/outputValidator';
import type { AuditLog } from '../workspace/auditLog';
import { assertWorkspaceDirectory, pathExists, readWorkspaceText } from '../workspace/workspaceDirectory';
import { WorkspaceFiles } from '../workspace/workspaceFiles';
import { newRunId } from './runId';
import type { RunSwarmOptions, RunSwarmResult } from './runOptions';

const RUNS_DIR = path.join('.swarm', 'runs');

/**
 * Plans the requirements, runs the agents, validates and recovers, and writes the report.
 * Bad input throws SwarmInputError before anything is written.
 */
export async function runSwarm(options: RunSwarmOptions): Promise<RunSwarmResult> {
  const workspace = path.resolve(options.workspace);
  const { events } = options;
  const signal = options.signal ?? new AbortController().signal;

  // The demo creates its folder; any other run needs an existing workspace.
  const demo = options.demo ? await startDemo(workspace) : undefined;
  await assertWorkspaceDirectory(workspace);
  try {
    const overrides: ConfigOverrides = { ...options.overrides, ...demo?.overrides };
    const config = await loadConfig(workspace, options.configFile, overrides);
    if (demo) {
      // The scripted model answers at once and costs nothing: no need to wait between attempts.
      config.recovery.backoffMs = config.recovery.backoffMs.map(() => 100);
      config.pricing[demo.model] = { promptPerMillion: 0, completionPerMillion: 0 };
    }
    const requirementsFile = options.requirementsFile ?? demo?.requirementsFile ?? config.requirementsFile;
    const document = await loadRequirements(workspace, requirementsFile);
    const team = resolveTeam(config, { configFile: options.configFile ?? DEFAULT_CONFIG_FILE });
    let plan = planRequirements(document, team);

    const previous = options.resume ? await loadPreviousRun(workspace, options.resume.runId) : undefined;
    const runId = previous?.runId ?? newRunId();
    const provider = createChatProvider({
      // What earlier sessions of this run spent on the tasks they settled counts against the budget too.
      spentBeforeUsd: [...(previous?.records.values() ?? [])].reduce((sum, r) => sum + r.costUsd, 0),
      config,
      workspace,
      apiKeys: demo ? [demo.apiKey] : (options.apiKeys ?? []),
      events,
      runId,
      signal,
      base: options.provider,
      rateLimit: demo ? 'off' : undefined,
    });
    if (signal.aborted) throw new SwarmCancelledError();
    await provider.verify?.(signal);
    if (previous?.plan) plan = previous.plan;
    else if (config.planning.modelAssisted) {
      const assisted = await planWithArchitect({ document, team, provider, model: config.model, signal });
      plan = assisted.plan;
      for (const r of assisted.reassigned) events.emit('log', { level: 'info', message: `architect moved ${r.id}${r.from ? ` from ${r.from}` : ''} to ${r.to}: ${r.reason}` });
      if (assisted.note) events.emit('log', { level: 'warn', message: `model-assisted planning not used: ${assisted.note}` });
    }

    return await RunLock.holding(workspace, runId, () =>
      execute({ ...options, workspace, signal }, { runId, config, plan, team, provider, previous, requirementsFile, demo: Boolean(demo) }),
    );
  } finally {
    await demo?.close();
  }
}

interface RunContext {
  runId: string;
  config: SwarmConfig;
  plan: Plan;
  team: TeamAgent[];
  provider: SwarmChatProvider;
  previous?: { runId: string; records: Map<string, TaskRecord> };
  requirementsFile: string;
  demo: boolean;
}

async function execute(options: RunSwarmOptions & { workspace: string; signal: AbortSignal }, run: RunContext): Promise<RunSwarmResult> {
  const { workspace, events, signal } = options;
  const { runId, config, plan } = run;
  const runDir = path.join(workspace, RUNS_DIR, runId);
  await mkdir(runDir, { recursive: true });
  const journal = await Journal.open(path.join(runDir, 'journal.jsonl'));
  const started = Date.now();
  const monitor = new RunMonitor(events, { runId, workspace, config });
  const tracker = new RequirementTracker(plan, events, { runId, workspace });
  const alerts = new AlertManager(config.alerts, events, { runId, budgetUsd: config.budget.maxCostUsd });
  const usage = trackTaskUsage(events);
  const files = new WorkspaceFiles(workspace, { runId });
  const checkpoints = await CheckpointStore.open(workspace);
  // A failed checkpoint (a file vanishing mid-scan, a full disk) costs the ability to roll back to that point, never the run.
  const checkpoint = (ref: string, label: string) =>
    checkpoints.checkpoint(ref, label).catch((error: unknown) => {
      events.emit('log', { level: 'warn', message: `checkpoint "${label}" failed, so it cannot be rolled back to: ${errorMessage(error)}` });
    });
  const validator = new OutputValidator(config.validation, scanFile(config));
  const history = await readTaskHistory(path.join(workspace, TASK_HISTORY_FILE)).catch(() => ({ entries: [] }));
  const p95 = durationP95ByAgent(history.entries);
  const team = new Map(run.team.map((a) => [a.id, { ...a, timeoutMs: adaptiveTimeout(a.timeoutMs, p95.get(a.id)) }]));
  const concurrency = new AimdConcurrency(config.concurrency);
  const offRateLimit = events.on('llm:error', (e) => {
    if (e.status === 429 && concurrency.rateLimited()) events.emit('log', { level: 'info', message: `rate limited: running at most ${concurrency.current} agent(s) at once for now` });
  });
  const requirements = new Map(plan.requirements.map((r) => [r.id, r]));
  const records = new Map<string, TaskRecord>();

  try {
    const resumed = run.previous !== undefined;
    await journal.append({ type: 'run-start', time: new Date().toISOString(), runId, requirementsFile: run.requirementsFile, model: config.model, demo: run.demo, resumed, plan });
    events.emit('run:start', { runId, workspace, plan, model: config.model, provider: run.provider.description, demo: run.demo, resumed });

    // Not awaited: checkpoints are taken in the order asked, so this one still comes before any task's, and so before any write.
    void checkpoint(`${runId}/start${resumed ? `-${Date.now()}` : ''}`, `before run ${runId}${resumed ? ' (resumed)' : ''}`);
    const settled = await settlePrevious(run.previous?.records, options.resume, { journal, audit: files.audit, checkpoints, runId, events });
    for (const record of settled.values()) {
      records.set(record.taskId, record);
      await replayRecord(record, { events, runId, workspace, config });
    }

    let cancelled = false;
    try {
      await runSchedule({
        tasks: plan.tasks,
        concurrency: config.concurrency,
        currentConcurrency: () => concurrency.current,
        signal,
        settled: new Map([...settled].map(([id, r]) => [id, r.status])),
        queueDepth: (depth) => events.emit('queue:depth', { runId, queue: 'tasks', depth }),
        blocked: (task, reason) => {
          const record = skippedRecord(task.id, task.agent, reason);
          records.set(task.id, record);
          events.emit('task:state', { runId, taskId: task.id, agent: task.agent, state: 'skipped', attempt: 0, reason });
          emitTaskEnd(events, runId, record);
        },
        run: async (task) => {
          const blockedBy = await precheck(task, { workspace, records, provider: run.provider });
          if (blockedBy) {
            const record = skippedRecord(task.id, task.agent, blockedBy);
            records.set(task.id, record);
            events.emit('task:state', { runId, taskId: task.id, agent: task.agent, state: 'skipped', attempt: 0, reason: blockedBy });
            await journal.append({ type: 'task', time: new Date().toISOString(), record });
            emitTaskEnd(events, runId, record);
            return record.status;
          }
          // Off the critical path: the task's first model call runs while the checkpoint is taken; only its writes wait for it.
          files.holdWrites(task.id, checkpoint(`${runId}/before-${task.id}`, `before task ${task.id} of run ${runId}`));
          const record = await runTask(task, {
            runId,
            workspace,
            config,
            team,
            requirements,
            validator,
            events,
            signal,
            usage: (taskId) => usage.get(taskId),
            guidance: guidanceFor(task.id, options.resume, run.previous?.records),
            isFatal: (error) => error instanceof SwarmInputError || (error as { stopsRun?: boolean } | undefined)?.stopsRun === true,
            runAttempt: (request) =>
              runAgent({
                runId,
                taskId: task.id,
                agent: request.agent,
                attempt: request.attempt,
                requirements: request.requirements,
                context: { prerequisiteFiles: prerequisiteFiles(task.dependsOn, records), otherRequirements: plan.requirements.filter((r) => !task.requirements.includes(r.id)) },
                retry: request.retry,
                provider: run.provider,
                model: request.agent.model ?? config.model,
                files,
                events,
                signal: request.signal,
              }),
          });
          records.set(task.id, record);
          await journal.append({ type: 'task', time: new Date().toISOString(), record });
          if (record.status === 'succeeded') concurrency.succeeded();
          emitTaskEnd(events, runId, record);
          return record.status;
        },
      });
    } catch (error) {
      if (!(error instanceof SwarmCancelledError) && !signal.aborted) throw error;
      cancelled = true;
    }
    cancelled ||= signal.aborted;

    // Taken while the report is written: the report, metrics and history all live under .swarm/, which checkpoints leave out.
    const endCheckpoint = checkpoint(`${runId}/end`, `end of run ${runId}`);
    const placeholders = await finalPlaceholders(workspace, records, config);
    await monitor.ready();
    await tracker.traceWorkspaceTests();
    const report = buildReport({ runId, started, cancelled, records, plan, placeholders, tracker, monitor, config, demo: run.demo, workspace, requirementsFile: run.requirementsFile });
    await writeRunReport(runDir, report);
    await writeRunMetrics(runDir, monitor, report).catch((error: unknown) => events.emit('log', { level: 'warn', message: `could not write metrics: ${errorMessage(error)}` }));
    await appendTaskHistory(
      path.join(workspace, TASK_HISTORY_FILE),
      [...records.values()].filter((r) => r.attempts > 0).map((r) => ({ agent: r.producedBy, durationMs: r.durationMs, attempts: r.attempts, outcome: r.status, time: new Date().toISOString() })),
    ).catch((error: unknown) => events.emit('log', { level: 'warn', message: `could not append to the task history: ${errorMessage(error)}` }));
    await endCheckpoint;
    await journal.append({ type: 'run-end', time: new Date().toISOString(), status: report.status });
    alerts.notifyRunEnd(report);
    await alerts.flush();
    events.emit('run:end', { report, reportDir: runDir });
    return { report, reportDir: runDir, exitCode: report.status === 'passed' ? 0 : report.status === 'cancelled' ? 130 : 1 };
  } finally {
    tracker.dispose?.();
    monitor.dispose?.();
    alerts.dispose?.();
    usage.dispose();
    offRateLimit();
    await journal.close();
    // A run that failed may leave checkpoints being taken; none may outlive the run lock.
    await checkpoints.drained();
  }
}

function buildReport(input: {
  runId: string;
  started: number;
  cancelled: boolean;
  records: Map<string, TaskRecord>;
  plan: Plan;
  placeholders: PlaceholderReport[];
  tracker: RequirementTracker;
  monitor: RunMonitor;
  config: SwarmConfig;
  demo: boolean;
  workspace: string;
  requirementsFile: string;
}): RunReport {
  const { records, plan, config } = input;
  const items = input.tracker.snapshot();
  const covered = items.filter((i) => i.status === 'covered').length;
  const coverage = items.length ? covered / items.length : 1;
  const agents: AgentReport[] = plan.tasks.map((task) => {
    const r = records.get(task.id) ?? skippedRecord(task.id, task.agent, input.cancelled ? 'not started: the run was cancelled' : 'not started');
    return {
      id: r.producedBy,
      taskId: r.taskId,
      status: r.status,
      attempts: r.attempts,
      durationMs: r.durationMs,
      tokens: r.tokens,
      costUsd: r.costUsd,
      files: r.files.map((f) => f.path),
      errors: r.errors,
      requirements: task.requirements,
      summary: r.summary || undefined,
    };
  });
  const ran = agents.filter((a) => a.status !== 'skipped' || a.errors.length > 0);
  const successRate = ran.length ? ran.filter((a) => a.status === 'succeeded').length / ran.length : 1;
  const totals = input.monitor.totals();
  const placeholderFiles = new Set(input.placeholders.map((p) => p.file)).size;
  const mustUncovered = items.filter((i) => (i.priority ?? plan.requirements.find((r) => r.id === i.id)?.priority) === 'must' && i.status !== 'covered').length;
  const gates = evaluateGates(config.gates, { coverage, agentSuccessRate: successRate, placeholderFiles, costUsd: totals.costUsd, mustRequirementsUncovered: mustUncovered });
  const status: RunStatus = input.cancelled
    ? 'cancelled'
    : agents.some((a) => a.status === 'needs-approval')
      ? 'needs-approval'
      : gates.every((g) => g.passed) && agents.every((a) => a.status === 'succeeded')
        ? 'passed'
        : 'failed';
  return {
    runId: input.runId,
    status,
    requirements: { total: items.length, covered, coverage: round(coverage), items },
    agents,
    placeholders: input.placeholders,
    gates,
    totals: { ...totals, durationMs: Date.now() - input.started },
    startedAt: new Date(input.started).toISOString(),
    finishedAt: new Date().toISOString(),
    model: config.model,
    demo: input.demo || undefined,
    workspace: input.workspace,
    requirementsFile: input.requirementsFile,
  };
}

function round(value: number): number {
  return Math.round(value * 10000) / 10000;
}

/** A person's findings for a task retried on resume, with the files its earlier attempts left. */
function guidanceFor(taskId: string, resume: RunSwarmOptions['resume'], previous: Map<string, TaskRecord> | undefined) {
  const findings = resume?.retry?.includes(taskId) ? resume.guidance?.[taskId] : undefined;
  if (!findings?.length) return undefined;
  return { findings, previousFiles: previous?.get(taskId)?.files.map((f) => f.path) ?? [] };
}

/** Pre-execution checks: what a task needs before it may start; a reason blocks it, never crashes the run. */
async function precheck(task: Plan['tasks'][number], ctx: { workspace: string; records: Map<string, TaskRecord>; provider: SwarmChatProvider }): Promise<string | undefined> {
  if (ctx.provider.meter.remainingUsd <= 0) return `blocked: the budget is spent ($${ctx.provider.meter.spentUsd.toFixed(4)})`;
  for (const dep of task.dependsOn) {
    // The scheduler starts a task only after its prerequisites succeeded; their files must still be there.
    for (const file of ctx.records.get(dep)?.files ?? []) {
      if (!(await pathExists(path.join(ctx.workspace, file.path)))) return `blocked: ${file.path}, written by prerequisite task ${dep}, is missing`;
    }
  }
  return undefined;
}

function skippedRecord(taskId: string, agent: string, reason: string): TaskRecord {
  return {
    taskId,
    agent,
    producedBy: agent,
    status: 'skipped',
    attempts: 0,
    durationMs: 0,
    files: [],
    covered: [],
    summary: '',
    errors: [reason],
    findings: [],
    tokens: { prompt: 0, completion: 0 },
    costUsd: 0,
    llmCalls: 0,
    retries: 0,
  };
}

function emitTaskEnd(events: RunSwarmOptions['events'], runId: string, record: TaskRecord): void {
  events.emit('task:end', {
    runId,
    taskId: record.taskId,
    agent: record.producedBy,
    status: record.status,
    attempts: record.attempts,
    durationMs: record.durationMs,
    files: record.files.map((f) => f.path),
    errors: record.errors,
    tokens: record.tokens,
    costUsd: record.costUsd,
  });
}

/** Re-emits a settled task's events so listeners (tracker, views) see the resumed run whole. */
async function replayRecord(record: TaskRecord, ctx: { events: RunSwarmOptions['events']; runId: string; workspace: string; config: SwarmConfig }): Promise<void> {
  const { events, runId } = ctx;
  for (const file of record.files) {
    events.emit('file:written', { runId, taskId: record.taskId, agent: record.producedBy, path: file.path, bytes: 0, sha256: file.sha256, requirements: file.requirements });
    const content = await readWorkspaceText(ctx.workspace, file.path);
    const findings = content === undefined ? [] : await scanFile(ctx.config)(file.path, content, file.requirements);
    events.emit('placeholder:findings', { runId, taskId: record.taskId, agent: record.producedBy, file: file.path, findings });
  }
  events.emit('agent:finish', { runId, taskId: record.taskId, agent: record.producedBy, attempt: record.attempts, summary: record.summary, covered: record.covered });
  if (record.status === 'succeeded') events.emit('validation:result', { runId, taskId: record.taskId, agent: record.producedBy, attempt: record.attempts, accepted: true, findings: [] });
  emitTaskEnd(events, runId, record);
}

/** Applies approve / reject / retry decisions to the previous run's tasks; returns the tasks not to run again. */
async function settlePrevious(
  previous: Map<string, TaskRecord> | undefined,
  decisions: RunSwarmOptions['resume'],
  ctx: { journal: Journal; audit: AuditLog; checkpoints: CheckpointStore; runId: string; events: RunSwarmOptions['events'] },
): Promise<Map<string, TaskRecord>> {
  const settled = new Map<string, TaskRecord>();
  if (!previous) return settled;
  const known = new Set(previous.keys());
  for (const id of [...(decisions?.approve ?? []), ...(decisions?.reject ?? []), ...(decisions?.retry ?? [])]) {
    if (!known.has(id)) throw new SwarmInputError(`run ${ctx.runId} has no task "${id}" (tasks: ${[...known].join(', ')})`);
  }
  for (const [id, record] of previous) {
    if (record.status === 'skipped' || decisions?.retry?.includes(id)) continue;
    let decided = record;
    const decision = decisions?.approve?.includes(id) ? 'approve' : decisions?.reject?.includes(id) ? 'reject' : undefined;
    if (decision) {
      if (record.status !== 'needs-approval') throw new SwarmInputError(`task "${id}" does not wait for approval (it ended ${record.status})`);
      decided = { ...record, status: decision === 'approve' ? 'succeeded' : 'failed', errors: [...record.errors, `${decision === 'approve' ? 'approved' : 'rejected'} by a person`] };
      await ctx.journal.append({ type: 'decision', time: new Date().toISOString(), taskId: id, decision });
      await ctx.journal.append({ type: 'task', time: new Date().toISOString(), record: decided });
      for (const file of decided.files) {
        await ctx.audit.append({ runId: ctx.runId, taskId: id, agent: 'user', action: decision, path: file.path, sha256: file.sha256, outcome: decision === 'approve' ? 'approved' : 'rejected' });
      }
      if (decision === 'reject') await rejectOutput(id, decided, ctx);
    }
    settled.set(id, decided);
  }
  return settled;
}

async function loadPreviousRun(workspace: string, runId: string | undefined): Promise<{ runId: string; records: Map<string, TaskRecord>; plan?: Plan }> {
  const runsDir = path.join(workspace, RUNS_DIR);
  let id = runId;
  if (!id) {
    const runs = (await readdir(runsDir).catch(() => [] as string[])).sort();
    id = runs.at(-1);
    if (!id) throw new SwarmInputError(`there is no run to resume in ${runsDir}`);
  }
  const entries = await readJournal(path.join(runsDir, id, 'journal.jsonl')).catch(() => {
    throw new SwarmInputError(`there is no run "${id}" in ${runsDir}`);
  });
  return { runId: id, records: settledTasks(entries), plan: journaledPlan(entries) };
}

function prerequisiteFiles(dependsOn: string[], records: Map<string, TaskRecord>): string[] {
  return [...new Set(dependsOn.flatMap((id) => records.get(id)?.files.map((f) => f.path) ?? []))];
}

function scanFile(config: SwarmConfig) {
  return async (file: string, content: string, claimed: string[]): Promise<PlaceholderReport[]> =>
    (await detectPlaceholders(file, content, { disabledRules: config.placeholders.disabledRules, extraPatterns: config.placeholders.extraPatterns, claimedRequirements: claimed }))
      // Info findings (a TODO tied to a tracked issue) are worth showing in the editor, not a reason to reject work.
      .filter((f) => f.severity !== 'info')
      .map((f) => ({
      file: f.file,
      line: f.line,
      column: f.column,
      rule: f.rule,
      severity: f.severity,
      message: f.message,
      suggestion: f.suggestion,
    }));
}

/** Placeholders in every file the run's tasks wrote, as the files are now. */
async function finalPlaceholders(workspace: string, records: Map<string, TaskRecord>, config: SwarmConfig): Promise<PlaceholderReport[]> {
  const scan = scanFile(config);
  const claims = new Map<string, Set<string>>();
  for (const record of records.values()) for (const f of record.files) claims.set(f.path, new Set([...(claims.get(f.path) ?? []), ...f.requirements]));
  const found: PlaceholderReport[] = [];
  for (const [file, claimed] of [...claims].sort(([a], [b]) => a.localeCompare(b))) {
    const content = await readWorkspaceText(workspace, file);
    if (content !== undefined) found.push(...(await scan(file, content, [...claimed])));
  }
  return found;
}

function trackTaskUsage(events: RunSwarmOptions['events']) {
  const byTask = new Map<string, Pick<TaskRecord, 'tokens' | 'costUsd' | 'llmCalls'>>();
  const off = events.on('llm:call', (call) => {
    if (!call.taskId) return;
    const u = byTask.get(call.taskId) ?? { tokens: { prompt: 0, completion: 0 }, costUsd: 0, llmCalls: 0 };
    u.tokens.prompt += call.tokens.prompt;
    u.tokens.completion += call.tokens.completion;
    u.costUsd += call.costUsd;
    u.llmCalls += 1;
    byTask.set(call.taskId, u);
  });
  return {
    get: (taskId: string) => byTask.get(taskId) ?? { tokens: { prompt: 0, completion: 0 }, costUsd: 0, llmCalls: 0 },
    dispose: off,
  };
}

/** A rejected task's files go back to what they were before the task, except where the user has changed them since. */
async function rejectOutput(taskId: string, record: TaskRecord, ctx: { audit: AuditLog; checkpoints: CheckpointStore; runId: string; events: RunSwarmOptions['events'] }): Promise<void> {
  const ref = `${ctx.runId}/before-${taskId}`;
  if (!record.files.length || !(await ctx.checkpoints.find(ref))) return;
  const plan = await ctx.checkpoints.planRollback(ref, record.files.map((f) => f.path));
  const result = await ctx.checkpoints.rollback(plan);
  for (const file of [...result.restored, ...result.removed]) {
    await ctx.audit.append({ runId: ctx.runId, taskId, agent: 'user', action: 'rollback', path: file, outcome: 'rolled-back', reason: `task ${taskId} rejected` });
  }
  for (const file of result.skipped) ctx.events.emit('log', { level: 'warn', message: `kept ${file}: it changed since the run, so rejecting ${taskId} did not overwrite it` });
}

async function startDemo(workspace: string) {
  const { requirementsFile } = await prepareDemoWorkspace(workspace);
  const model = await startDemoModel();
  return {
    requirementsFile,
    apiKey: model.apiKey,
    overrides: { baseUrl: model.baseUrl, model: model.model, cache: { enabled: false } } satisfies ConfigOverrides,
    model: model.model,
    close: () => model.close(),
  };
}
