import * as vscode from 'vscode';
import { SwarmCancelledError } from '../../core/errors';
import { SwarmEvents, type SwarmEventMap, type SwarmEventName, type ValidationFinding } from '../../core/events';
import type { RunSwarmOptions, RunSwarmResult } from '../../core/engine/runOptions';
import type { RunReport } from '../../core/report/runReport';
import type { Ctx } from '../ctx';
import type { SwarmState } from '../state/swarmState';
import { logEvent } from './eventLog';
import { MissingRequirementsError } from './missingRequirementsError';
import { resolveProvider } from './resolveProvider';
import { showRunError } from './showRunError';

export type Decision = 'approve' | 'reject' | 'retry';

export interface RunRequest {
  kind: 'run' | 'demo' | 'resume';
  workspace: string;
  /** For `resume`: which run (the latest when omitted) and how to settle the tasks that wait. */
  resume?: RunSwarmOptions['resume'];
  /** Resume a demo run with the demo model. */
  demo?: boolean;
}

export interface WrittenFile {
  /** Absolute. */
  path: string;
  runId: string;
  agent: string;
  taskId: string;
}

/**
 * Starts runs (one at a time) with a cancellable progress notification, feeds the engine's events to
 * the state, the log and the listeners, asks for approvals, and reports the outcome.
 */
export class RunController implements vscode.Disposable {
  private active: { abort: AbortController; workspace: string; runId?: string } | undefined;
  private readonly queuedDecisions = new Map<string, Decision>();
  private readonly queuedGuidance = new Map<string, ValidationFinding[]>();
  private readonly asked = new Set<string>();
  private readonly writtenEmitter = new vscode.EventEmitter<WrittenFile[]>();
  private readonly endEmitter = new vscode.EventEmitter<RunSwarmResult | undefined>();
  /** Files an agent's task wrote, once the task has ended (for the language server). */
  readonly onDidWriteFiles = this.writtenEmitter.event;
  /** A run ended: its result, or undefined when it never started or threw. */
  readonly onDidEndRun = this.endEmitter.event;

  constructor(private readonly ctx: Ctx) {}

  get isRunning(): boolean {
    return this.active !== undefined;
  }

  get activeRunId(): string | undefined {
    return this.active?.runId;
  }

  cancel(): void {
    this.active?.abort.abort();
  }

  /**
   * Records a decision on a task that waits for approval. During a run it is applied as soon as the
   * run ends (the engine settles waiting tasks on resume); otherwise the run is resumed now.
   */
  async decide(decision: Decision, taskIds: string[], runId: string | undefined, workspace: string, guidance: ValidationFinding[] = []): Promise<RunSwarmResult | undefined> {
    if (this.active) {
      for (const id of taskIds) {
        this.queuedDecisions.set(id, decision);
        if (guidance.length) this.queuedGuidance.set(id, [...(this.queuedGuidance.get(id) ?? []), ...guidance]);
      }
      this.ctx.log.info(`queued ${decision} of ${taskIds.join(', ')} until the current run ends`);
      return undefined;
    }
    const resume = {
      runId,
      ...groupDecisions(new Map(taskIds.map((id) => [id, decision]))),
      ...(decision === 'retry' && guidance.length > 0 && { guidance: Object.fromEntries(taskIds.map((id) => [id, guidance])) }),
    };
    return this.start({ kind: 'resume', workspace, resume, demo: this.ctx.state.run?.report?.demo });
  }

  async start(request: RunRequest): Promise<RunSwarmResult | undefined> {
    if (this.active) {
      void vscode.window.showInformationMessage(vscode.l10n.t('A Swarm run is already in progress in this window.'));
      return undefined;
    }
    const abort = new AbortController();
    this.active = { abort, workspace: request.workspace };
    this.ctx.setContext('swarm.running', true);
    let result: RunSwarmResult | undefined;
    try {
      result = await this.execute(request, abort);
    } catch (error) {
      void showRunError(this.ctx, error, request.workspace);
    } finally {
      this.active = undefined;
      this.ctx.setContext('swarm.running', false);
      this.endEmitter.fire(result);
    }
    if (result) {
      void this.showSummary(result.report, result.exitCode);
      const follow = this.takeQueuedDecisions(result.report);
      if (follow) return this.start({ kind: 'resume', workspace: request.workspace, resume: { runId: result.report.runId, ...follow }, demo: result.report.demo });
    }
    return result;
  }

  dispose(): void {
    this.cancel();
    this.writtenEmitter.dispose();
    this.endEmitter.dispose();
  }

