import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import * as path from 'node:path';

export const APPROVALS_FILE = path.join('.swarm', 'approvals.json');

export interface PlaceholderApproval {
  /** Workspace-relative, `/`-separated. */
  file: string;
  /** Sha-256 of the file's content when it was approved: an edit makes the finding come back. */
  sha256: string;
  rule: string;
}

interface ApprovalsDocument {
  approvals: PlaceholderApproval[];
}

/** `.swarm/approvals.json`: placeholder findings the user accepted, read by the language server. */
export async function readPlaceholderApprovals(workspace: string): Promise<PlaceholderApproval[]> {
  try {
    const parsed = JSON.parse(await readFile(path.join(workspace, APPROVALS_FILE), 'utf8')) as Partial<ApprovalsDocument>;
    return Array.isArray(parsed.approvals) ? parsed.approvals.filter(isApproval) : [];
  } catch {
    return [];
  }
}

/** Adds an approval (once) and writes the file atomically; returns false when it was already there. */
export async function addPlaceholderApproval(workspace: string, approval: PlaceholderApproval): Promise<boolean> {
  const approvals = await readPlaceholderApprovals(workspace);
  if (approvals.some((a) => a.file === approval.file && a.sha256 === approval.sha256 && a.rule === approval.rule)) return false;
  approvals.push({ file: approval.file, sha256: approval.sha256, rule: approval.rule });
  const file = path.join(workspace, APPROVALS_FILE);
  await mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temp, `${JSON.stringify({ approvals } satisfies ApprovalsDocument, null, 2)}\n`, 'utf8');
  await rename(temp, file);
  return true;
}

function isApproval(value: unknown): value is PlaceholderApproval {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.file === 'string' && typeof v.sha256 === 'string' && typeof v.rule === 'string';
}
