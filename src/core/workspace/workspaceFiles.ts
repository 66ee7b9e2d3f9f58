import { realpathSync, statSync } from 'node:fs';
import { lstat, mkdir, readdir, readFile, realpath, stat } from 'node:fs/promises';
import * as path from 'node:path';
import picomatch from 'picomatch';
import { SwarmInputError } from '../errors';
import { writeFileAtomic } from './atomicWrite';
import { AuditLog, sha256Hex, type AuditEntry, type AuditEntryInput } from './auditLog';
import { contentRefusal, DEFAULT_MAX_FILE_BYTES } from './contentPolicy';
import { allowedPathsMatcher, isInside, normalizeAgentPath, protectedPathReason, secretFileReason, toRelative } from './pathPolicy';

/** Who writes: an agent's id and the globs it may write (its least privilege). */
export interface WorkspaceWriter {
  id: string;
  allowedPaths: readonly string[];
}

export type WriteTarget =
  | { ok: true; /** normalized, as asked */ relative: string; /** after resolving symlinks */ realRelative: string; absolute: string }
  | { ok: false; reason: string };

export type WriteResult = { ok: true; path: string; bytes: number; sha256: string } | { ok: false; path: string; reason: string };
export type ReadResult = { ok: true; path: string; content: string } | { ok: false; path: string; reason: string };
export interface ListResult {
  paths: string[];
  /** Matching files seen; more than `paths.length` when the list was capped. */
  total: number;
  truncated: boolean;
}

export interface WorkspaceFilesOptions {
  runId: string;
  maxFileBytes?: number;
  maxReadBytes?: number;
  /** Most paths `list` returns. */
  listLimit?: number;
  audit?: AuditLog;
}

/** Directories never listed: Swarm's state, git's and installed packages. */
const SKIPPED_DIRS = new Set(['.git', '.swarm', 'node_modules']);
/** Bounds the walk of a huge workspace. */
const MAX_WALK_ENTRIES = 100_000;

/**
 * The only way agents touch the workspace. Every path is resolved against the workspace's real path
 * (`realpath` of the deepest existing ancestor), so `..`, absolute paths, symlinks that lead outside,
 * `.git` and `.swarm` are refused, and so is anything outside the writer's `allowedPaths`. Writes are
 * atomic, text only and size-capped; files that usually hold credentials (`.env`, keys) are neither
 * read nor written, and every accepted or refused write is in the audit log.
 *
 * Agents cannot create symlinks, so a link swapped in between the check and the rename can only come
 * from outside Swarm; the final rename replaces, never follows, a link at the target itself.
 */
export class WorkspaceFiles {
  readonly runId: string;
  readonly audit: AuditLog;
  private readonly maxFileBytes: number;
  private readonly maxReadBytes: number;
  private readonly listLimit: number;
  private readonly matchers = new Map<string, (relative: string) => boolean>();
  private readonly writeHolds = new Map<string, Promise<unknown>>();

  /** The workspace's real path. */
  readonly root: string;

  /** Throws a SwarmInputError when the workspace is not an existing directory. */
  constructor(workspace: string, options: WorkspaceFilesOptions) {
    let root: string;
    try {
      root = realpathSync(path.resolve(workspace));
    } catch (error) {
      throw new SwarmInputError(`the workspace ${workspace} does not exist: ${(error as Error).message}`);
    }
    if (!statSync(root).isDirectory()) throw new SwarmInputError(`the workspace ${workspace} is not a directory`);
    this.root = root;
    this.runId = options.runId;
    this.audit = options.audit ?? new AuditLog(root);
    this.maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
    this.maxReadBytes = options.maxReadBytes ?? DEFAULT_MAX_FILE_BYTES;
    this.listLimit = options.listLimit ?? 1000;
  }

  get maxBytes(): number {
    return this.maxFileBytes;
  }

  /** Where `relPath` may be written by `writer`, or why not. Writes nothing. */
  async resolveForWrite(relPath: string, writer: WorkspaceWriter): Promise<WriteTarget> {
    const normalized = normalizeAgentPath(relPath);
    if (!normalized.ok) return normalized;
    const relative = normalized.path;
    const protectedReason = protectedPathReason(relative) ?? secretFileReason(relative);
    if (protectedReason) return { ok: false, reason: protectedReason };
    const allowed = this.matcherFor(writer.allowedPaths);
    if (!allowed(relative)) return { ok: false, reason: outsideAllowedPaths(writer) };

    const resolved = await this.resolveThroughLinks(relative);
    if (!resolved.ok) return resolved;
    const { absolute, realRelative } = resolved;
    if (realRelative !== relative) {
      const linkedProtected = protectedPathReason(realRelative) ?? secretFileReason(realRelative);
      if (linkedProtected) return { ok: false, reason: `a symbolic link leads it to ${realRelative}: ${linkedProtected}` };
      if (!allowed(realRelative)) return { ok: false, reason: `a symbolic link leads it to ${realRelative}, ${outsideAllowedPaths(writer)}` };
    }
    const existing = await stat(absolute).catch(() => undefined);
    if (existing?.isDirectory()) return { ok: false, reason: 'the path is a directory' };
    return { ok: true, relative, realRelative, absolute };
  }

