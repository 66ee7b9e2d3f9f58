import { open, readFile, type FileHandle } from 'node:fs/promises';
import type { Plan } from '../planning/plan';
import type { AgentRunStatus, TokenCounts } from '../report/runReport';
import type { ValidationFinding } from '../events';

/** The settled state of one task, enough to resume without calling the model again. */
export interface TaskRecord {
  taskId: string;
  agent: string;
  /** The agent that produced the accepted output (the fallback agent when it took over). */
  producedBy: string;
  status: AgentRunStatus;
  attempts: number;
  durationMs: number;
  files: { path: string; requirements: string[]; sha256: string }[];
  covered: string[];
  summary: string;
  errors: string[];
  findings: ValidationFinding[];
  tokens: TokenCounts;
  costUsd: number;
  llmCalls: number;
  retries: number;
}

export type JournalEntry =
  | { type: 'run-start'; time: string; runId: string; requirementsFile: string; model: string; demo: boolean; resumed: boolean; plan?: Plan }
  | { type: 'task'; time: string; record: TaskRecord }
  | { type: 'decision'; time: string; taskId: string; decision: 'approve' | 'reject' | 'retry' }
  | { type: 'run-end'; time: string; status: string };

/** `.swarm/runs/<id>/journal.jsonl`: append-only, flushed to disk at every task boundary. */
export class Journal {
  private constructor(private readonly handle: FileHandle) {}

  static async open(file: string): Promise<Journal> {
    return new Journal(await open(file, 'a'));
  }

  async append(entry: JournalEntry): Promise<void> {
    await this.handle.appendFile(JSON.stringify(entry) + '\n', 'utf8');
    await this.handle.sync();
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}

/** Reads a journal; a torn last line (the process died mid-write) is ignored. */
export async function readJournal(file: string): Promise<JournalEntry[]> {
  const text = await readFile(file, 'utf8');
  const entries: JournalEntry[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      entries.push(JSON.parse(line) as JournalEntry);
    } catch {
      // Only the last line can be torn; anything after it was never written.
      break;
    }
  }
  return entries;
}

/** The plan the run started with (a resumed run keeps it, even if model-assisted planning made it). */
export function journaledPlan(entries: JournalEntry[]): Plan | undefined {
  for (const entry of entries) if (entry.type === 'run-start' && entry.plan) return entry.plan;
  return undefined;
}

/** The latest settled record of each task, after approve/reject decisions. */
export function settledTasks(entries: JournalEntry[]): Map<string, TaskRecord> {
  const tasks = new Map<string, TaskRecord>();
  for (const entry of entries) {
    if (entry.type === 'task') tasks.set(entry.record.taskId, entry.record);
  }
  return tasks;
}
