import { copyFile, mkdir, rm, stat, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { simpleGit, type SimpleGit } from 'simple-git';
import { writeFileAtomic } from '../workspace/atomicWrite';

export const CHECKPOINT_DIR = path.join('.swarm', 'checkpoints');

/**
 * Never part of a checkpoint: Swarm's own state, the user's repository, dependencies and build output,
 * and the temporary files of atomic writes (writeFileAtomic), which a task running alongside renames
 * away while `git add` walks the tree (git then fails: "unable to stat").
 */
const EXCLUDES = ['/.swarm/', '.git', 'node_modules/', '/dist/', '/build/', '/out/', '/coverage/', '.DS_Store', '*.swarm-tmp'];

export interface Checkpoint {
  ref: string;
  sha: string;
  label: string;
  time: string;
}

export interface RollbackPlan {
  target: Checkpoint;
  /** Files the rollback writes back to their content at the checkpoint. */
  restore: string[];
  /** Files created after the checkpoint, which the rollback removes. */
  remove: string[];
  /** Files among those that the user changed since Swarm's last checkpoint: never overwritten silently. */
  conflicts: string[];
}

/**
 * Checkpoints in a shadow git repository under `.swarm/checkpoints/` whose work tree is the
 * workspace. The user's own `.git`, index, branches and stash are never read or written: every git
 * command runs with GIT_DIR and GIT_INDEX_FILE pointing into the shadow repository.
 */
export class CheckpointStore {
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly workspace: string,
    private readonly gitDir: string,
  ) {}

  static async open(workspace: string): Promise<CheckpointStore> {
    const gitDir = path.join(workspace, CHECKPOINT_DIR);
    const store = new CheckpointStore(workspace, gitDir);
    if (!(await exists(path.join(gitDir, 'HEAD')))) {
      await mkdir(gitDir, { recursive: true });
      await store.git().raw(['init', '--quiet']);
      await store.git().raw(['config', 'core.autocrlf', 'false']);
      await store.git().raw(['config', 'core.quotepath', 'false']);
      await store.git().raw(['config', 'gc.auto', '0']);
      await store.git().raw(['config', 'user.name', 'Swarm']);
      await store.git().raw(['config', 'user.email', 'swarm@localhost']);
    }
    await mkdir(path.join(gitDir, 'info'), { recursive: true });
    await writeFile(path.join(gitDir, 'info', 'exclude'), EXCLUDES.join('\n') + '\n');
    return store;
  }

  /** Records the workspace as it is now under `refs/swarm/<ref>`. */
  checkpoint(ref: string, label: string): Promise<Checkpoint> {
    return this.serialized(() => this.checkpointUnlocked(ref, label));
  }

  async list(): Promise<Checkpoint[]> {
    const out = await this.git().raw(['for-each-ref', '--sort=committerdate', '--format=%(refname)%00%(objectname)%00%(contents:subject)%00%(contents:body)', 'refs/swarm/']);
    return out
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const [name, sha, label, body] = line.split('\0') as [string, string, string, string];
        return { ref: name.replace(/^refs\/swarm\//, ''), sha, label, time: /swarm-time: (\S+)/.exec(body)?.[1] ?? '' };
      });
  }

  async find(ref: string): Promise<Checkpoint | undefined> {
    return (await this.list()).find((c) => c.ref === ref);
  }

  /** What rolling back to `ref` would do, limited to `paths` when given (e.g. the files one task wrote). */
  planRollback(ref: string, paths?: string[]): Promise<RollbackPlan> {
    return this.serialized(async () => {
      const target = await this.find(ref);
      if (!target) throw new Error(`there is no checkpoint "${ref}"`);
      const current = await this.currentTree();
      const head = await this.head();
      const userChanged = head ? new Set((await this.diff(head, current, paths)).map((c) => c.path)) : new Set<string>();
      return normalize(target, await this.diff(current, target.sha, paths), userChanged);
    });
  }

  /**
   * Rolls the workspace back per `plan`. Conflicting files are skipped unless listed in `overwrite`.
   * Ends with a new checkpoint so the rollback itself can be undone.
   */
  rollback(plan: RollbackPlan, overwrite: string[] = []): Promise<{ restored: string[]; removed: string[]; skipped: string[]; checkpoint: Checkpoint }> {
    return this.serialized(async () => {
      const allowed = (p: string) => !plan.conflicts.includes(p) || overwrite.includes(p);
      const restored: string[] = [];
      const removed: string[] = [];
      for (const file of plan.restore.filter(allowed)) {
        const content = await this.git().binaryCatFile(['blob', `${plan.target.sha}:${file}`]);
        await mkdir(path.dirname(path.join(this.workspace, file)), { recursive: true });
        await writeFileAtomic(path.join(this.workspace, file), content);
        restored.push(file);
      }
      for (const file of plan.remove.filter(allowed)) {
        await rm(path.join(this.workspace, file), { force: true });
        removed.push(file);
      }
      const skipped = [...plan.restore, ...plan.remove].filter((p) => !allowed(p));
      return { restored, removed, skipped, checkpoint: await this.checkpointUnlocked('rollback', `rollback to ${plan.target.ref}`) };
    });
  }

  private async checkpointUnlocked(ref: string, label: string): Promise<Checkpoint> {
    const git = this.git();
    await git.raw(['add', '--all', '--', '.']);
    const tree = (await git.raw(['write-tree'])).trim();
    const parent = await this.head();
    const time = new Date().toISOString();
    const sha = (await git.raw(['commit-tree', tree, '-m', `${label}\n\nswarm-time: ${time}`, ...(parent ? ['-p', parent] : [])])).trim();
    await git.raw(['update-ref', 'HEAD', sha]);
    await git.raw(['update-ref', refName(ref), sha]);
    return { ref, sha, label, time };
  }

  /** The workspace as a tree, staged in a scratch index so Swarm's own index is untouched. */
  private async currentTree(): Promise<string> {
    const scratch = path.join(this.gitDir, 'index.scratch');
    const index = path.join(this.gitDir, 'index');
    if (await exists(index)) await copyFile(index, scratch);
    else await rm(scratch, { force: true });
    const git = this.git(scratch);
    await git.raw(['add', '--all', '--', '.']);
    return (await git.raw(['write-tree'])).trim();
  }

  private async diff(from: string, to: string, paths?: string[]): Promise<{ status: string; path: string }[]> {
    const out = await this.git().raw(['diff', '--name-status', '--no-renames', '-z', from, to, '--', ...(paths ?? [])]);
    const parts = out.split('\0').filter(Boolean);
    const changes: { status: string; path: string }[] = [];
    for (let i = 0; i + 1 < parts.length; i += 2) changes.push({ status: parts[i]!.charAt(0), path: parts[i + 1]! });
    return changes;
  }

  private async head(): Promise<string | undefined> {
    try {
      return (await this.git().raw(['rev-parse', '--verify', '--quiet', 'HEAD'])).trim() || undefined;
    } catch {
      return undefined;
    }
  }

  private git(indexFile = path.join(this.gitDir, 'index')): SimpleGit {
    return simpleGit({ baseDir: this.workspace }).env({
      ...sanitizedEnv(),
      GIT_DIR: this.gitDir,
      GIT_WORK_TREE: this.workspace,
      GIT_INDEX_FILE: indexFile,
    });
  }

  private serialized<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }
}

function normalize(target: Checkpoint, changes: { status: string; path: string }[], userChanged: Set<string>): RollbackPlan {
  // diff(current, target): M = differs, D = only in current (created later), A = only in target (deleted since).
  const restore = changes.filter((c) => c.status === 'M' || c.status === 'A' || c.status === 'T').map((c) => c.path);
  const remove = changes.filter((c) => c.status === 'D').map((c) => c.path);
  return { target, restore, remove, conflicts: [...restore, ...remove].filter((p) => userChanged.has(p)) };
}

function refName(ref: string): string {
  return `refs/swarm/${ref.replace(/[^A-Za-z0-9._/-]/g, '-')}`;
}

/**
 * Only what git needs to run: the caller's GIT_* variables would point commands at the user's
 * repository, and editor or pager variables have no place in a non-interactive store.
 */
function sanitizedEnv(): Record<string, string> {
  const keep = ['PATH', 'HOME', 'USERPROFILE', 'SYSTEMROOT', 'TMPDIR', 'TEMP', 'TMP', 'LANG', 'LC_ALL'];
  return Object.fromEntries(keep.flatMap((k) => (process.env[k] === undefined ? [] : [[k, process.env[k]!]])));
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}