  /** The task's writes wait until `until` settles: the checkpoint taken before it runs, while its first model call is under way. */
  holdWrites(taskId: string, until: Promise<unknown>): void {
    this.writeHolds.set(taskId, until);
  }

  /** Writes a text file for `writer` if every rule allows it; records the outcome in the audit log either way. */
  async write(request: { path: string; content: string; writer: WorkspaceWriter; taskId?: string; requirements?: string[]; runId?: string }): Promise<WriteResult> {
    const { content, writer, taskId, runId } = request;
    const sha256 = sha256Hex(content);
    const bytes = Buffer.byteLength(content, 'utf8');
    const refuse = async (reason: string): Promise<WriteResult> => {
      await this.appendAudit({ runId, taskId, agent: writer.id, action: 'refuse', path: String(request.path), sha256, bytes, outcome: 'refused', reason });
      return { ok: false, path: String(request.path), reason };
    };

    const target = await this.resolveForWrite(request.path, writer);
    if (!target.ok) return refuse(target.reason);
    const contentReason = contentRefusal(content, this.maxFileBytes);
    if (contentReason) return refuse(contentReason);
    if (taskId !== undefined) await this.writeHolds.get(taskId);
    try {
      await mkdir(path.dirname(target.absolute), { recursive: true });
      await writeFileAtomic(target.absolute, content);
    } catch (error) {
      return refuse(`the file could not be written: ${(error as Error).message}`);
    }
    await this.appendAudit({
      runId,
      taskId,
      agent: writer.id,
      action: 'write',
      path: target.relative,
      sha256,
      bytes,
      outcome: 'written',
      ...((request.requirements?.length || target.realRelative !== target.relative) && {
        details: {
          ...(request.requirements?.length && { requirements: request.requirements }),
          ...(target.realRelative !== target.relative && { resolvedPath: target.realRelative }),
        },
      }),
    });
    return { ok: true, path: target.relative, bytes, sha256 };
  }

  /** A text file's content, or why it cannot be read (outside the workspace, in .git/.swarm, binary, too large). */
  async read(relPath: string): Promise<ReadResult> {
    const normalized = normalizeAgentPath(relPath);
    if (!normalized.ok) return { ok: false, path: String(relPath), reason: normalized.reason };
    const relative = normalized.path;
    const fail = (reason: string): ReadResult => ({ ok: false, path: relative, reason });
    const protectedReason = protectedPathReason(relative) ?? secretFileReason(relative);
    if (protectedReason) return fail(protectedReason.replace('refused', 'not readable'));
    let real: string;
    try {
      real = await realpath(path.join(this.root, relative));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return fail(code === 'ENOENT' || code === 'ENOTDIR' ? 'no such file' : `cannot read it: ${(error as Error).message}`);
    }
    if (!isInside(this.root, real)) return fail('a symbolic link leads it outside the workspace');
    const realRelative = toRelative(this.root, real);
    if (realRelative && (protectedPathReason(realRelative) ?? secretFileReason(realRelative))) return fail(`a symbolic link leads it to ${realRelative}, which is not readable`);
    const info = await stat(real);
    if (info.isDirectory()) return fail('it is a directory; use list_files to see its files');
    if (info.size > this.maxReadBytes) return fail(`it is ${info.size} bytes, over the ${this.maxReadBytes}-byte read limit`);
    const buffer = await readFile(real);
    if (buffer.includes(0)) return fail('it is a binary file');
    try {
      return { ok: true, path: relative, content: new TextDecoder('utf-8', { fatal: true }).decode(buffer) };
    } catch {
      return fail('it is not UTF-8 text');
    }
  }

