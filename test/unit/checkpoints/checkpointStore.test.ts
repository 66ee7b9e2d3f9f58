import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CheckpointStore } from '../../../src/core/checkpoints/checkpointStore';
import { ShadowGit } from '../../../src/core/checkpoints/shadowGit';

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
    assert.equal(await exists(path.join(ws, 'src/new')), false, 'the folder the run created is gone too');
    assert.equal(await exists(path.join(ws, 'src')), true);
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

  it('serves checkpoints asked for together with one snapshot, each ref keeping its own label', async () => {
    const ws = await mkdtemp(path.join(tmpdir(), 'swarm-ckpt-'));
    const store = await CheckpointStore.open(ws);
    await write(ws, 'a.ts', 'v1\n');
    await store.checkpoint('r/start', 'start');
    await write(ws, 'a.ts', 'v2\n');
    const first = store.checkpoint('r/before-T1', 'before task T1');
    await new Promise((resolve) => setImmediate(resolve));
    // T1's snapshot has started; the two asked for while it runs must not share it, but share the next one.
    const [one, two, three] = await Promise.all([first, store.checkpoint('r/before-T2', 'before task T2'), store.checkpoint('r/before-T3', 'before task T3')]);
    assert.notEqual(one.sha, two.sha);
    assert.equal(two.sha, three.sha);
    assert.ok([one, two, three].every((c) => /^[0-9a-f]{40}$/.test(c.sha)));
    const listed = await store.list();
    assert.deepEqual(listed.map((c) => [c.ref, c.label]), [
      ['r/start', 'start'],
      ['r/before-T1', 'before task T1'],
      ['r/before-T2', 'before task T2'],
      ['r/before-T3', 'before task T3'],
    ]);
    const commits = execFileSync('git', ['rev-list', '--count', 'HEAD'], { env: { PATH: process.env.PATH, GIT_DIR: path.join(ws, '.swarm', 'checkpoints') } }).toString().trim();
    assert.equal(commits, '3');
  });

  it('restores names git would read as patterns, and binary content byte for byte', async () => {
    const ws = await mkdtemp(path.join(tmpdir(), 'swarm-ckpt-'));
    const store = await CheckpointStore.open(ws);
    const binary = Buffer.from([0, 10, 255, 13, 10, 0, 66]);
    await write(ws, 'src/*star.ts', 'star v1\n');
    await write(ws, 'src/:colon.ts', 'colon v1\n');
    await write(ws, 'src/[x].ts', 'brackets v1\n');
    await mkdir(path.join(ws, 'assets'), { recursive: true });
    await writeFile(path.join(ws, 'assets', 'logo.bin'), binary);
    await store.checkpoint('r/start', 'start');
    await write(ws, 'src/*star.ts', 'star v2\n');
    await write(ws, 'src/:colon.ts', 'colon v2\n');
    await write(ws, 'src/[x].ts', 'brackets v2\n');
    await writeFile(path.join(ws, 'assets', 'logo.bin'), 'replaced\n');
    await write(ws, 'src/x.ts', 'must stay: "[x].ts" is not a pattern for it\n');
    await store.checkpoint('r/end', 'end');

    const plan = await store.planRollback('r/start', ['src/*star.ts', 'src/:colon.ts', 'src/[x].ts', 'assets/logo.bin']);
    assert.deepEqual([...plan.restore].sort(), ['assets/logo.bin', 'src/*star.ts', 'src/:colon.ts', 'src/[x].ts']);
    assert.deepEqual(plan.remove, []);
    await store.rollback(plan);
    assert.equal(await readFile(path.join(ws, 'src/*star.ts'), 'utf8'), 'star v1\n');
    assert.equal(await readFile(path.join(ws, 'src/:colon.ts'), 'utf8'), 'colon v1\n');
    assert.equal(await readFile(path.join(ws, 'src/[x].ts'), 'utf8'), 'brackets v1\n');
    assert.deepEqual(await readFile(path.join(ws, 'assets', 'logo.bin')), binary);
    assert.equal(await readFile(path.join(ws, 'src/x.ts'), 'utf8'), 'must stay: "[x].ts" is not a pattern for it\n');
    // The rollback is itself a checkpoint: nothing is left to roll back to it.
    const after = await store.planRollback('rollback');
    assert.deepEqual([after.restore, after.remove, after.conflicts], [[], [], []]);
  });

  it('refuses to plan a rollback to a checkpoint that was never taken', async () => {
    const ws = await mkdtemp(path.join(tmpdir(), 'swarm-ckpt-'));
    const store = await CheckpointStore.open(ws);
    await assert.rejects(store.planRollback('r/never-taken'), /there is no checkpoint "r\/never-taken"/);
  });

  it('reports a failing git command with git\'s own message, against the shadow repository only', async () => {
    const ws = await mkdtemp(path.join(tmpdir(), 'swarm-ckpt-'));
    await CheckpointStore.open(ws);
    const git = new ShadowGit(ws, path.join(ws, '.swarm', 'checkpoints'));
    await assert.rejects(git.run(['cat-file', '-p', 'no-such-object']), /git cat-file failed: .*no-such-object/);
    assert.equal((await git.text(['rev-parse', '--git-dir'])).trim(), path.join(ws, '.swarm', 'checkpoints'));
  });
});

