import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CheckpointStore } from '../../../src/core/checkpoints/checkpointStore';

async function write(root: string, file: string, content: string) {
  await mkdir(path.dirname(path.join(root, file)), { recursive: true });
  await writeFile(path.join(root, file), content);
}

async function exists(file: string) {
  return stat(file).then(() => true, () => false);
}

/** A fingerprint of every file under `.git`, to prove the user's repository is untouched. */
async function fingerprint(dir: string): Promise<string> {
  const hash = createHash('sha256');
  const walk = async (d: string): Promise<void> => {
    for (const entry of (await readdir(d, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) await walk(full);
      else hash.update(full).update(await readFile(full));
    }
  };
  await walk(dir);
  return hash.digest('hex');
}

describe('checkpoints', () => {
  it('rolls a run back exactly without touching the user\'s git repository', async () => {
    const ws = await mkdtemp(path.join(tmpdir(), 'swarm-ckpt-'));
    const git = (...args: string[]) => execFileSync('git', args, { cwd: ws, env: { ...process.env, GIT_AUTHOR_NAME: 'u', GIT_AUTHOR_EMAIL: 'u@x', GIT_COMMITTER_NAME: 'u', GIT_COMMITTER_EMAIL: 'u@x' } });
    git('init', '-q');
    await write(ws, 'README.md', 'mine\n');
    await write(ws, 'src/keep.ts', 'export const keep = 1;\n');
    git('add', 'README.md');
    git('commit', '-qm', 'user commit');
    await write(ws, 'src/wip.ts', 'work in progress\n');
    git('add', 'src/wip.ts'); // a commit in progress: staged, not committed
    await write(ws, '.gitignore', 'ignored/\n');
    await write(ws, 'ignored/big.bin', 'x');
    const before = await fingerprint(path.join(ws, '.git'));

    const store = await CheckpointStore.open(ws);
    await store.checkpoint('run-1/start', 'before run-1');
    await write(ws, 'src/keep.ts', 'export const keep = 2;\n');
    await write(ws, 'src/new/created.ts', 'export const created = true;\n');
    await store.checkpoint('run-1/end', 'end of run-1');

    const plan = await store.planRollback('run-1/start');
    assert.deepEqual(plan.restore, ['src/keep.ts']);
    assert.deepEqual(plan.remove, ['src/new/created.ts']);
    assert.deepEqual(plan.conflicts, []);
    const result = await store.rollback(plan);
    assert.deepEqual(result.skipped, []);
    assert.equal(await readFile(path.join(ws, 'src/keep.ts'), 'utf8'), 'export const keep = 1;\n');
    assert.equal(await exists(path.join(ws, 'src/new/created.ts')), false);
    assert.equal(await readFile(path.join(ws, 'src/wip.ts'), 'utf8'), 'work in progress\n');
    assert.equal(await fingerprint(path.join(ws, '.git')), before);
    assert.match(git('status', '--porcelain').toString(), /A {2}src\/wip\.ts/);
  });

  it('does not overwrite files the user changed since the run without being told to', async () => {
    const ws = await mkdtemp(path.join(tmpdir(), 'swarm-ckpt-'));
    const store = await CheckpointStore.open(ws);
    await write(ws, 'a.ts', 'v1\n');
    await store.checkpoint('r/start', 'start');
    await write(ws, 'a.ts', 'v2 by swarm\n');
    await write(ws, 'b.ts', 'created by swarm\n');
    await store.checkpoint('r/end', 'end');
    await write(ws, 'a.ts', 'v3 by the user\n');

    const plan = await store.planRollback('r/start');
    assert.deepEqual(plan.conflicts, ['a.ts']);
    const first = await store.rollback(plan);
    assert.deepEqual(first.skipped, ['a.ts']);
    assert.equal(await readFile(path.join(ws, 'a.ts'), 'utf8'), 'v3 by the user\n');
    assert.equal(await exists(path.join(ws, 'b.ts')), false);

    const again = await store.rollback(await store.planRollback('r/start'), ['a.ts']);
    assert.deepEqual(again.restored, ['a.ts']);
    assert.equal(await readFile(path.join(ws, 'a.ts'), 'utf8'), 'v1\n');
  });

  it('limits a rollback to the files one task wrote', async () => {
    const ws = await mkdtemp(path.join(tmpdir(), 'swarm-ckpt-'));
    const store = await CheckpointStore.open(ws);
    await store.checkpoint('r/task-a', 'before task a');
    await write(ws, 'a.ts', 'from task a\n');
    await write(ws, 'b.ts', 'from task b\n');
    await store.checkpoint('r/end', 'end');
    const plan = await store.planRollback('r/task-a', ['a.ts']);
    assert.deepEqual(plan.remove, ['a.ts']);
    await store.rollback(plan);
    assert.equal(await exists(path.join(ws, 'a.ts')), false);
    assert.equal(await exists(path.join(ws, 'b.ts')), true);
  });

  it('lists checkpoints in order', async () => {
    const ws = await mkdtemp(path.join(tmpdir(), 'swarm-ckpt-'));
    const store = await CheckpointStore.open(ws);
    await store.checkpoint('r/one', 'one');
    await write(ws, 'x', '1');
    await store.checkpoint('r/two', 'two');
    assert.deepEqual((await store.list()).map((c) => c.ref), ['r/one', 'r/two']);
  });
});
