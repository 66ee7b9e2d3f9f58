import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LiveRequirementStatus, SwarmEventMap, SwarmEventName, TaskState, ValidationFinding } from '../../core/events';
import type { RequirementReport, RunReport, RunStatus, TokenCounts } from '../../core/report/runReport';
import type { Requirement, RequirementsDocument } from '../../core/requirements/requirement';

/** Whether the workspace's requirements document could be read, for the views' welcome content. */
export type DocumentState = 'unknown' | 'missing' | 'invalid' | 'empty' | 'ok';

export interface RequirementView {
  id: string;
  title: string;
  description: string;
  criteria: string[];
  dependsOn: string[];
  capabilities: string[];
  priority?: string;
  source?: { file: string; line: number };
  status: LiveRequirementStatus;
  agents: string[];
  /** Workspace-relative paths. */
  files: string[];
  tests: string[];
  evidence?: RequirementReport['evidence'];
  taskIds: string[];
}

export interface TaskView {
  taskId: string;
  agent: string;
  requirements: string[];
  state: TaskState;
  attempt: number;
  startedAt?: number;
  durationMs?: number;
  tokens: TokenCounts;
  costUsd: number;
  files: string[];
  errors: string[];
  findings: ValidationFinding[];
  reason?: string;
  lastStep?: string;
}

export interface RunView {
  runId: string;
  status: RunStatus | 'running';
  workspace: string;
  model?: string;
  provider?: string;
  demo: boolean;
  reportDir?: string;
  report?: RunReport;
}

const DONE_TASK_STATES: readonly TaskState[] = ['succeeded', 'failed', 'needs-approval', 'skipped'];

/**
 * What the views show: the workspace's requirements and the current (or last) run, kept up to date
 * from the engine's events. It only listens; it never changes the engine.
 */