  private async execute(request: RunRequest, abort: AbortController): Promise<RunSwarmResult> {
    const title =
      request.kind === 'demo'
        ? vscode.l10n.t('Swarm demo')
        : request.kind === 'resume'
          ? vscode.l10n.t('Swarm: resuming run')
          : vscode.l10n.t('Swarm');
    return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
      token.onCancellationRequested(() => abort.abort());
      progress.report({ message: vscode.l10n.t('planning…') });
      const options = await this.options(request, abort.signal);
      const tracker = new ProgressTracker(progress);
      options.events.onAny((name, payload) => this.onEvent(name, payload, tracker));
      this.ctx.log.info(`${request.kind === 'resume' ? 'resuming' : 'starting'} ${request.kind === 'demo' ? 'the demo' : 'a run'} in ${request.workspace}`);
      const result = await this.ctx.engine.runSwarm(options);
      if (!this.ctx.state.run?.report || this.ctx.state.run.runId !== result.report.runId || this.ctx.state.run.status === 'running') {
        this.ctx.state.loadReport(result.report, result.reportDir);
      }
      if (result.exitCode === 130 && abort.signal.aborted) this.ctx.log.info('the run was cancelled; what was accepted is kept');
      return result;
    });
  }

  private async options(request: RunRequest, signal: AbortSignal): Promise<RunSwarmOptions> {
    const events = new SwarmEvents();
    const base: RunSwarmOptions = { workspace: request.workspace, events, signal, ...(request.resume && { resume: request.resume }) };
    if (request.kind === 'demo' || request.demo) return { ...base, demo: true };
    if (signal.aborted) throw new SwarmCancelledError();
    // As the engine does (and the CLI shows): the document's problems come before the model's.
    if (request.kind === 'run') await this.checkRequirements();
    const provider = await resolveProvider(this.ctx, request.workspace);
    const overrides = this.ctx.config.toOverrides();
    return provider.kind === 'vscode-lm'
      ? { ...base, overrides, provider: provider.provider }
      : { ...base, overrides, apiKeys: provider.apiKeys };
  }

  private async checkRequirements(): Promise<void> {
    await this.ctx.ui.requirementsWatcher.reload();
    const state = this.ctx.state;
    if (state.documentState === 'missing') throw new MissingRequirementsError(state.requirementsFile ?? 'REQUIREMENTS.md');
    if (state.documentState === 'invalid' && state.documentError) throw state.documentError;
  }

  private onEvent<K extends SwarmEventName>(name: K, payload: SwarmEventMap[K], tracker: ProgressTracker): void {
    logEvent(this.ctx.log, name, payload);
    this.ctx.state.apply(name, payload);
    tracker.apply(name, payload);
    if (name === 'run:start' && this.active) this.active.runId = (payload as SwarmEventMap['run:start']).runId;
    if (name === 'task:state') {
      const e = payload as SwarmEventMap['task:state'];
      if (e.state === 'needs-approval') this.askOnce(e.runId, e.taskId, e.agent, e.reason);
    }
    if (name === 'task:end') {
      const e = payload as SwarmEventMap['task:end'];
      if (e.status === 'needs-approval') this.askOnce(e.runId, e.taskId, e.agent, e.errors.at(-1));
      const workspace = this.active?.workspace;
      if (workspace && e.files.length > 0) {
        this.writtenEmitter.fire(e.files.map((f) => ({ path: vscode.Uri.joinPath(vscode.Uri.file(workspace), f).fsPath, runId: e.runId, agent: e.agent, taskId: e.taskId })));
      }
    }
  }

  /** The engine may announce a waiting task by its state and by its end: one notification per wait. */
  private askOnce(runId: string, taskId: string, agent: string, reason: string | undefined): void {
    const key = `${runId}/${taskId}/${this.state.task(taskId)?.attempt ?? 0}`;
    if (this.asked.has(key)) return;
    this.asked.add(key);
    void this.promptApproval(taskId, agent, reason, runId);
  }

  private get state(): SwarmState {
    return this.ctx.state;
  }

  private async promptApproval(taskId: string, agent: string, reason: string | undefined, runId: string): Promise<void> {
    const approve = vscode.l10n.t('Approve');
    const reject = vscode.l10n.t('Reject');
    const retry = vscode.l10n.t('Retry');
    const message = reason
      ? vscode.l10n.t('Task {0} ({1}) needs your approval: {2}', taskId, agent, reason)
      : vscode.l10n.t('Task {0} ({1}) needs your approval.', taskId, agent);
    const choice = await vscode.window.showWarningMessage(message, approve, reject, retry);
    const decision: Decision | undefined = choice === approve ? 'approve' : choice === reject ? 'reject' : choice === retry ? 'retry' : undefined;
    const workspace = this.active?.workspace ?? this.ctx.workspaceFolder?.uri.fsPath;
    if (decision && workspace) await this.decide(decision, [taskId], runId, workspace);
  }

  private takeQueuedDecisions(report: RunReport): (ReturnType<typeof groupDecisions> & { guidance?: Record<string, ValidationFinding[]> }) | undefined {
    if (this.queuedDecisions.size === 0) return undefined;
    const decisions = new Map(this.queuedDecisions);
    const guidance = Object.fromEntries(this.queuedGuidance);
    this.queuedDecisions.clear();
    this.queuedGuidance.clear();
    return report.status === 'cancelled' ? undefined : { ...groupDecisions(decisions), ...(Object.keys(guidance).length > 0 && { guidance }) };
  }

  private async showSummary(report: RunReport, exitCode: number): Promise<void> {
    const r = report.requirements;
    const summary = vscode.l10n.t(
      '{0}/{1} requirements covered ({2}%), {3} model calls, ${4}.',
      r.covered,
      r.total,
      Math.round(r.coverage * 100),
      report.totals.llmCalls,
      report.totals.costUsd.toFixed(2),
    );
    const showReport = vscode.l10n.t('Show Report');
    const showOutput = vscode.l10n.t('Show Output');
    const review = vscode.l10n.t('Review');
    let choice: string | undefined;
    switch (report.status) {
      case 'passed':
        choice = await vscode.window.showInformationMessage(vscode.l10n.t('Swarm run passed: {0}', summary), showReport);
        break;
      case 'needs-approval': {
        const waiting = report.agents.filter((a) => a.status === 'needs-approval').length;
        choice = await vscode.window.showWarningMessage(vscode.l10n.t('Swarm run waits for your approval of {0} task(s): {1}', waiting, summary), review, showReport);
        break;
      }
      case 'cancelled':
        return showRunError(this.ctx, new SwarmCancelledError(), report.workspace);
      default: {
        const failedGates = report.gates.filter((g) => !g.passed).map((g) => g.name);
        const why = failedGates.length > 0 ? vscode.l10n.t('gates not met: {0}', failedGates.join(', ')) : vscode.l10n.t('exit code {0}', exitCode);
        choice = await vscode.window.showWarningMessage(vscode.l10n.t('Swarm run failed ({0}): {1}', why, summary), showReport, showOutput);
      }
    }
    if (choice === showReport) await vscode.commands.executeCommand('swarm.showReport', report.runId);
    else if (choice === showOutput) this.ctx.log.show(true);
    else if (choice === review) await vscode.commands.executeCommand('swarm.agents.focus');
  }
}

