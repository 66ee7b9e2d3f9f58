import type { TeamAgent } from '../agents/team';
import type { SwarmConfig } from '../config/schema';
import { SwarmCancelledError, errorMessage } from '../errors';
import type { SwarmEvents, ValidationFinding } from '../events';
import { abortableSleep } from '../llm/abortableSleep';
import type { PlannedTask } from '../planning/plan';
import type { Requirement } from '../requirements/requirement';
import type { OutputValidator } from '../validation/outputValidator';
import type { WrittenFile } from '../validation/validationRule';
import { readWorkspaceText } from '../workspace/workspaceDirectory';
import type { TaskRecord } from './journal';

/** One attempt of one agent, as the runtime reports it. */
export interface AttemptOutcome {
  finished: boolean;
  summary: string;
  covered: string[];
  files: { path: string; requirements: string[]; sha256: string }[];
  refused: { path: string; reason: string }[];
  toolErrors: string[];
}

export interface AttemptRequest {
  task: PlannedTask;
  agent: TeamAgent;
  attempt: number;
  requirements: Requirement[];
  retry?: { findings: ValidationFinding[]; previousFiles: string[]; previousSummary?: string };
  signal: AbortSignal;
}

export interface TaskRunnerDeps {
  runId: string;
  workspace: string;
  config: SwarmConfig;
  team: ReadonlyMap<string, TeamAgent>;
  requirements: ReadonlyMap<string, Requirement>;
  validator: OutputValidator;
  events: SwarmEvents;
  /** The run's cancellation (user) signal. */
  signal: AbortSignal;
  runAttempt(request: AttemptRequest): Promise<AttemptOutcome>;
  /** Errors that end the whole run (rejected key, budget): the task fails and no more attempts are made. */
  isFatal(error: unknown): boolean;
  /** Findings a person gave this task on a retry: its first attempt starts from them and the files it wrote before. */
  guidance?: { findings: ValidationFinding[]; previousFiles: string[] };
  /** Token, cost and call totals of a task so far, from the engine's `llm:call` events. */
  usage(taskId: string): Pick<TaskRecord, 'tokens' | 'costUsd' | 'llmCalls'>;
}

/**
 * The seed's RecoveryManager for one task: attempts with the validator's findings given back,
 * backoff between attempts, then the fallback agent, then a person (per `approval`).
 */
export async function runTask(task: PlannedTask, deps: TaskRunnerDeps): Promise<TaskRecord> {
  const { config, events, runId } = deps;
  const started = Date.now();
  const requirements = task.requirements.map((id) => deps.requirements.get(id)).filter((r): r is Requirement => r !== undefined);
  const primary = deps.team.get(task.agent);
  if (!primary) throw new Error(`task ${task.id} names unknown agent ${task.agent}`);
  const fallback = primary.fallback ? deps.team.get(primary.fallback) : undefined;
  const chain = fallback && fallback.id !== primary.id ? [primary, fallback] : [primary];

  const files = new Map<string, WrittenFile & { sha256: string }>();
  const covered = new Set<string>();
  const errors: string[] = [];
  let findings: ValidationFinding[] = [];
  let summary = '';
  let attempts = 0;
  let producedBy = primary.id;
  let fatal = false;
  let accepted = false;

  outer: for (const agent of chain) {
    for (let attempt = 1; attempt <= config.recovery.attempts; attempt++) {
      attempts++;
      if (attempts > 1) {
        const backoff = config.recovery.backoffMs.length ? config.recovery.backoffMs[Math.min(attempts - 2, config.recovery.backoffMs.length - 1)]! : 0;
        const reason = agent !== primary && attempt === 1 ? `${primary.id} exhausted its attempts; fallback agent ${agent.id} takes over` : `attempt ${attempt} after ${findings.length} finding(s)`;
        events.emit('task:state', { runId, taskId: task.id, agent: agent.id, state: 'retrying', attempt: attempts, reason });
        if (backoff > 0) await abortableSleep(backoff, deps.signal);
      }
      events.emit('task:state', { runId, taskId: task.id, agent: agent.id, state: 'running', attempt: attempts });
      const attemptSignal = AbortSignal.any([deps.signal, AbortSignal.timeout(agent.timeoutMs)]);
      let outcome: AttemptOutcome;
      try {
        outcome = await deps.runAttempt({
          task,
          agent,
          attempt: attempts,
          requirements,
          retry: attempts > 1 ? { findings, previousFiles: [...files.keys()], previousSummary: summary || undefined } : deps.guidance,
          signal: attemptSignal,
        });
      } catch (error) {
        if (deps.signal.aborted) throw new SwarmCancelledError();
        const message = attemptSignal.aborted ? `timed out after ${agent.timeoutMs} ms` : errorMessage(error);
        errors.push(`attempt ${attempts} (${agent.id}): ${message}`);
        findings = [{ rule: attemptSignal.aborted ? 'agent-timeout' : 'agent-error', message, suggestion: 'Work in smaller steps: write one file per tool call and call finish as soon as the requirements are implemented.' }];
        if (deps.isFatal(error)) {
          fatal = true;
          break outer;
        }
        continue;
      }
      if (deps.signal.aborted) throw new SwarmCancelledError();

      summary = outcome.summary || summary;
      producedBy = agent.id;
      for (const id of outcome.covered) covered.add(id);
      for (const refusal of outcome.refused) errors.push(`attempt ${attempts} (${agent.id}): write to ${refusal.path} refused: ${refusal.reason}`);
      for (const written of outcome.files) {
        const content = await readWorkspaceText(deps.workspace, written.path);
        if (content !== undefined) files.set(written.path, { ...written, content });
      }

      events.emit('task:state', { runId, taskId: task.id, agent: agent.id, state: 'validating', attempt: attempts });
      const result = await deps.validator.validate({
        agent,
        assigned: requirements,
        finished: outcome.finished,
        covered: [...covered],
        files: [...files.values()],
      });
      for (const [file, found] of result.placeholders) events.emit('placeholder:findings', { runId, taskId: task.id, agent: agent.id, file, findings: found });
      events.emit('validation:result', { runId, taskId: task.id, agent: agent.id, attempt: attempts, accepted: result.accepted, findings: result.findings });
      findings = result.findings;
      if (result.accepted) {
        accepted = true;
        break outer;
      }
      errors.push(`attempt ${attempts} (${agent.id}) rejected: ${findings.map((f) => `${f.rule}${f.file ? ` ${f.file}${f.line ? `:${f.line}` : ''}` : ''}: ${f.message}`).join('; ')}`);
    }
  }

  const status = accepted ? (config.approval === 'always' ? 'needs-approval' : 'succeeded') : config.approval === 'auto' || fatal ? 'failed' : 'needs-approval';
  return {
    taskId: task.id,
    agent: task.agent,
    producedBy,
    status,
    attempts,
    durationMs: Date.now() - started,
    files: [...files.values()].map(({ path: p, requirements: r, sha256 }) => ({ path: p, requirements: r, sha256 })),
    covered: [...covered],
    summary,
    errors,
    findings,
    ...deps.usage(task.id),
    retries: Math.max(0, attempts - 1),
  };
}

