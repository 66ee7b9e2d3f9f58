import { readFile, stat } from 'node:fs/promises';
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
