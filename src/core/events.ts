import type { Plan } from './planning/plan';
import type { AgentRunStatus, PlaceholderReport, RequirementStatus, RunReport, TokenCounts } from './report/runReport';

export type LiveRequirementStatus = 'pending' | 'in-progress' | RequirementStatus;
export type TaskState = 'pending' | 'blocked' | 'running' | 'validating' | 'retrying' | AgentRunStatus;

export interface ValidationFinding {
  rule: string;
  file?: string;
  line?: number;
  message: string;
  /** Written for the model: what to do about it. */
  suggestion: string;
}

/** Every event the engine emits, by name. The CLI and the extension only listen. */
export interface SwarmEventMap {
  'run:start': { runId: string; workspace: string; plan: Plan; model: string; provider: string; demo: boolean; resumed: boolean };
  'task:state': { runId: string; taskId: string; agent: string; state: TaskState; attempt: number; reason?: string };
  'agent:step': { runId: string; taskId: string; agent: string; attempt: number; message: string };
  'file:written': { runId: string; taskId: string; agent: string; path: string; bytes: number; sha256: string; requirements: string[] };
  'file:refused': { runId: string; taskId: string; agent: string; path: string; reason: string };
  'llm:call': {
    runId: string;
    taskId?: string;
    agent?: string;
    model: string;
    durationMs: number;
    tokens: TokenCounts;
    costUsd: number;
    cached: boolean;
  };
  'llm:error': { runId: string; taskId?: string; agent?: string; model: string; status?: number; message: string; willRetry: boolean; retryInMs?: number };
  'validation:result': { runId: string; taskId: string; agent: string; attempt: number; accepted: boolean; findings: ValidationFinding[] };
  'task:end': {
    runId: string;
    taskId: string;
    agent: string;
    status: AgentRunStatus;
    attempts: number;
    durationMs: number;
    files: string[];
    errors: string[];
    tokens: TokenCounts;
    costUsd: number;
  };
  /** The agent called `finish`. */
  'agent:finish': { runId: string; taskId: string; agent: string; attempt: number; summary: string; covered: string[] };
  /** Placeholder findings for a file an agent wrote (an empty list when the file is clean). */
  'placeholder:findings': { runId: string; taskId: string; agent: string; file: string; findings: PlaceholderReport[] };
  'requirement:status': { runId: string; id: string; status: LiveRequirementStatus };
  /** Work waiting for a slot: `tasks` ready to start but waiting for a worker, `llm` requests waiting for the rate limiter. */
  'queue:depth': { runId: string; queue: 'tasks' | 'llm'; depth: number };
  'run:end': { report: RunReport; reportDir: string };
  log: { level: 'debug' | 'info' | 'warn' | 'error'; message: string };
}

export type SwarmEventName = keyof SwarmEventMap;
export type SwarmListener<K extends SwarmEventName> = (payload: SwarmEventMap[K]) => void;

/** A small typed emitter. Listener errors are reported as `log` events, never thrown into the engine. */
export class SwarmEvents {
  private readonly listeners = new Map<SwarmEventName, Set<(payload: never) => void>>();
  private readonly anyListeners = new Set<<K extends SwarmEventName>(name: K, payload: SwarmEventMap[K]) => void>();

  on<K extends SwarmEventName>(name: K, listener: SwarmListener<K>): () => void {
    let set = this.listeners.get(name);
    if (!set) this.listeners.set(name, (set = new Set()));
    set.add(listener as (payload: never) => void);
    return () => set.delete(listener as (payload: never) => void);
  }

  onAny(listener: <K extends SwarmEventName>(name: K, payload: SwarmEventMap[K]) => void): () => void {
    this.anyListeners.add(listener);
    return () => this.anyListeners.delete(listener);
  }

  emit<K extends SwarmEventName>(name: K, payload: SwarmEventMap[K]): void {
    for (const listener of this.listeners.get(name) ?? []) this.safely(() => (listener as SwarmListener<K>)(payload), name);
    for (const listener of this.anyListeners) this.safely(() => listener(name, payload), name);
  }

  private safely(call: () => void, name: SwarmEventName): void {
    try {
      call();
    } catch (error) {
      if (name !== 'log') this.emit('log', { level: 'error', message: `a listener of ${name} failed: ${String(error)}` });
    }
  }
}