  /**
   * Workspace-relative file paths, sorted, skipping `.git`, `.swarm` and `node_modules`, optionally
   * filtered by a glob (a pattern without `/` matches file names at any depth), capped at the list limit.
   */
  async list(pattern?: string): Promise<ListResult> {
    const trimmed = pattern?.trim();
    const matches = trimmed ? picomatch(trimmed.replace(/^\.\//, ''), { dot: true, basename: !trimmed.includes('/') }) : () => true;
    const found: string[] = [];
    let total = 0;
    let seen = 0;
    const queue = [''];
    while (queue.length && seen < MAX_WALK_ENTRIES) {
      const dir = queue.shift() as string;
      const entries = await readdir(path.join(this.root, dir), { withFileTypes: true }).catch(() => []);
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const entry of entries) {
        if (++seen > MAX_WALK_ENTRIES) break;
        const relative = dir ? `${dir}/${entry.name}` : entry.name;
        if (entry.isDirectory()) {
          if (!SKIPPED_DIRS.has(entry.name.toLowerCase())) queue.push(relative);
          continue;
        }
        if (entry.isSymbolicLink() && !(await this.isFileInside(relative))) continue;
        if (!entry.isFile() && !entry.isSymbolicLink()) continue;
        if (!matches(relative)) continue;
        total++;
        if (found.length < this.listLimit) found.push(relative);
      }
    }
    found.sort();
    return { paths: found, total, truncated: total > found.length || seen >= MAX_WALK_ENTRIES };
  }

  /** Records a decision by someone other than a writing agent (approval, rejection, rollback) in the audit chain. */
  appendAudit(entry: Omit<AuditEntryInput, 'runId'> & { runId?: string }): Promise<AuditEntry> {
    return this.audit.append({ ...entry, runId: entry.runId ?? this.runId });
  }

  /**
   * Records a person's (or the engine's) decision on a task in the audit chain: one entry per file it
   * concerns, with the sha-256 of the file as it is now, so the log says exactly which bytes were
   * approved, rejected or rolled back.
   */
  async recordDecision(decision: 'approve' | 'reject' | 'retry' | 'rollback', taskId: string, paths: string[], options: { agent?: string; reason?: string } = {}): Promise<void> {
    const outcome = { approve: 'approved', reject: 'rejected', retry: 'retried', rollback: 'rolled-back' }[decision];
    const agent = options.agent ?? 'user';
    if (!paths.length) {
      await this.appendAudit({ taskId, agent, action: decision, path: '', outcome, reason: options.reason });
      return;
    }
    for (const file of paths) {
      const current = await this.read(file);
      await this.appendAudit({
        taskId,
        agent,
        action: decision,
        path: file,
        ...(current.ok && { sha256: sha256Hex(current.content), bytes: Buffer.byteLength(current.content, 'utf8') }),
        outcome,
        reason: options.reason ?? (current.ok ? undefined : `the file cannot be read now: ${current.reason}`),
      });
    }
  }

  private matcherFor(allowedPaths: readonly string[]): (relative: string) => boolean {
    const key = JSON.stringify(allowedPaths);
    let matcher = this.matchers.get(key);
    if (!matcher) this.matchers.set(key, (matcher = allowedPathsMatcher(allowedPaths)));
    return matcher;
  }

  /** Resolves symlinks on the deepest existing ancestor of `relative`; refuses what leads outside. */
  private async resolveThroughLinks(relative: string): Promise<{ ok: true; absolute: string; realRelative: string } | { ok: false; reason: string }> {
    let existing = path.join(this.root, relative);
    const missing: string[] = [];
    for (;;) {
      try {
        await lstat(existing);
        break;
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOTDIR') return { ok: false, reason: 'a parent of the path is a file, not a directory' };
        if (code !== 'ENOENT') return { ok: false, reason: `cannot check the path: ${(error as Error).message}` };
        missing.unshift(path.basename(existing));
        existing = path.dirname(existing);
      }
    }
    let real: string;
    try {
      real = await realpath(existing);
    } catch {
      return { ok: false, reason: 'it goes through a symbolic link that leads nowhere' };
    }
    if (!isInside(this.root, real)) return { ok: false, reason: 'a symbolic link leads it outside the workspace' };
    if (missing.length) {
      const parent = await stat(real);
      if (!parent.isDirectory()) return { ok: false, reason: 'a parent of the path is a file, not a directory' };
    }
    const absolute = path.join(real, ...missing);
    const realRelative = toRelative(this.root, absolute);
    if (!realRelative) return { ok: false, reason: 'the path names the workspace root, not a file' };
    return { ok: true, absolute, realRelative };
  }

  private async isFileInside(relative: string): Promise<boolean> {
    try {
      const real = await realpath(path.join(this.root, relative));
      return isInside(this.root, real) && !protectedPathReason(toRelative(this.root, real) || '.') && (await stat(real)).isFile();
    } catch {
      return false;
    }
  }
}

function outsideAllowedPaths(writer: WorkspaceWriter): string {
  const shown = writer.allowedPaths.slice(0, 12).join(', ');
  return `it is outside the paths the ${writer.id} agent may write (${shown || 'none'}${writer.allowedPaths.length > 12 ? ', …' : ''})`;
}