function groupDecisions(decisions: Map<string, Decision>): { approve: string[]; reject: string[]; retry: string[] } {
  const grouped = { approve: [] as string[], reject: [] as string[], retry: [] as string[] };
  for (const [taskId, decision] of decisions) grouped[decision].push(taskId);
  return grouped;
}

/** The notification's message and bar: tasks done out of all, and what the latest agent is doing. */
class ProgressTracker {
  private total = 0;
  private done = 0;
  private readonly ended = new Set<string>();

  constructor(private readonly progress: vscode.Progress<{ message?: string; increment?: number }>) {}

  apply<K extends SwarmEventName>(name: K, payload: SwarmEventMap[K]): void {
    switch (name) {
      case 'run:start':
        this.total = (payload as SwarmEventMap['run:start']).plan.tasks.length;
        this.progress.report({ message: vscode.l10n.t('{0} tasks planned', this.total) });
        break;
      case 'task:state': {
        const e = payload as SwarmEventMap['task:state'];
        if (e.state === 'running' || e.state === 'retrying' || e.state === 'validating') {
          this.progress.report({ message: this.message(`${e.agent}: ${e.state}${e.attempt > 1 ? ` (${e.attempt})` : ''}`) });
        }
        break;
      }
      case 'agent:step': {
        const e = payload as SwarmEventMap['agent:step'];
        this.progress.report({ message: this.message(`${e.agent}: ${e.message}`) });
        break;
      }
      case 'task:end': {
        const e = payload as SwarmEventMap['task:end'];
        if (this.ended.has(e.taskId)) break;
        this.ended.add(e.taskId);
        this.done++;
        this.progress.report({ message: this.message(`${e.agent}: ${e.status}`), increment: this.total > 0 ? 100 / this.total : 0 });
        break;
      }
      default:
        break;
    }
  }

  private message(detail: string): string {
    const head = vscode.l10n.t('{0}/{1} tasks', this.done, this.total);
    const text = `${head} · ${detail}`;
    return text.length > 120 ? `${text.slice(0, 117)}…` : text;
  }
}
