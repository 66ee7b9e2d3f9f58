import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';

/** Directories never walked, whatever .gitignore says. */
export const ALWAYS_SKIPPED = new Set(['.git', '.swarm', 'node_modules']);

interface Matcher {
  base: string;
  ig: Ignore;
}

async function readIgnoreFile(file: string): Promise<string | undefined> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch {
    return undefined;
  }
}

function repoRootOf(dir: string): string | undefined {
  for (let d = dir; ; d = path.dirname(d)) {
    if (existsSync(path.join(d, '.git'))) return d;
    if (path.dirname(d) === d) return undefined;
  }
}

/** The .gitignore matchers that apply to `dir` from above it: the repository's, down to dir's parent. */
async function inheritedMatchers(dir: string): Promise<Matcher[]> {
  const root = repoRootOf(dir);
  if (!root) return [];
  const chain: string[] = [];
  for (let d = path.dirname(dir); d.startsWith(root) && d.length >= root.length; d = path.dirname(d)) {
    chain.unshift(d);
    if (d === root) break;
  }
  const matchers: Matcher[] = [];
  const exclude = await readIgnoreFile(path.join(root, '.git', 'info', 'exclude'));
  if (exclude) matchers.push({ base: root, ig: ignore().add(exclude) });
  for (const d of chain) {
    const content = await readIgnoreFile(path.join(d, '.gitignore'));
    if (content) matchers.push({ base: d, ig: ignore().add(content) });
  }
  return matchers;
}

/** Git semantics: the deepest .gitignore that has a say wins; `!pattern` re-includes. */
function isIgnored(matchers: Matcher[], absolute: string, isDir: boolean): boolean {
  let ignored = false;
  for (const m of matchers) {
    const rel = path.relative(m.base, absolute).split(path.sep).join('/');
    if (!rel || rel.startsWith('..')) continue;
    const result = m.ig.test(isDir ? `${rel}/` : rel);
    if (result.ignored) ignored = true;
    else if (result.unignored) ignored = false;
  }
  return ignored;
}

/**
 * Every regular file under `dir`, skipping `.git/`, `.swarm/`, `node_modules/`, symbolic links and
 * whatever the .gitignore files (nested ones included, and .git/info/exclude) exclude.
 */
export async function walkFiles(dir: string, onFile: (absolute: string) => void, concurrency = 16): Promise<void> {
  const base = await inheritedMatchers(dir);
  if (dir !== repoRootOf(dir) && isIgnored(base, dir, true)) return;

  interface Job {
    dir: string;
    matchers: Matcher[];
  }
  const visit = async ({ dir: current, matchers: inherited }: Job): Promise<Job[]> => {
    let entries: import('node:fs').Dirent[];
    try {
      entries = await fs.readdir(current, { withFileTypes: true });
    } catch {
      return [];
    }
    let matchers = inherited;
    if (entries.some((e) => e.name === '.gitignore' && e.isFile())) {
      const content = await readIgnoreFile(path.join(current, '.gitignore'));
      if (content) matchers = [...inherited, { base: current, ig: ignore().add(content) }];
    }
    const subdirs: Job[] = [];
    for (const entry of entries) {
      if (entry.isSymbolicLink()) continue;
      const absolute = path.join(current, entry.name);
      if (entry.isDirectory()) {
        if (!ALWAYS_SKIPPED.has(entry.name) && !isIgnored(matchers, absolute, true)) subdirs.push({ dir: absolute, matchers });
      } else if (entry.isFile() && !isIgnored(matchers, absolute, false)) {
        onFile(absolute);
      }
    }
    return subdirs;
  };

  await new Promise<void>((resolve, reject) => {
    const queue: Job[] = [{ dir, matchers: base }];
    let active = 0;
    const pump = (): void => {
      if (queue.length === 0 && active === 0) {
        resolve();
        return;
      }
      while (active < concurrency && queue.length > 0) {
        const job = queue.pop() as Job;
        active++;
        visit(job).then(
          (subdirs) => {
            queue.push(...subdirs);
            active--;
            pump();
          },
          (error: unknown) => reject(error instanceof Error ? error : new Error(String(error))),
        );
      }
    };
    pump();
  });
}