export class SwarmState implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fired at most once per tick, however many events arrived. */
  readonly onDidChange = this.changed.event;
  private pendingFire: NodeJS.Timeout | undefined;

  private documentRequirements: Requirement[] = [];
  private documentFile: string | undefined;
  private docState: DocumentState = 'unknown';
  private docError: Error | undefined;

  private readonly live = new Map<string, RequirementView>();
  private readonly taskMap = new Map<string, TaskView>();
  private currentRun: RunView | undefined;

  get documentState(): DocumentState {
    return this.docState;
  }

  get documentError(): Error | undefined {
    return this.docError;
  }

  /** Absolute path of the requirements document last read. */
  get requirementsFile(): string | undefined {
    return this.documentFile;
  }

  get run(): RunView | undefined {
    return this.currentRun;
  }

  /** `absoluteFile`: the document's path on disk (the document itself names it workspace-relative). */
  setDocument(document: RequirementsDocument, absoluteFile: string): void {
    this.documentFile = absoluteFile;
    this.documentRequirements = document.requirements;
    this.docState = document.requirements.length > 0 ? 'ok' : 'empty';
    this.docError = undefined;
    this.fire();
  }

  setDocumentProblem(state: 'missing' | 'invalid', file: string | undefined, error?: Error): void {
    this.docState = state;
    this.docError = error;
    if (file) this.documentFile = file;
    if (state === 'missing') this.documentRequirements = [];
    this.fire();
  }

  /** Every requirement: the document's in its order, then any that only the run knows. */
  requirements(): RequirementView[] {
    const seen = new Set<string>();
    const result: RequirementView[] = [];
    for (const requirement of this.documentRequirements) {
      seen.add(requirement.id);
      result.push(this.viewOf(requirement));
    }
    for (const [id, view] of this.live) if (!seen.has(id)) result.push(view);
    return result;
  }

  requirement(id: string): RequirementView | undefined {
    const fromDocument = this.documentRequirements.find((r) => r.id === id);
    return fromDocument ? this.viewOf(fromDocument) : this.live.get(id);
  }

  tasks(): TaskView[] {
    return [...this.taskMap.values()];
  }

  task(taskId: string): TaskView | undefined {
    return this.taskMap.get(taskId);
  }

  tasksNeedingApproval(): TaskView[] {
    return this.tasks().filter((t) => t.state === 'needs-approval');
  }

  coverage(): { covered: number; total: number } {
    const all = this.requirements();
    return { covered: all.filter((r) => r.status === 'covered').length, total: all.length };
  }

  /** The requirements whose files include this workspace-relative path. */
  requirementsForFile(relativePath: string): RequirementView[] {
    const wanted = normalize(relativePath);
    return this.requirements().filter((r) => r.files.some((f) => normalize(f) === wanted));
  }

  /** Applies one engine event. */
  apply<K extends SwarmEventName>(name: K, payload: SwarmEventMap[K]): void {
    switch (name) {
      case 'run:start':
        this.onRunStart(payload as SwarmEventMap['run:start']);
        break;
      case 'task:state':
        this.onTaskState(payload as SwarmEventMap['task:state']);
        break;
      case 'agent:step': {
        const step = payload as SwarmEventMap['agent:step'];
        const task = this.ensureTask(step.taskId, step.agent);
        task.lastStep = step.message;
        break;
      }
      case 'file:written':
        this.onFileWritten(payload as SwarmEventMap['file:written']);
        break;
      case 'llm:call': {
        const call = payload as SwarmEventMap['llm:call'];
        if (!call.taskId) return;
        const task = this.ensureTask(call.taskId, call.agent ?? '');
        task.tokens = { prompt: task.tokens.prompt + call.tokens.prompt, completion: task.tokens.completion + call.tokens.completion };
        task.costUsd += call.costUsd;
        break;
      }
      case 'validation:result': {
        const result = payload as SwarmEventMap['validation:result'];
        this.ensureTask(result.taskId, result.agent).findings = result.findings;
        break;
      }
      case 'task:end':
        this.onTaskEnd(payload as SwarmEventMap['task:end']);
        break;
      case 'requirement:status': {
        const status = payload as SwarmEventMap['requirement:status'];
        this.liveOf(status.id).status = status.status;
        break;
      }
      case 'run:end': {
        const end = payload as SwarmEventMap['run:end'];
        this.loadReport(end.report, end.reportDir);
        return;
      }
      default:
        return;
    }
    this.fire();
  }

  /** Restores a finished run's state from its report (on reload, and at the end of every run). */
  loadReport(report: RunReport, reportDir: string): void {
    this.currentRun = {
      runId: report.runId,
      status: report.status,
      workspace: report.workspace ?? this.currentRun?.workspace ?? path.dirname(path.dirname(path.dirname(reportDir))),
      model: report.model ?? this.currentRun?.model,
      provider: this.currentRun?.provider,
      demo: report.demo ?? false,
      reportDir,
      report,
    };
    const previousTasks = new Map(this.taskMap);
    this.live.clear();
    for (const item of report.requirements.items) {
      const view = this.liveOf(item.id);
      view.title = item.title;
      view.status = item.status;
      view.agents = [...item.agents];
      view.files = [...item.files];
      view.tests = item.tests ? [...item.tests] : [];
      view.evidence = item.evidence;
      if (item.priority) view.priority = item.priority;
      if (item.criteria) view.criteria = [...item.criteria];
    }
    this.taskMap.clear();
    for (const agent of report.agents) {
      const taskId = agent.taskId ?? agent.id;
      const before = previousTasks.get(taskId);
      const requirements = agent.requirements ?? before?.requirements ?? [];
      this.taskMap.set(taskId, {
        taskId,
        agent: agent.id,
        requirements,
        state: agent.status,
        attempt: agent.attempts,
        durationMs: agent.durationMs,
        tokens: { ...agent.tokens },
        costUsd: agent.costUsd,
        files: [...agent.files],
        errors: [...agent.errors],
        findings: before?.findings ?? [],
        reason: agent.errors.at(-1) ?? before?.reason,
        lastStep: agent.summary ?? before?.lastStep,
      });
      for (const id of requirements) this.addUnique(this.liveOf(id).taskIds, taskId);
    }
    this.fire();
  }

  dispose(): void {
    if (this.pendingFire) clearTimeout(this.pendingFire);
    this.changed.dispose();
  }

  private onRunStart(start: SwarmEventMap['run:start']): void {
    this.currentRun = { runId: start.runId, status: 'running', workspace: start.workspace, model: start.model, provider: start.provider, demo: start.demo };
    if (start.plan.requirements.length > 0) {
      this.documentRequirements = start.plan.requirements;
      this.docState = 'ok';
      this.docError = undefined;
    }
    this.live.clear();
    this.taskMap.clear();
    for (const task of start.plan.tasks) {
      this.taskMap.set(task.id, emptyTask(task.id, task.agent, task.requirements));
      for (const id of task.requirements) {
        const view = this.liveOf(id);
        this.addUnique(view.agents, task.agent);
        this.addUnique(view.taskIds, task.id);
      }
    }
  }

  private onTaskState(event: SwarmEventMap['task:state']): void {
    const task = this.ensureTask(event.taskId, event.agent);
    if (task.startedAt === undefined && event.state === 'running') task.startedAt = Date.now();
    task.state = event.state;
    task.attempt = Math.max(task.attempt, event.attempt);
    if (event.reason !== undefined) task.reason = event.reason;
    if (DONE_TASK_STATES.includes(event.state) && task.startedAt !== undefined && task.durationMs === undefined) {
      task.durationMs = Date.now() - task.startedAt;
    }
  }

  private onFileWritten(event: SwarmEventMap['file:written']): void {
    const task = this.ensureTask(event.taskId, event.agent);
    this.addUnique(task.files, event.path);
    for (const id of event.requirements) {
      const view = this.liveOf(id);
      this.addUnique(view.files, event.path);
      this.addUnique(view.agents, event.agent);
    }
  }

  private onTaskEnd(event: SwarmEventMap['task:end']): void {
    const task = this.ensureTask(event.taskId, event.agent);
    task.state = event.status;
    task.attempt = event.attempts;
    task.durationMs = event.durationMs;
    task.files = [...event.files];
    task.errors = [...event.errors];
    task.tokens = { ...event.tokens };
    task.costUsd = event.costUsd;
    if (event.errors.length > 0) task.reason = event.errors.at(-1);
  }

  private ensureTask(taskId: string, agent: string): TaskView {
    let task = this.taskMap.get(taskId);
    if (!task) this.taskMap.set(taskId, (task = emptyTask(taskId, agent, [])));
    return task;
  }

  private liveOf(id: string): RequirementView {
    let view = this.live.get(id);
    if (!view) {
      const fromDocument = this.documentRequirements.find((r) => r.id === id);
      view = {
        id,
        title: fromDocument?.title ?? id,
        description: fromDocument?.description ?? '',
        criteria: fromDocument ? [...fromDocument.criteria] : [],
        dependsOn: fromDocument ? [...fromDocument.dependsOn] : [],
        capabilities: fromDocument ? [...fromDocument.capabilities] : [],
        priority: fromDocument?.priority,
        source: fromDocument?.source,
        status: 'pending',
        agents: [],
        files: [],
        tests: [],
        taskIds: [],
      };
      this.live.set(id, view);
    }
    return view;
  }

  /** The document's requirement, with what the run knows about it. */
  private viewOf(requirement: Requirement): RequirementView {
    const live = this.live.get(requirement.id);
    return {
      id: requirement.id,
      title: requirement.title,
      description: requirement.description,
      criteria: requirement.criteria,
      dependsOn: requirement.dependsOn,
      capabilities: requirement.capabilities,
      priority: requirement.priority,
      source: requirement.source,
      status: live?.status ?? 'pending',
      agents: live?.agents ?? [],
      files: live?.files ?? [],
      tests: live?.tests ?? [],
      evidence: live?.evidence,
      taskIds: live?.taskIds ?? [],
    };
  }

  private addUnique(list: string[], value: string): void {
    if (!list.includes(value)) list.push(value);
  }

  private fire(): void {
    if (this.pendingFire) return;
    this.pendingFire = setTimeout(() => {
      this.pendingFire = undefined;
      this.changed.fire();
    }, 0);
  }
}

function emptyTask(taskId: string, agent: string, requirements: string[]): TaskView {
  return { taskId, agent, requirements: [...requirements], state: 'pending', attempt: 0, tokens: { prompt: 0, completion: 0 }, costUsd: 0, files: [], errors: [], findings: [] };
}

function normalize(p: string): string {
  return p.split(path.sep).join('/').replace(/^\.\//, '');
}
