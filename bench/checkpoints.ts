// Checkpoint and rollback time on a generated 10,000-file workspace with 20 changed files
// (issue #6, goal < 200 ms each): the cost must follow the changed files, not the workspace.
//   node --import tsx bench/checkpoints.ts
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CheckpointStore } from '../src/core/checkpoints/checkpointStore';
import { printWhenRunDirectly } from './support/printWhenRunDirectly';

const FILES = 10_000;
const CHANGED = 20;
const ROUNDS = 5;

const fileName = (i: number) => `src/module${Math.floor(i / 100)}/file${i % 100}.ts`;
const content = (i: number, version: number) => `export const value${i} = ${version};\nexport function read${i}(): number {\n  return value${i} * 2;\n}\n`;

async function generateWorkspace(root: string): Promise<void> {
  for (let dir = 0; dir < FILES / 100; dir++) await mkdir(path.join(root, 'src', `module${dir}`), { recursive: true });
  // Ignored paths a real workspace has, which a checkpoint must not pay for.
  await mkdir(path.join(root, 'node_modules', 'left-pad'), { recursive: true });
  for (let i = 0; i < 500; i++) await writeFile(path.join(root, 'node_modules', 'left-pad', `f${i}.js`), 'module.exports = 1;\n');
  const batch = 200;
  for (let start = 0; start < FILES; start += batch) {
    await Promise.all(Array.from({ length: Math.min(batch, FILES - start) }, (_, k) => writeFile(path.join(root, fileName(start + k)), content(start + k, 0))));
  }
}

/** What one task does: changes some files and creates others, `CHANGED` in all. */
async function changeFiles(root: string, round: number): Promise<void> {
  for (let k = 0; k < CHANGED / 2; k++) {
    const i = (round * 997 + k * 331) % FILES;
    await writeFile(path.join(root, fileName(i)), content(i, round + 1));
  }
  await mkdir(path.join(root, 'src', `created${round}`), { recursive: true });
  for (let k = 0; k < CHANGED / 2; k++) await writeFile(path.join(root, 'src', `created${round}`, `new${k}.ts`), `export const created = ${k};\n`);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

export async function benchCheckpoints(): Promise<Record<string, number | string>> {
  const root = await mkdtemp(path.join(tmpdir(), 'swarm-bench-ckpt-'));
  try {
    await generateWorkspace(root);
    const store = await CheckpointStore.open(root);
    let started = performance.now();
    await store.checkpoint('bench/initial', 'the whole workspace, once');
    const firstMs = performance.now() - started;

    const checkpointMs: number[] = [];
    const planMs: number[] = [];
    const rollbackMs: number[] = [];
    let restored = 0;
    let removed = 0;
    for (let r = 0; r < ROUNDS; r++) {
      const before = `bench/before-${r}`;
      await store.checkpoint(before, `before round ${r}`);
      await changeFiles(root, r);
      // The checkpoint before the next task: 20 files changed since the last one.
      started = performance.now();
      await store.checkpoint(`bench/after-${r}`, `after round ${r}`);
      checkpointMs.push(performance.now() - started);
      // Rolling back = working out what to restore (and what the user changed since) + restoring it.
      started = performance.now();
      const plan = await store.planRollback(before);
      const planned = performance.now();
      const result = await store.rollback(plan);
      rollbackMs.push(performance.now() - started);
      planMs.push(planned - started);
      restored = result.restored.length;
      removed = result.removed.length;
      if (restored + removed !== CHANGED) throw new Error(`rollback touched ${restored + removed} files, expected ${CHANGED}`);
    }
    return {
      files: FILES,
      changedFiles: CHANGED,
      rounds: ROUNDS,
      firstCheckpointMs: Math.round(firstMs),
      checkpointMedianMs: round1(median(checkpointMs)),
      checkpointMaxMs: round1(Math.max(...checkpointMs)),
      rollbackMedianMs: round1(median(rollbackMs)),
      rollbackMaxMs: round1(Math.max(...rollbackMs)),
      rollbackPlanMedianMs: round1(median(planMs)),
      rollbackRestored: restored,
      rollbackRemoved: removed,
    };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

printWhenRunDirectly(__filename, benchCheckpoints);
