import { strict as assert } from 'node:assert';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { SwarmInputError } from '../../../src/core/errors';
import { AUDIT_LOG_FILE, readAuditLog, sha256Hex, verifyAuditLog } from '../../../src/core/workspace/auditLog';
import { WorkspaceFiles, type WorkspaceWriter } from '../../../src/core/workspace/workspaceFiles';

const frontend: WorkspaceWriter = { id: 'frontend', allowedPaths: ['web/**', 'src/components/**'] };
const anywhere: WorkspaceWriter = { id: 'fullstack', allowedPaths: ['**'] };

describe('WorkspaceFiles', () => {
  let base: string;
  let root: string;
  let outside: string;
  let files: WorkspaceFiles;

  beforeEach(async () => {
    base = await mkdtemp(path.join(tmpdir(), 'swarm-ws-'));
    root = path.join(base, 'workspace');
    outside = path.join(base, 'outside');
    await mkdir(path.join(root, '.git', 'hooks'), { recursive: true });
    await writeFile(path.join(root, '.git', 'HEAD'), 'ref: refs/heads/main\n');
    await mkdir(outside, { recursive: true });
    await writeFile(path.join(outside, 'secret.txt'), 'top secret\n');
    files = new WorkspaceFiles(root, { runId: 'run-1' });
  });
  afterEach(async () => {
    await rm(base, { recursive: true, force: true });
  });

  /** Every file under a directory (relative), for "nothing was written" checks. */
  async function tree(dir: string): Promise<string[]> {
    const entries = await readdir(dir, { recursive: true, withFileTypes: true });
    return entries
      .filter((e) => !e.isDirectory())
      .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
      .sort();
  }

  async function expectRefused(relPath: string, writer: WorkspaceWriter, reason: RegExp): Promise<void> {
    const rootBefore = (await tree(root)).filter((f) => !f.startsWith('.swarm'));
    const outsideBefore = await tree(outside);
    const result = await files.write({ path: relPath, content: 'echo pwned\n', writer, taskId: 'task-1' });
    assert.equal(result.ok, false, `${relPath} was written`);
    if (!result.ok) assert.match(result.reason, reason);
    assert.deepEqual((await tree(root)).filter((f) => !f.startsWith('.swarm')), rootBefore, 'nothing new in the workspace');
    assert.deepEqual(await tree(outside), outsideBefore, 'nothing new outside');
    assert.equal(await readFile(path.join(outside, 'secret.txt'), 'utf8'), 'top secret\n');
    const last = (await readAuditLog(root)).at(-1);
    assert.ok(last, 'the refusal is in the audit log');
    assert.equal(last.action, 'refuse');
    assert.equal(last.outcome, 'refused');
    assert.equal(last.path, relPath);
    assert.equal(last.agent, writer.id);
    assert.equal(last.runId, 'run-1');
    assert.equal(last.taskId, 'task-1');
    assert.equal(last.sha256, sha256Hex('echo pwned\n'));
    assert.match(last.reason ?? '', reason);
  }

  describe('refuses, writes nothing, and audits the refusal', () => {
    it('../x', () => expectRefused('../x', anywhere, /escapes/));
    it('../outside/secret.txt', () => expectRefused('../outside/secret.txt', anywhere, /escapes/));
    it('/tmp/x', () => expectRefused('/tmp/x', anywhere, /absolute/));
    it('an absolute path into the workspace itself', async () => expectRefused(path.join(root, 'web', 'a.ts'), anywhere, /absolute/));
    it('C:\\Windows\\x (Windows form)', () => expectRefused('C:\\Windows\\x', anywhere, /absolute/));
    it('.git/hooks/pre-commit', async () => {
      await expectRefused('.git/hooks/pre-commit', anywhere, /\.git/);
      assert.equal(existsSync(path.join(root, '.git', 'hooks', 'pre-commit')), false);
    });
    it('.GIT/config and a nested .git', async () => {
      await expectRefused('.GIT/config', anywhere, /\.git/);
      await expectRefused('web/sub/.git/config', anywhere, /\.git/);
    });
    it('.swarm/audit.jsonl', () => expectRefused('.swarm/audit.jsonl', anywhere, /\.swarm/));
    it('a symlinked directory inside the workspace that points outside', async () => {
      await mkdir(path.join(root, 'web'), { recursive: true });
      await symlink(outside, path.join(root, 'web', 'link'), 'dir');
      await expectRefused('web/link/pwned.sh', anywhere, /outside the workspace/);
      await expectRefused('web/link/new/deeper/pwned.sh', anywhere, /outside the workspace/);
      await expectRefused('web/link/secret.txt', anywhere, /outside the workspace/);
    });
    it('a symlinked file inside the workspace that points outside', async () => {
      await mkdir(path.join(root, 'web'), { recursive: true });
      await symlink(path.join(outside, 'secret.txt'), path.join(root, 'web', 'config.ts'));
      await expectRefused('web/config.ts', anywhere, /outside the workspace/);
    });
    it('a dangling symlink pointing outside', async () => {
      await mkdir(path.join(root, 'web'), { recursive: true });
      await symlink(path.join(outside, 'does-not-exist.sh'), path.join(root, 'web', 'run.sh'));
      await expectRefused('web/run.sh', anywhere, /symbolic link/);
      assert.equal(existsSync(path.join(outside, 'does-not-exist.sh')), false);
    });
    it('a symlink inside the workspace that leads into .git', async () => {
      await mkdir(path.join(root, 'web'), { recursive: true });
      await symlink(path.join(root, '.git', 'hooks'), path.join(root, 'web', 'hooks'), 'dir');
      await expectRefused('web/hooks/pre-commit', anywhere, /\.git/);
    });
    it("a symlink that leads outside the agent's allowedPaths", async () => {
      await mkdir(path.join(root, 'web'), { recursive: true });
      await mkdir(path.join(root, 'src', 'server'), { recursive: true });
      await symlink(path.join(root, 'src', 'server'), path.join(root, 'web', 'server'), 'dir');
      await expectRefused('web/server/index.ts', frontend, /allowed paths|may write/);
    });
    it("paths outside the agent's allowedPaths", async () => {
      await expectRefused('src/server/index.ts', frontend, /frontend agent may write \(web\/\*\*, src\/components\/\*\*\)/);
      await expectRefused('package.json', frontend, /may write/);
    });
    it('files that usually hold credentials (.env, keys), while .env.example stays writable', async () => {
      await writeFile(path.join(root, '.env'), 'OPENAI_API_KEY=sk-user-secret\n');
      await expectRefused('.env', anywhere, /credentials/);
      await expectRefused('web/.env.local', anywhere, /credentials/);
      await expectRefused('certs/server.pem', anywhere, /credentials/);
      assert.equal(await readFile(path.join(root, '.env'), 'utf8'), 'OPENAI_API_KEY=sk-user-secret\n');
      assert.equal((await files.write({ path: '.env.example', content: 'OPENAI_API_KEY=\n', writer: anywhere })).ok, true);
      const read = await files.read('.env');
      assert.equal(read.ok, false);
      if (!read.ok) assert.match(read.reason, /credentials/);
      await symlink(path.join(root, '.env'), path.join(root, 'settings.txt'));
      const throughLink = await files.read('settings.txt');
      assert.equal(throughLink.ok, false);
    });
    it('a file over the size limit', async () => {
      const small = new WorkspaceFiles(root, { runId: 'run-1', maxFileBytes: 1024 });
      const result = await small.write({ path: 'web/big.ts', content: 'x'.repeat(1025), writer: frontend });
      assert.equal(result.ok, false);
      if (!result.ok) assert.match(result.reason, /over the 1 KB limit/);
      assert.equal(existsSync(path.join(root, 'web', 'big.ts')), false);
      assert.equal((await readAuditLog(root)).at(-1)?.outcome, 'refused');
    });
    it('binary content: NUL bytes, lone surrogates, control characters', async () => {
      for (const content of ['PNG\0\0\0IHDR', 'text \ud800 more', '\u0001\u0002\u0003\u0004\u0005abc']) {
        const result = await files.write({ path: 'web/blob.bin', content, writer: frontend });
        assert.equal(result.ok, false);
        if (!result.ok) assert.match(result.reason, /binary|UTF-8/);
      }
      assert.equal(existsSync(path.join(root, 'web', 'blob.bin')), false);
      assert.equal((await readAuditLog(root)).filter((e) => e.outcome === 'refused').length, 3);
    });
    it('a directory as the target, and a file as a parent', async () => {
      await mkdir(path.join(root, 'web', 'dir'), { recursive: true });
      await writeFile(path.join(root, 'web', 'file.ts'), 'x');
      await expectRefused('web/dir', frontend, /directory/);
      await expectRefused('web/file.ts/child.ts', frontend, /parent/);
    });
  });

  it('writes inside allowedPaths atomically, creating folders, and audits it as written', async () => {
    const content = 'export const answer = 42;\n';
    const result = await files.write({ path: 'web\\src\\answer.ts', content, writer: frontend, taskId: 't1', requirements: ['REQ-001'] });
    assert.deepEqual(result, { ok: true, path: 'web/src/answer.ts', bytes: content.length, sha256: sha256Hex(content) });
    assert.equal(await readFile(path.join(root, 'web', 'src', 'answer.ts'), 'utf8'), content);
    assert.deepEqual(await readdir(path.join(root, 'web', 'src')), ['answer.ts'], 'no temp file is left behind');

    const replaced = await files.write({ path: 'web/src/answer.ts', content: 'export const answer = 43;\n', writer: frontend });
    assert.equal(replaced.ok, true);
    assert.equal(await readFile(path.join(root, 'web', 'src', 'answer.ts'), 'utf8'), 'export const answer = 43;\n');

    const entries = await readAuditLog(root);
    assert.equal(entries.length, 2);
    assert.deepEqual(
      { path: entries[0].path, agent: entries[0].agent, runId: entries[0].runId, taskId: entries[0].taskId, sha256: entries[0].sha256, outcome: entries[0].outcome, action: entries[0].action, bytes: entries[0].bytes },
      { path: 'web/src/answer.ts', agent: 'frontend', runId: 'run-1', taskId: 't1', sha256: sha256Hex(content), outcome: 'written', action: 'write', bytes: content.length },
    );
    assert.deepEqual(entries[0].details, { requirements: ['REQ-001'] });
    assert.ok(!Number.isNaN(Date.parse(entries[0].time)));
    assert.equal((await verifyAuditLog(root)).ok, true);
  });

  it('writes through a symlink that stays inside the workspace and the allowed paths', async () => {
    await mkdir(path.join(root, 'web', 'real'), { recursive: true });
    await symlink(path.join(root, 'web', 'real'), path.join(root, 'web', 'alias'), 'dir');
    const result = await files.write({ path: 'web/alias/a.ts', content: 'export {};\n', writer: frontend });
    assert.equal(result.ok, true);
    assert.equal(await readFile(path.join(root, 'web', 'real', 'a.ts'), 'utf8'), 'export {};\n');
    assert.deepEqual((await readAuditLog(root)).at(-1)?.details, { resolvedPath: 'web/real/a.ts' });
  });

  it('refuses a workspace that does not exist', () => {
    assert.throws(() => new WorkspaceFiles(path.join(base, 'nope'), { runId: 'r' }), SwarmInputError);
  });

  describe('read', () => {
    it('reads text files and refuses escapes, .git, .swarm, binaries and directories', async () => {
      await mkdir(path.join(root, 'src'), { recursive: true });
      await writeFile(path.join(root, 'src', 'a.ts'), 'export const a = 1;\n');
      await writeFile(path.join(root, 'src', 'img.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0]));
      await writeFile(path.join(root, 'src', 'latin1.txt'), Buffer.from([0x63, 0x61, 0x66, 0xe9]));
      await symlink(path.join(outside, 'secret.txt'), path.join(root, 'src', 'leak.txt'));
      assert.deepEqual(await files.read('src/a.ts'), { ok: true, path: 'src/a.ts', content: 'export const a = 1;\n' });
      const refusals: [string, RegExp][] = [
        ['../outside/secret.txt', /escapes/],
        [path.join(outside, 'secret.txt'), /absolute/],
        ['.git/HEAD', /\.git/],
        ['.swarm/audit.jsonl', /\.swarm/],
        ['src/leak.txt', /outside the workspace/],
        ['src/img.png', /binary/],
        ['src/latin1.txt', /UTF-8/],
        ['src', /directory/],
        ['src/missing.ts', /no such file/],
      ];
      for (const [p, reason] of refusals) {
        const result = await files.read(p);
        assert.equal(result.ok, false, p);
        if (!result.ok) assert.match(result.reason, reason, p);
      }
    });
  });

  describe('list', () => {
    it('lists files sorted, skipping .git, .swarm and node_modules, filtered by a glob, capped', async () => {
      for (const f of ['src/a.ts', 'src/b/c.ts', 'README.md', 'node_modules/x/index.js', '.swarm/state.json', 'docs/guide.md', '.github/workflows/ci.yml']) {
        await mkdir(path.dirname(path.join(root, f)), { recursive: true });
        await writeFile(path.join(root, f), 'x');
      }
      await symlink(outside, path.join(root, 'out-link'), 'dir');
      await symlink(path.join(outside, 'secret.txt'), path.join(root, 'secret-link.txt'));
      const all = await files.list();
      assert.deepEqual(all.paths, ['.github/workflows/ci.yml', 'README.md', 'docs/guide.md', 'src/a.ts', 'src/b/c.ts']);
      assert.equal(all.truncated, false);
      assert.deepEqual((await files.list('*.ts')).paths, ['src/a.ts', 'src/b/c.ts']);
      assert.deepEqual((await files.list('src/*.ts')).paths, ['src/a.ts']);
      assert.deepEqual((await files.list('**/*.md')).paths, ['README.md', 'docs/guide.md']);
      const capped = await new WorkspaceFiles(root, { runId: 'r', listLimit: 2 }).list();
      assert.equal(capped.paths.length, 2);
      assert.equal(capped.total, 5);
      assert.equal(capped.truncated, true);
    });
  });

  it('records decisions (approve, reject, rollback) in the same chain', async () => {
    await files.write({ path: 'web/a.ts', content: 'export {};\n', writer: frontend, taskId: 't1' });
    await files.recordDecision('approve', 't1', ['web/a.ts']);
    await files.recordDecision('reject', 't2', []);
    await files.appendAudit({ agent: 'user', action: 'rollback', path: 'web/a.ts', outcome: 'rolled-back', taskId: 't1' });
    const entries = await readAuditLog(root);
    assert.deepEqual(
      entries.map((e) => [e.action, e.outcome, e.path, e.agent]),
      [
        ['write', 'written', 'web/a.ts', 'frontend'],
        ['approve', 'approved', 'web/a.ts', 'user'],
        ['reject', 'rejected', '', 'user'],
        ['rollback', 'rolled-back', 'web/a.ts', 'user'],
      ],
    );
    assert.equal(entries[1].sha256, sha256Hex('export {};\n'));
    assert.deepEqual(await verifyAuditLog(root), { ok: true, file: path.join(root, AUDIT_LOG_FILE), entries: 4 });
  });
});
