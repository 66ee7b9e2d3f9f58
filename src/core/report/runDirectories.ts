import { readdir } from 'node:fs/promises';
import * as path from 'node:path';
import { SwarmInputError } from '../errors';

/** SPEC §1: one directory per run under `.swarm/runs/`, named by run id. */
export const RUNS_DIRECTORY = path.join('.swarm', 'runs');

const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export function runsDirectory(workspace: string): string {
  return path.join(path.resolve(workspace), RUNS_DIRECTORY);
}

/** The run's directory; a run id that is not a plain name (`..`, slashes) is bad input. */
export function runDirectory(workspace: string, runId: string): string {
  if (!RUN_ID.test(runId) || runId.includes('..')) throw new SwarmInputError(`"${runId}" is not a run id (run ids look like 2026-11-25T22-40-00-123Z-ab12)`);
  return path.join(runsDirectory(workspace), runId);
}

/** Run ids of the workspace, oldest first (they sort by start time). */
export async function listRuns(workspace: string): Promise<string[]> {
  const entries = await readdir(runsDirectory(workspace), { withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isDirectory() && RUN_ID.test(e.name))
    .map((e) => e.name)
    .sort();
}
