import { readdir, readFile, stat } from 'node:fs/promises';
import * as path from 'node:path';
import ignore from 'ignore';
import { idsIn } from '../requirements/requirementId';

const TEST_PATH_PATTERNS = [
  /(^|\/)(test|tests|__tests__|spec|specs|e2e|integration-tests)\//i,
  /\.(test|spec|e2e)\.[a-z0-9]+$/i,
  /(^|\/)test_[^/]+\.py$/i,
  /_test\.(go|py|rb|exs?|dart)$/i,
  /(Test|Tests|IT|Spec)\.(java|kt|scala|cs|swift|groovy)$/,
];

const SKIPPED_DIRECTORIES = new Set(['.git', '.swarm', 'node_modules', 'dist', 'out', 'build', 'coverage', '.venv', 'venv', '__pycache__', 'target']);
const MAX_TEST_FILE_BYTES = 1024 * 1024;
const MAX_FILES_WALKED = 20000;

/** A workspace-relative path that, by the usual conventions of test runners, holds tests. */
export function isTestFile(file: string): boolean {
  const normalized = file.split(path.sep).join('/');
  return TEST_PATH_PATTERNS.some((pattern) => pattern.test(normalized));
}

/** The requirement IDs (among `known`) a text mentions. */
export function mentionedIds(text: string, known: ReadonlySet<string>): string[] {
  return [...new Set(idsIn(text))].filter((id) => known.has(id));
}

/**
 * Test files anywhere in the workspace that mention the given IDs: ID → test files (sorted). Skips
 * `.git`, `.swarm`, `node_modules`, build output and git-ignored paths (the workspace's .gitignore).
 */
export async function scanWorkspaceTests(workspace: string, ids: Iterable<string>): Promise<Map<string, string[]>> {
  const known = new Set(ids);
  const mentions = new Map<string, string[]>();
  const gitignore = await readFile(path.join(workspace, '.gitignore'), 'utf8').catch(() => '');
  const ignored = ignore().add(gitignore);
  let walked = 0;
  const walk = async (relative: string): Promise<void> => {
    const entries = await readdir(path.join(workspace, relative), { withFileTypes: true }).catch(() => []);
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      if (walked >= MAX_FILES_WALKED) return;
      const child = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (SKIPPED_DIRECTORIES.has(entry.name) || ignored.ignores(`${child}/`)) continue;
        await walk(child);
      } else if (entry.isFile()) {
        walked++;
        if (!isTestFile(child) || ignored.ignores(child)) continue;
        const info = await stat(path.join(workspace, child)).catch(() => undefined);
        if (!info || info.size > MAX_TEST_FILE_BYTES) continue;
        const text = await readFile(path.join(workspace, child), 'utf8').catch(() => '');
        for (const id of mentionedIds(text, known)) mentions.set(id, [...(mentions.get(id) ?? []), child]);
      }
    }
  };
  await walk('');
  for (const files of mentions.values()) files.sort();
  return mentions;
}
