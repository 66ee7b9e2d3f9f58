import type { FileOrigin } from './protocol';

export interface WrittenEntry extends FileOrigin {
  /** Workspace-relative, `/`-separated. */
  path: string;
  sha256?: string;
}

/**
 * The files a run wrote, from `.swarm/audit.jsonl`: the latest `written` entry per path (later lines
 * win; a later rollback or deletion forgets the file). Lines that are not JSON are skipped.
 */
export function writtenFilesFromAudit(jsonl: string): Map<string, WrittenEntry> {
  const files = new Map<string, WrittenEntry>();
  for (const line of jsonl.split('\n')) {
    if (!line.trim()) continue;
    let entry: Record<string, unknown>;
    try {
      entry = JSON.parse(line) as Record<string, unknown>;
    } catch {
      continue;
    }
    if (typeof entry !== 'object' || entry === null || typeof entry.path !== 'string') continue;
    const file = entry.path.replace(/\\/g, '/').replace(/^\.\//, '');
    if (entry.outcome === 'written') {
      if (typeof entry.agent !== 'string' || typeof entry.runId !== 'string') continue;
      files.set(file, {
        path: file,
        agent: entry.agent,
        runId: entry.runId,
        ...(typeof entry.taskId === 'string' && { taskId: entry.taskId }),
        ...(typeof entry.sha256 === 'string' && { sha256: entry.sha256 }),
      });
    } else if (entry.outcome === 'rolled-back' || entry.outcome === 'deleted' || entry.action === 'rollback') {
      files.delete(file);
    }
  }
  return files;
}

export interface Approval {
  file: string;
  sha256: string;
  rule: string;
}

/** `.swarm/approvals.json` `{ approvals: [{ file, sha256, rule }] }`; anything else reads as no approvals. */
export function parseApprovals(json: string): Approval[] {
  try {
    const doc = JSON.parse(json) as { approvals?: unknown };
    if (!Array.isArray(doc.approvals)) return [];
    return doc.approvals.filter(
      (a): a is Approval => typeof a === 'object' && a !== null && typeof (a as Approval).file === 'string' && typeof (a as Approval).sha256 === 'string' && typeof (a as Approval).rule === 'string',
    );
  } catch {
    return [];
  }
}

/** Rules the user approved for this exact content of this file. */
export function approvedRules(approvals: Approval[], file: string, sha256: string): Set<string> {
  return new Set(approvals.filter((a) => a.file.replace(/\\/g, '/') === file && a.sha256 === sha256).map((a) => a.rule));
}
