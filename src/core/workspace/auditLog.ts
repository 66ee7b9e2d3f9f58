import { createHash } from 'node:crypto';
import { mkdir, open, readFile, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { lock } from 'proper-lockfile';

export const AUDIT_LOG_FILE = '.swarm/audit.jsonl';
/** The `prevHash` of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

export type AuditAction = 'write' | 'refuse' | 'approve' | 'reject' | 'retry' | 'rollback' | (string & {});
/** `written` and `refused` are what the language server looks for; the others describe decisions. */
export type AuditOutcome = 'written' | 'refused' | 'approved' | 'rejected' | 'retried' | 'rolled-back' | (string & {});

/** What a caller records; time and the hash chain are added by the log. */
export interface AuditEntryInput {
  runId: string;
  taskId?: string;
  /** The agent that wrote, or who decided (`user`, `swarm`). */
  agent: string;
  action: AuditAction;
  /** Workspace-relative path the entry is about, as asked for (may be a refused, hostile path). */
  path: string;
  /** Sha-256 (hex) of the content written or refused. */
  sha256?: string;
  bytes?: number;
  outcome: AuditOutcome;
  reason?: string;
  details?: Record<string, unknown>;
}

export interface AuditEntry extends AuditEntryInput {
  time: string;
  prevHash: string;
  hash: string;
}

export interface AuditVerification {
  ok: boolean;
  file: string;
  /** Entries that verified (all of them when ok). */
  entries: number;
  /** 1-based line of the first entry that does not verify. */
  brokenAt?: number;
  reason?: string;
}

const MAX_REASON_CHARS = 1000;
/** Paths (which may be hostile model output) are recorded up to this length. */
const MAX_PATH_CHARS = 1024;

/** Per audit file: appends within this process queue here, and the last hash written is remembered. */
const chains = new Map<string, { queue: Promise<unknown>; size: number; hash: string }>();

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** JSON with object keys sorted at every depth, so the hash does not depend on key order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/** The hash of an entry: sha-256 over the previous hash and the canonical entry without its own hash. */
export function auditEntryHash(entry: Omit<AuditEntry, 'hash'>): string {
  return sha256Hex(`${entry.prevHash}\n${canonicalJson(entry)}`);
}

/**
 * `.swarm/audit.jsonl`: append-only, one JSON entry a line, each carrying the hash of the one before.
 * Appends are serialized within the process and, through a lock file, across processes; each append
 * reads the chain's tail under the lock, so two runs in one workspace extend one chain.
 */
export class AuditLog {
  readonly file: string;

  constructor(workspace: string) {
    this.file = path.join(path.resolve(workspace), AUDIT_LOG_FILE);
  }

  append(input: AuditEntryInput): Promise<AuditEntry> {
    let chain = chains.get(this.file);
    if (!chain) chains.set(this.file, (chain = { queue: Promise.resolve(), size: -1, hash: GENESIS_HASH }));
    const state = chain;
    const next = state.queue.then(() => this.appendLocked(input, state));
    state.queue = next.catch(() => undefined);
    return next;
  }

  private async appendLocked(input: AuditEntryInput, state: { size: number; hash: string }): Promise<AuditEntry> {
    await mkdir(path.dirname(this.file), { recursive: true });
    const release = await lock(this.file, {
      realpath: false,
      stale: 10_000,
      retries: { retries: 200, minTimeout: 5, maxTimeout: 50, factor: 1.5 },
      // A lost lock at worst forks the chain, which `swarm audit verify` reports; never crash the run.
      onCompromised: () => undefined,
    });
    try {
      const size = await stat(this.file).then(
        (s) => s.size,
        () => 0,
      );
      const prevHash = size === state.size ? state.hash : size === 0 ? GENESIS_HASH : await tailHash(this.file);
      const entry = buildEntry(input, prevHash);
      const line = Buffer.from(`${JSON.stringify(entry)}\n`, 'utf8');
      const handle = await open(this.file, 'a', 0o644);
      try {
        // One write per line with O_APPEND: lines from several processes never interleave.
        const { bytesWritten } = await handle.write(line);
        if (bytesWritten !== line.length) throw new Error(`short write to ${this.file}`);
      } finally {
        await handle.close();
      }
      state.size = size + line.length;
      state.hash = entry.hash;
      return entry;
    } finally {
      await release().catch(() => undefined);
    }
  }
}

function buildEntry(input: AuditEntryInput, prevHash: string): AuditEntry {
  const unhashed: Omit<AuditEntry, 'hash'> = {
    time: new Date().toISOString(),
    runId: input.runId,
    ...(input.taskId !== undefined && { taskId: input.taskId }),
    agent: input.agent,
    action: input.action,
    path: input.path.length > MAX_PATH_CHARS ? `${input.path.slice(0, MAX_PATH_CHARS)}…` : input.path,
    ...(input.sha256 !== undefined && { sha256: input.sha256 }),
    ...(input.bytes !== undefined && { bytes: input.bytes }),
    outcome: input.outcome,
    ...(input.reason !== undefined && { reason: input.reason.slice(0, MAX_REASON_CHARS) }),
    ...(input.details !== undefined && { details: input.details }),
    prevHash,
  };
  // Round-trip so the hash is computed over exactly what a reader will parse back.
  const parsed = JSON.parse(JSON.stringify(unhashed)) as Omit<AuditEntry, 'hash'>;
  return { ...parsed, hash: auditEntryHash(parsed) };
}

/** The hash of the last line (or of the raw line when it is not an entry: the chain then shows the break). */
async function tailHash(file: string): Promise<string> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    for (let chunk = 64 * 1024; ; chunk *= 4) {
      const start = Math.max(0, size - chunk);
      const buffer = Buffer.alloc(size - start);
      await handle.read(buffer, 0, buffer.length, start);
      const text = buffer.toString('utf8').replace(/\n+$/, '');
      const cut = text.lastIndexOf('\n');
      if (cut >= 0 || start === 0) {
        const last = text.slice(cut + 1);
        try {
          const hash = (JSON.parse(last) as Partial<AuditEntry>).hash;
          if (typeof hash === 'string') return hash;
        } catch {
          // fall through
        }
        return sha256Hex(last);
      }
    }
  } finally {
    await handle.close();
  }
}

