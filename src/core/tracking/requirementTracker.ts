import { existsSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import type { LiveRequirementStatus, SwarmEventMap, SwarmEvents, TaskState } from '../events';
import type { Plan } from '../planning/plan';
import type { AgentRunStatus, RequirementReport, TraceabilityRow } from '../report/runReport';
import { traceabilityRow } from '../report/traceability';
import { coverageStatus, finalStatus, type CoverageEvidence, type TaskPhase } from './coverageStatus';
import { isTestFile, mentionedIds, scanWorkspaceTests } from './testFiles';

interface TaskTrack {
  id: string;
  plannedAgent: string;
  /** Agents that worked on it (a fallback agent may take over). */
  agents: Set<string>;
  attempt: number;
  state?: TaskState;
  validation?: { attempt: number; accepted: boolean };
  finish?: { attempt: number; covered: Set<string> };
  ended?: { status: AgentRunStatus; files: Set<string> };
}

interface FileTrack {
  taskId: string;
  agent: string;
  /** The claims of the latest write: the file's content is that write's. */
  requirements: string[];
  sha256: string;
}

const WORKING_STATES = new Set<TaskState>(['running', 'validating', 'retrying']);
const MAX_TEST_FILE_BYTES = 1024 * 1024;

export interface RequirementTrackerOptions {
  /** Only this run's events count; `requirement:status` events carry it. */
  runId?: string;
  /** Lets snapshots list only files that exist and read test files for the IDs they mention. */
  workspace?: string;
}

/**
 * Live status of every requirement of a plan, from the engine's events (`task:state`, `file:written`,
 * `agent:finish`, `placeholder:findings`, `validation:result`, `task:end`). Emits
 * `requirement:status` whenever one changes. A requirement is *covered* when its task's output was
 * accepted, an accepted file claims it, its agent claimed it in `finish`, and none of its files holds a
 * placeholder; *partial* when some of that holds (see coverageStatus.ts).
 *
 * A retried task starts over: what its earlier attempt claimed in `finish` or passed in validation no
 * longer counts. A file written by several tasks carries the claims of its latest write; a task's files
 * are those its `task:end` lists.
 */
export class RequirementTracker {
  private readonly tasks = new Map<string, TaskTrack>();
  private readonly taskOfRequirement = new Map<string, string>();
  private readonly files = new Map<string, FileTrack>();
  private readonly claims = new Map<string, Set<string>>();
  /** File → number of placeholder findings (warnings and errors) in its latest scan. */
  private readonly placeholders = new Map<string, number>();
  private readonly statuses = new Map<string, LiveRequirementStatus>();
  private readonly workspaceTests = new Map<string, string[]>();
  private readonly testMentions = new Map<string, { sha256: string; ids: string[] }>();
  private readonly knownIds: Set<string>;
  private readonly unsubscribe: (() => void)[] = [];

  constructor(
    private readonly plan: Plan,
    private readonly events?: SwarmEvents,
    private readonly options: RequirementTrackerOptions = {},
  ) {
    this.knownIds = new Set(plan.requirements.map((r) => r.id));
    for (const task of plan.tasks) {
      this.tasks.set(task.id, { id: task.id, plannedAgent: task.agent, agents: new Set(), attempt: 0 });
      for (const id of task.requirements) this.taskOfRequirement.set(id, task.id);
    }
    for (const requirement of plan.requirements) this.statuses.set(requirement.id, this.evaluate(requirement.id).status);
    if (events) {
      this.listen(events, 'task:state', (e) => this.onTaskState(e));
      this.listen(events, 'file:written', (e) => this.onFileWritten(e));
      this.listen(events, 'agent:finish', (e) => this.onFinish(e));
      this.listen(events, 'placeholder:findings', (e) => this.onPlaceholders(e));
      this.listen(events, 'validation:result', (e) => this.onValidation(e));
      this.listen(events, 'task:end', (e) => this.onTaskEnd(e));
    }
  }

  /** The live status of one requirement (`pending` for an unknown ID). */
  status(id: string): LiveRequirementStatus {
    return this.statuses.get(id) ?? 'pending';
  }

  /** Every requirement's live status, in document order. */
  liveStatuses(): { id: string; status: LiveRequirementStatus }[] {
    return this.plan.requirements.map((r) => ({ id: r.id, status: this.status(r.id) }));
  }

  /**
   * The report's requirement items (SPEC §5, with priority, criteria, evidence and tests), in
   * document order. What has not finished is reported `missing`.
   */
  snapshot(): RequirementReport[] {
    return this.plan.requirements.map((requirement) => {
      const { status, evidence, files } = this.evaluate(requirement.id);
      const track = this.taskTrack(requirement.id);
      const agents = new Set<string>(track ? (track.agents.size ? track.agents : [track.plannedAgent]) : []);
      for (const file of files) agents.add(this.files.get(file)?.agent ?? '');
      agents.delete('');
      const item: RequirementReport = {
        id: requirement.id,
        title: requirement.title,
        status: finalStatus(status),
        agents: [...agents],
        files: files.filter((f) => this.exists(f)),
        criteria: [...requirement.criteria],
        evidence,
        tests: this.testsMentioning(requirement.id),
      };
      if (requirement.priority) item.priority = requirement.priority;
      return item;
    });
  }

  /** Requirement ↔ criteria ↔ agents ↔ files ↔ tests, one row per requirement. */
  matrix(): TraceabilityRow[] {
    return this.snapshot().map(traceabilityRow);
  }

  /** Adds the workspace's own test files that mention requirement IDs to the matrix (not only the run's). */
  async traceWorkspaceTests(): Promise<void> {
    if (!this.options.workspace) return;
    const found = await scanWorkspaceTests(this.options.workspace, this.knownIds);
    this.workspaceTests.clear();
    for (const [id, files] of found) this.workspaceTests.set(id, files);
  }

  dispose(): void {
    for (const off of this.unsubscribe.splice(0)) off();
  }

  private listen<K extends keyof SwarmEventMap>(events: SwarmEvents, name: K, handler: (payload: SwarmEventMap[K]) => void): void {
    this.unsubscribe.push(
      events.on(name, (payload) => {
        const runId = (payload as { runId?: string }).runId;
        if (this.options.runId !== undefined && runId !== undefined && runId !== this.options.runId) return;
        handler(payload);
      }),
    );
  }

  private track(taskId: string, agent: string): TaskTrack {
    let track = this.tasks.get(taskId);
    if (!track) {
      track = { id: taskId, plannedAgent: agent, agents: new Set(), attempt: 0 };
      this.tasks.set(taskId, track);
    }
    track.agents.add(agent);
    return track;
  }

  /** A later attempt starts over: the earlier attempt's finish and verdict no longer count. */
  private advance(track: TaskTrack, attempt: number): void {
    if (attempt <= track.attempt) return;
    track.attempt = attempt;
    if (track.finish && track.finish.attempt < attempt) track.finish = undefined;
    if (track.validation && track.validation.attempt < attempt) track.validation = undefined;
    track.ended = undefined;
  }

  private onTaskState(e: SwarmEventMap['task:state']): void {
    const track = this.track(e.taskId, e.agent);
    this.advance(track, e.attempt);
    track.state = e.state;
    this.refresh(this.requirementsOfTask(e.taskId), e.runId);
  }

  private onFileWritten(e: SwarmEventMap['file:written']): void {
    this.track(e.taskId, e.agent);
    const previous = this.files.get(e.path);
    for (const id of previous?.requirements ?? []) this.claims.get(id)?.delete(e.path);
    this.files.set(e.path, { taskId: e.taskId, agent: e.agent, requirements: [...e.requirements], sha256: e.sha256 });
    for (const id of e.requirements) {
      let set = this.claims.get(id);
      if (!set) this.claims.set(id, (set = new Set()));
      set.add(e.path);
    }
    this.refresh([...(previous?.requirements ?? []), ...e.requirements, ...this.requirementsOfTask(e.taskId)], e.runId);
  }

  private onFinish(e: SwarmEventMap['agent:finish']): void {
    const track = this.track(e.taskId, e.agent);
    this.advance(track, e.attempt);
    track.finish = { attempt: e.attempt, covered: new Set(e.covered) };
    this.refresh([...this.requirementsOfTask(e.taskId), ...e.covered], e.runId);
  }

  private onPlaceholders(e: SwarmEventMap['placeholder:findings']): void {
    this.placeholders.set(e.file, e.findings.filter((f) => f.severity !== 'info').length);
    this.refresh(this.files.get(e.file)?.requirements ?? [], e.runId);
  }

  private onValidation(e: SwarmEventMap['validation:result']): void {
    const track = this.track(e.taskId, e.agent);
    this.advance(track, e.attempt);
    track.validation = { attempt: e.attempt, accepted: e.accepted };
    this.refresh(this.requirementsAffectedBy(e.taskId), e.runId);
  }

  private onTaskEnd(e: SwarmEventMap['task:end']): void {
    const track = this.track(e.taskId, e.agent);
    this.advance(track, e.attempts);
    track.ended = { status: e.status, files: new Set(e.files) };
    this.refresh(this.requirementsAffectedBy(e.taskId), e.runId);
  }

  private requirementsOfTask(taskId: string): string[] {
    return this.plan.tasks.find((t) => t.id === taskId)?.requirements ?? [];
  }

  /** The task's own requirements and those its files claim. */
  private requirementsAffectedBy(taskId: string): string[] {
    const ids = new Set(this.requirementsOfTask(taskId));
    for (const file of this.files.values()) if (file.taskId === taskId) for (const id of file.requirements) ids.add(id);
    return [...ids];
  }

  private refresh(ids: Iterable<string>, runId: string): void {
    for (const id of new Set(ids)) {
      if (!this.knownIds.has(id)) continue;
      const { status } = this.evaluate(id);
      if (this.statuses.get(id) === status) continue;
      this.statuses.set(id, status);
      this.events?.emit('requirement:status', { runId: this.options.runId ?? runId, id, status });
    }
  }

  private taskTrack(id: string): TaskTrack | undefined {
    const taskId = this.taskOfRequirement.get(id);
    return taskId === undefined ? undefined : this.tasks.get(taskId);
  }

  private phase(track: TaskTrack | undefined): TaskPhase {
    if (!track) return 'unassigned';
    if (track.ended) return `ended-${track.ended.status}`;
    if (track.state === 'needs-approval') return 'ended-needs-approval';
    if (track.state === 'failed') return 'ended-failed';
    if (track.state === 'skipped') return 'ended-skipped';
    if (track.validation?.accepted && track.validation.attempt === track.attempt) return 'accepted';
    if (track.state === 'succeeded') return 'ended-succeeded';
    if ((track.state !== undefined && WORKING_STATES.has(track.state)) || track.attempt > 0) return 'working';
    return 'not-started';
  }

  private accepted(track: TaskTrack | undefined): boolean {
    const phase = this.phase(track);
    return phase === 'accepted' || phase === 'ended-succeeded';
  }

  private evaluate(id: string): { status: LiveRequirementStatus; evidence: CoverageEvidence; files: string[] } {
    const track = this.taskTrack(id);
    const claiming = [...(this.claims.get(id) ?? [])].sort();
    const acceptedFiles = claiming.filter((file) => {
      const written = this.files.get(file);
      const writer = written ? this.tasks.get(written.taskId) : undefined;
      return writer !== undefined && this.accepted(writer) && (!writer.ended || writer.ended.files.has(file));
    });
    const evidence: CoverageEvidence = {
      accepted: this.accepted(track),
      fileClaims: acceptedFiles.length > 0,
      agentClaimed: track?.finish?.attempt === track?.attempt && track?.finish?.covered.has(id) === true,
      placeholderFree: acceptedFiles.length > 0 && acceptedFiles.every((f) => (this.placeholders.get(f) ?? 0) === 0),
    };
    return { status: coverageStatus(this.phase(track), evidence), evidence, files: claiming };
  }

  private exists(file: string): boolean {
    return this.options.workspace === undefined || existsSync(path.join(this.options.workspace, file));
  }

  /** Accepted test files of the run that mention the ID, and the workspace's (after traceWorkspaceTests). */
  private testsMentioning(id: string): string[] {
    const tests = new Set(this.workspaceTests.get(id) ?? []);
    if (this.options.workspace) {
      for (const [file, written] of this.files) {
        if (!isTestFile(file)) continue;
        const writer = this.tasks.get(written.taskId);
        if (!writer || !this.accepted(writer)) continue;
        if (this.mentionsOf(file, written.sha256).includes(id)) tests.add(file);
      }
    }
    return [...tests].sort();
  }

  private mentionsOf(file: string, sha256: string): string[] {
    const cached = this.testMentions.get(file);
    if (cached && cached.sha256 === sha256) return cached.ids;
    let ids: string[] = [];
    try {
      const absolute = path.join(this.options.workspace as string, file);
      if (statSync(absolute).size <= MAX_TEST_FILE_BYTES) ids = mentionedIds(readFileSync(absolute, 'utf8'), this.knownIds);
    } catch {
      ids = [];
    }
    this.testMentions.set(file, { sha256, ids });
    return ids;
  }
}
