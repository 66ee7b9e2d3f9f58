import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { SwarmInputError } from '../errors';

/** Bad input unless `dir` is an existing directory. */
export async function assertWorkspaceDirectory(dir: string): Promise<void> {
  const info = await stat(dir).catch(() => undefined);
  if (!info) throw new SwarmInputError(`the workspace ${dir} does not exist`);
  if (!info.isDirectory()) throw new SwarmInputError(`the workspace ${dir} is not a directory`);
}

/** A workspace file's text as it is now, or undefined when it is gone or unreadable. */
export function readWorkspaceText(workspace: string, relPath: string): Promise<string | undefined> {
  return readFile(path.join(workspace, relPath), 'utf8').catch(() => undefined);
}

export function pathExists(absolutePath: string): Promise<boolean> {
  return stat(absolutePath).then(
    () => true,
    () => false,
  );
}

/**
 * Keeps a folder of Swarm's own state (checkpoints, cache) out of the user's commits: a `.gitignore`
 * that ignores everything beside it, itself included. An existing one is left as the user made it.
 * A courtesy, not a condition: a folder it cannot write to is not an error here.
 */
export async function keepOutOfVersionControl(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true })
    .then(() => writeFile(path.join(dir, '.gitignore'), "# Swarm's own state, not part of the project.\n*\n", { flag: 'wx' }))
    .catch(() => undefined);
}
