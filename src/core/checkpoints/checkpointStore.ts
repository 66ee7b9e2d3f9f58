import { mkdir, rm, rmdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { writeFileAtomic } from '../workspace/atomicWrite';
import { keepOutOfVersionControl, pathExists } from '../workspace/workspaceDirectory';
import { ShadowGit } from './shadowGit';

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
  /** The checkpoint's blob of each file in `restore`. */
  blobs: Record<string, string>;
}

interface CheckpointRequest {
  ref: string;
  label: string;
}

/** Checkpoints asked for before a snapshot starts, which that one snapshot serves. */
interface SnapshotBatch {
  requests: CheckpointRequest[];
  taken: Promise<{ sha: string; time: string }>;
}

/**
 * Checkpoints in a shadow git repository under `.swarm/checkpoints/` whose work tree is the
 * workspace. The user's own `.git`, index, branches and stash are never read or written: every git
 * command runs with GIT_DIR and GIT_INDEX_FILE pointing into the shadow repository.
 *
 * The shadow index always holds the last snapshot, so a new snapshot re-reads only the files whose
 * size or time changed: its cost follows the changed files, not the workspace.
 */
export class CheckpointStore {
  private queue: Promise<unknown> = Promise.resolve();
  private waiting: SnapshotBatch | undefined;

  private constructor(
    private readonly git: ShadowGit,
    private readonly workspace: string,
  ) {}

  /** The caller must hold the workspace's RunLock. */
  static async open(workspace: string): Promise<CheckpointStore> {
    const gitDir = path.join(workspace, CHECKPOINT_DIR);
    const git = new ShadowGit(workspace, gitDir);
    if (!(await pathExists(path.join(gitDir, 'HEAD')))) {
      await mkdir(gitDir, { recursive: true });
      await git.run(['init', '--quiet']);
    }
    await keepOutOfVersionControl(gitDir);
    // Whoever opens the store holds the workspace's run lock (a run, or a rollback), so a lock file git
    // left here is from a process killed mid-command; left alone, it would fail every later snapshot.
    await rm(path.join(gitDir, 'index.lock'), { force: true });
    await mkdir(path.join(gitDir, 'info'), { recursive: true });
    await writeFile(path.join(gitDir, 'info', 'exclude'), EXCLUDES.join('\n') + '\n');
    return new CheckpointStore(git, workspace);
  }

  /**
   * Records the workspace under `refs/swarm/<ref>`, in a snapshot that starts after this call. Calls
   * made while another snapshot is being taken share the next one: parallel tasks starting together
   * cost one snapshot, not one each.
   */
  checkpoint(ref: string, label: string): Promise<Checkpoint> {
    if (!this.waiting) {
      const requests: CheckpointRequest[] = [];
      const taken = this.serialized(() => {
        if (this.waiting?.requests === requests) this.waiting = undefined;
        return this.snapshot(requests);
      });
      this.waiting = { requests, taken };
    }
    this.waiting.requests.push({ ref, label: label.replace(/\s+/g, ' ') });
    return this.waiting.taken.then(({ sha, time }) => ({ ref, sha, label, time }));
  }

  /** Settles once every checkpoint asked for so far is taken (or has failed). */
  async drained(): Promise<void> {
    await this.queue;
  }

