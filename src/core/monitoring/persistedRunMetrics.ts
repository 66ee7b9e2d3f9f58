import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { AgentRunStatus } from '../report/runReport';
import type { MonitorSnapshot } from './monitorSnapshot';

/** In each run's directory: the monitor's final state, what `swarm metrics` rebuilds the exposition from. */
export const RUN_METRICS_FILE = 'metrics.json';

/** What `writeRunMetrics` persists: the snapshot plus the raw samples the histograms are rebuilt from. */
export interface PersistedRunMetrics {
  version: 1;
  snapshot: MonitorSnapshot;
  samples: {
    /** One entry per finished task: agent, outcome, duration. */
    agentRuns: [string, AgentRunStatus, number][];
    /** Latency of answered, uncached model requests by model. */
    llmLatencyMs: Record<string, number[]>;
  };
}

/** A run's `metrics.json`, or undefined when it is missing or not one (a torn or foreign file). */
export async function readRunMetrics(runDir: string): Promise<PersistedRunMetrics | undefined> {
  let value: unknown;
  try {
    value = JSON.parse(await readFile(path.join(runDir, RUN_METRICS_FILE), 'utf8'));
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Partial<PersistedRunMetrics>;
  if (v.version !== 1 || typeof v.snapshot !== 'object' || v.snapshot === null || typeof v.samples !== 'object' || v.samples === null) return undefined;
  if (!Array.isArray(v.samples.agentRuns) || typeof v.samples.llmLatencyMs !== 'object') return undefined;
  return v as PersistedRunMetrics;
}
