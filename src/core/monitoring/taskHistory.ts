import { appendFile, mkdir, readFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { AgentRunStatus } from '../report/runReport';
import { percentile } from './percentile';

/** One line of `.swarm/history.jsonl`: a finished task, appended by the orchestrator at the end of a run. */
export interface TaskHistoryEntry {
  agent: string;
  durationMs: number;
  attempts: number;
  outcome: AgentRunStatus;
  /** ISO 8601. */
  time: string;
}

export const TASK_HISTORY_FILE = '.swarm/history.jsonl';

/** Samples kept per agent: recent behaviour matters more than last year's. */
const RECENT_PER_AGENT = 200;

/**
 * Reads the history; a missing file is an empty history. A line that is not a valid entry (a torn
 * write, a hand edit) is skipped: the history only tunes anomaly flags and must never stop a run.
 */
export async function readTaskHistory(file: string): Promise<{ entries: TaskHistoryEntry[]; skippedLines: number }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { entries: [], skippedLines: 0 };
    throw error;
  }
  const entries: TaskHistoryEntry[] = [];
  let skippedLines = 0;
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const entry = parseEntry(line);
    if (entry) entries.push(entry);
    else skippedLines++;
  }
  return { entries, skippedLines };
}

export async function appendTaskHistory(file: string, entries: readonly TaskHistoryEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await mkdir(path.dirname(file), { recursive: true });
  await appendFile(file, entries.map((e) => JSON.stringify(e) + '\n').join(''), 'utf8');
}

/**
 * The p95 duration of each agent's recent successful tasks, for agents with at least `minSamples` of
 * them (fewer says nothing about what is normal).
 */
export function durationP95ByAgent(entries: readonly TaskHistoryEntry[], minSamples = 5): Map<string, number> {
  const byAgent = new Map<string, number[]>();
  for (const entry of entries) {
    if (entry.outcome !== 'succeeded') continue;
    let list = byAgent.get(entry.agent);
    if (!list) byAgent.set(entry.agent, (list = []));
    list.push(entry.durationMs);
  }
  const result = new Map<string, number>();
  for (const [agent, durations] of byAgent) {
    const recent = durations.slice(-RECENT_PER_AGENT);
    if (recent.length < minSamples) continue;
    result.set(agent, percentile(recent, 0.95)!);
  }
  return result;
}

function parseEntry(line: string): TaskHistoryEntry | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  if (typeof v.agent !== 'string' || typeof v.durationMs !== 'number' || !Number.isFinite(v.durationMs) || v.durationMs < 0) return undefined;
  const outcomes: AgentRunStatus[] = ['succeeded', 'failed', 'needs-approval', 'skipped'];
  if (typeof v.outcome !== 'string' || !outcomes.includes(v.outcome as AgentRunStatus)) return undefined;
  return {
    agent: v.agent,
    durationMs: v.durationMs,
    attempts: typeof v.attempts === 'number' ? v.attempts : 1,
    outcome: v.outcome as AgentRunStatus,
    time: typeof v.time === 'string' ? v.time : '',
  };
}
