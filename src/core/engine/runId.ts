import { randomBytes } from 'node:crypto';

/** Run ids sort by start time: `2026-11-25T22-40-00-123Z-ab12`. */
export function newRunId(now = new Date()): string {
  return `${now.toISOString().replace(/[:.]/g, '-')}-${randomBytes(2).toString('hex')}`;
}
