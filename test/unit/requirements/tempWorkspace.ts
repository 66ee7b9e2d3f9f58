import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

/** A throw-away workspace with the given files (text or bytes), removed by `dispose`. */
export function tempWorkspace(files: Record<string, string | Uint8Array>): { dir: string; snapshot: () => Record<string, string>; dispose: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'swarm-req-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  return { dir, snapshot: () => snapshotTree(dir), dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Every directory and file under `dir` with a hash of its content: equal snapshots, unchanged tree. */
export function snapshotTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (relative: string) => {
    for (const entry of readdirSync(path.join(dir, relative), { withFileTypes: true })) {
      const child = path.join(relative, entry.name);
      if (entry.isDirectory()) {
        out[`${child}/`] = 'dir';
        walk(child);
      } else out[child] = createHash('sha256').update(readFileSync(path.join(dir, child))).digest('hex');
    }
  };
  walk('');
  return out;
}