  async list(): Promise<Checkpoint[]> {
    const out = await this.git.text(['for-each-ref', '--format=%(refname)%00%(objectname)%00%(contents:subject)%00%(contents:body)%01', 'refs/swarm/']);
    const checkpoints = out
      .split('\x01\n')
      .filter(Boolean)
      .map((record) => {
        const [name, sha, subject, body] = record.split('\0') as [string, string, string, string];
        const ref = name.replace(/^refs\/swarm\//, '');
        const label = labelIn(body, ref) ?? subject;
        return { ref, sha, label, time: /swarm-time: (\S+)/.exec(body)?.[1] ?? '' };
      });
    // Snapshots are ordered by their own millisecond time; refs sharing one snapshot stay in name order.
    return checkpoints.sort((a, b) => a.time.localeCompare(b.time));
  }

  async find(ref: string): Promise<Checkpoint | undefined> {
    const name = refName(ref).replace(/^refs\/swarm\//, '');
    return (await this.list()).find((c) => c.ref === name);
  }

  /** What rolling back to `ref` would do, limited to `paths` when given (e.g. the files one task wrote). */
  planRollback(ref: string, paths?: string[]): Promise<RollbackPlan> {
    return this.serialized(async () => {
      const [target, head, current] = await Promise.all([this.find(ref), this.head(), this.stageWorkspace()]);
      if (!target) throw new Error(`there is no checkpoint "${ref}"`);
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
      const restored = plan.restore.filter(allowed);
      const contents = await this.readBlobs(restored.map((file) => plan.blobs[file]!));
      for (const dir of new Set(restored.map((file) => path.dirname(path.join(this.workspace, file))))) await mkdir(dir, { recursive: true });
      await Promise.all(restored.map((file, i) => writeFileAtomic(path.join(this.workspace, file), contents[i]!)));
      const removed = plan.remove.filter(allowed);
      await Promise.all(removed.map((file) => rm(path.join(this.workspace, file), { force: true })));
      await this.removeEmptiedDirectories(removed);
      const skipped = [...plan.restore, ...plan.remove].filter((p) => !allowed(p));
      const label = `rollback to ${plan.target.ref}`;
      // Planning staged the whole workspace moments ago; only the files just rolled back changed since.
      const { sha, time } = await this.snapshot([{ ref: 'rollback', label }], [...restored, ...removed]);
      return { restored, removed, skipped, checkpoint: { ref: 'rollback', sha, label, time } };
    });
  }

  /**
   * Folders that held nothing but files the rollback removed go too (git records no folders, so a
   * folder created after the checkpoint would otherwise stay behind, empty). `rmdir` removes only
   * empty folders, so nothing else is lost.
   */
  private async removeEmptiedDirectories(removed: string[]): Promise<void> {
    const folders = new Set<string>();
    for (const file of removed) for (let dir = path.dirname(file); dir !== '.' && dir !== path.dirname(dir); dir = path.dirname(dir)) folders.add(dir);
    // Deepest first, so a parent is tried after its children.
    for (const dir of [...folders].sort((a, b) => b.split('/').length - a.split('/').length)) {
      await rmdir(path.join(this.workspace, dir)).catch(() => undefined);
    }
  }

  /** One commit of the workspace as it is now, and every requested ref pointing at it, updated together with HEAD. */
  private async snapshot(requests: CheckpointRequest[], changed?: string[]): Promise<{ sha: string; time: string }> {
    const [tree, parent] = await Promise.all([this.stageWorkspace(changed), this.head()]);
    const time = new Date().toISOString();
    const body = [...requests.map((r) => `swarm-checkpoint: ${refName(r.ref)} ${r.label}`), `swarm-time: ${time}`].join('\n');
    const sha = (await this.git.text(['commit-tree', tree, '-m', requests[0]!.label, '-m', body, ...(parent ? ['-p', parent] : [])])).trim();
    await this.git.run(['update-ref', '--stdin'], [`update HEAD ${sha}`, ...requests.map((r) => `update ${refName(r.ref)} ${sha}`)].join('\n') + '\n');
    return { sha, time };
  }

  /** Brings the shadow index up to the workspace (or to just the `changed` files) and returns its tree. */
  private async stageWorkspace(changed?: string[]): Promise<string> {
    if (changed?.length !== 0) await this.git.run(['add', '--all', '--', ...(changed ?? ['.'])]);
    return (await this.git.text(['write-tree'])).trim();
  }

  private async diff(from: string, to: string, paths?: string[]): Promise<{ status: string; path: string; blob: string }[]> {
    if (paths?.length === 0) return [];
    const out = await this.git.text(['diff-tree', '-r', '--no-renames', '-z', from, to, '--', ...(paths ?? [])]);
    // Each change is ":<mode> <mode> <from blob> <to blob> <status>" and the path, NUL-separated.
    const parts = out.split('\0').filter(Boolean);
    const changes: { status: string; path: string; blob: string }[] = [];
    for (let i = 0; i + 1 < parts.length; i += 2) {
      const fields = parts[i]!.split(' ');
      changes.push({ status: fields[4]!.charAt(0), blob: fields[3]!, path: parts[i + 1]! });
    }
    return changes;
  }

  /** The contents of many blobs from one git process. */
  private async readBlobs(blobs: string[]): Promise<Buffer[]> {
    if (!blobs.length) return [];
    const out = await this.git.run(['cat-file', '--batch'], blobs.join('\n') + '\n');
    const contents: Buffer[] = [];
    let at = 0;
    for (const blob of blobs) {
      const headerEnd = out.indexOf(0x0a, at);
      const header = out.subarray(at, headerEnd).toString('utf8');
      const size = /^\S+ blob (\d+)$/.exec(header)?.[1];
      if (size === undefined) throw new Error(`the checkpoint lost blob ${blob} (${header})`);
      contents.push(out.subarray(headerEnd + 1, headerEnd + 1 + Number(size)));
      at = headerEnd + 1 + Number(size) + 1;
    }
    return contents;
  }

  private async head(): Promise<string | undefined> {
    try {
      return (await this.git.text(['rev-parse', '--verify', '--quiet', 'HEAD'])).trim() || undefined;
    } catch {
      return undefined;
    }
  }

  private serialized<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }
}

function normalize(target: Checkpoint, changes: { status: string; path: string; blob: string }[], userChanged: Set<string>): RollbackPlan {
  // diff(current, target): M = differs, D = only in current (created later), A = only in target (deleted since).
  const restoring = changes.filter((c) => c.status === 'M' || c.status === 'A' || c.status === 'T');
  const restore = restoring.map((c) => c.path);
  const remove = changes.filter((c) => c.status === 'D').map((c) => c.path);
  return { target, restore, remove, conflicts: [...restore, ...remove].filter((p) => userChanged.has(p)), blobs: Object.fromEntries(restoring.map((c) => [c.path, c.blob])) };
}

function refName(ref: string): string {
  return `refs/swarm/${ref.replace(/[^A-Za-z0-9._/-]/g, '-')}`;
}

/** The label a snapshot's message gives one of its refs (older snapshots have one ref and only a subject). */
function labelIn(body: string, ref: string): string | undefined {
  const prefix = `swarm-checkpoint: refs/swarm/${ref} `;
  return body.split('\n').find((line) => line.startsWith(prefix))?.slice(prefix.length);
}