/** Reads every entry; lines that are not JSON are skipped (verification reports them). */
export async function readAuditLog(workspace: string): Promise<AuditEntry[]> {
  const text = await readFile(path.join(path.resolve(workspace), AUDIT_LOG_FILE), 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return '';
    throw error;
  });
  const entries: AuditEntry[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      entries.push(JSON.parse(line) as AuditEntry);
    } catch {
      // skipped
    }
  }
  return entries;
}

/**
 * Checks the whole chain: every line is an entry, its `prevHash` is the previous entry's hash (the
 * genesis hash for the first) and its `hash` matches its content. A missing log verifies (0 entries).
 * Removing entries from the end is not detectable from the file alone.
 */
export async function verifyAuditLog(workspace: string): Promise<AuditVerification> {
  const file = path.join(path.resolve(workspace), AUDIT_LOG_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { ok: true, file, entries: 0 };
    throw error;
  }
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  else if (lines.length) return broken(file, lines.length - 1, lines.length, 'the last line is incomplete (no newline)');
  let expected = GENESIS_HASH;
  for (let i = 0; i < lines.length; i++) {
    let entry: AuditEntry;
    try {
      entry = JSON.parse(lines[i]) as AuditEntry;
    } catch {
      return broken(file, i, i + 1, 'the line is not JSON');
    }
    if (!entry || typeof entry !== 'object' || typeof entry.hash !== 'string' || typeof entry.prevHash !== 'string') {
      return broken(file, i, i + 1, 'the line is not an audit entry');
    }
    if (entry.prevHash !== expected) return broken(file, i, i + 1, 'prevHash does not match the previous entry (an entry was removed, inserted or reordered)');
    const { hash, ...unhashed } = entry;
    if (auditEntryHash(unhashed) !== hash) return broken(file, i, i + 1, 'the entry was modified after it was written (hash mismatch)');
    expected = hash;
  }
  return { ok: true, file, entries: lines.length };
}

function broken(file: string, entries: number, brokenAt: number, reason: string): AuditVerification {
  return { ok: false, file, entries, brokenAt, reason };
}
