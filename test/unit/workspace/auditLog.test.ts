import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { Command } from 'commander';
import { auditCommand } from '../../../src/cli/commands/audit';
import { SwarmInputError } from '../../../src/core/errors';
import { AUDIT_LOG_FILE, AuditLog, GENESIS_HASH, auditEntryHash, readAuditLog, verifyAuditLog, type AuditEntry } from '../../../src/core/workspace/auditLog';

const run = promisify(execFile);

describe('audit log', () => {
  let root: string;
  let file: string;

  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'swarm-audit-'));
    file = path.join(root, AUDIT_LOG_FILE);
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  async function appendSome(count: number): Promise<AuditEntry[]> {
    const log = new AuditLog(root);
    const entries: AuditEntry[] = [];
    for (let i = 0; i < count; i++) {
      entries.push(await log.append({ runId: 'r1', taskId: `t${i}`, agent: 'backend', action: 'write', path: `src/f${i}.ts`, sha256: 'b'.repeat(64), bytes: 10 + i, outcome: 'written' }));
    }
    return entries;
  }

  async function lines(): Promise<string[]> {
    return (await readFile(file, 'utf8')).split('\n').filter(Boolean);
  }

  async function rewrite(mutate: (lines: string[]) => string[]): Promise<void> {
    await writeFile(file, `${mutate(await lines()).join('\n')}\n`);
  }

  it('chains each entry to the previous one and verifies', async () => {
    const entries = await appendSome(3);
    assert.equal(entries[0].prevHash, GENESIS_HASH);
    assert.equal(entries[1].prevHash, entries[0].hash);
    assert.equal(entries[2].prevHash, entries[1].hash);
    for (const entry of entries) {
      const { hash, ...rest } = entry;
      assert.equal(auditEntryHash(rest), hash);
      assert.match(hash, /^[0-9a-f]{64}$/);
    }
    assert.deepEqual(await readAuditLog(root), entries);
    assert.deepEqual(await verifyAuditLog(root), { ok: true, file, entries: 3 });
  });

  it('continues the chain across AuditLog instances (a second run reads the tail back)', async () => {
    const first = await appendSome(2);
    const next = await new AuditLog(root).append({ runId: 'r2', agent: 'user', action: 'approve', path: '', outcome: 'approved' });
    assert.equal(next.prevHash, first[1].hash);
    assert.equal((await verifyAuditLog(root)).ok, true);
  });

  it('a missing log verifies with 0 entries', async () => {
    assert.deepEqual(await verifyAuditLog(root), { ok: true, file, entries: 0 });
  });

  describe('detects tampering', () => {
    beforeEach(() => appendSome(5));

    it('an edited field (the hash no longer matches)', async () => {
      await rewrite((l) => l.map((line, i) => (i === 2 ? line.replace('"src/f2.ts"', '"src/evil.ts"') : line)));
      assert.deepEqual(await verifyAuditLog(root), { ok: false, file, entries: 2, brokenAt: 3, reason: 'the entry was modified after it was written (hash mismatch)' });
    });
    it('an edited field with a recomputed hash (the next entry no longer links)', async () => {
      await rewrite((l) =>
        l.map((line, i) => {
          if (i !== 1) return line;
          const { hash: _old, ...entry } = JSON.parse(line) as AuditEntry;
          const forged = { ...entry, outcome: 'refused' };
          return JSON.stringify({ ...forged, hash: auditEntryHash(forged) });
        }),
      );
      const result = await verifyAuditLog(root);
      assert.equal(result.ok, false);
      assert.equal(result.brokenAt, 3);
      assert.match(result.reason ?? '', /prevHash/);
    });
    it('a removed entry', async () => {
      await rewrite((l) => l.filter((_, i) => i !== 3));
      const result = await verifyAuditLog(root);
      assert.equal(result.ok, false);
      assert.equal(result.brokenAt, 4);
    });
    it('the first entry removed', async () => {
      await rewrite((l) => l.slice(1));
      assert.equal((await verifyAuditLog(root)).brokenAt, 1);
    });
    it('two entries swapped', async () => {
      await rewrite((l) => [l[0], l[2], l[1], l[3], l[4]]);
      assert.equal((await verifyAuditLog(root)).brokenAt, 2);
    });
    it('an inserted line that is not JSON, and a partial last line', async () => {
      await rewrite((l) => [...l.slice(0, 2), 'garbage', ...l.slice(2)]);
      assert.deepEqual(await verifyAuditLog(root), { ok: false, file, entries: 2, brokenAt: 3, reason: 'the line is not JSON' });
      await rewrite((l) => l.filter((x) => x !== 'garbage'));
      await writeFile(file, `${(await lines()).join('\n')}\n{"time":"2026`);
      assert.equal((await verifyAuditLog(root)).brokenAt, 6);
    });
  });

  it('serializes concurrent appends within the process into one chain', async () => {
    const log = new AuditLog(root);
    const other = new AuditLog(root);
    await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? log : other).append({ runId: 'r', agent: 'a', action: 'write', path: `p${i}`, outcome: 'written' })));
    assert.deepEqual(await verifyAuditLog(root), { ok: true, file, entries: 40 });
  });

  it('keeps one chain when three processes append at the same time', async function () {
    this.timeout(60_000);
    const script = path.join(__dirname, 'appendAuditEntries.ts');
    const startAt = String(Date.now() + 3000);
    const child = (agent: string) => run(process.execPath, ['--import', 'tsx', script, root, agent, '100', startAt], { cwd: path.resolve(__dirname, '../../..') });
    await Promise.all([child('one'), child('two'), child('three')]);
    const entries = await readAuditLog(root);
    assert.equal(entries.length, 300);
    assert.deepEqual(await verifyAuditLog(root), { ok: true, file, entries: 300 });
    assert.equal(new Set(entries.map((e) => e.path)).size, 300, 'every append of every process is there once');
  });

  describe('swarm audit verify', () => {
    async function cli(args: string[]): Promise<{ code: number; stdout: string }> {
      const program = new Command('swarm').exitOverride().addCommand(auditCommand().exitOverride());
      let stdout = '';
      const write = process.stdout.write.bind(process.stdout);
      process.stdout.write = ((chunk: string | Uint8Array) => {
        stdout += String(chunk);
        return true;
      }) as typeof process.stdout.write;
      const previous = process.exitCode;
      process.exitCode = 0;
      try {
        await program.parseAsync(['audit', 'verify', ...args], { from: 'user' });
        return { code: Number(process.exitCode ?? 0), stdout };
      } finally {
        process.stdout.write = write;
        process.exitCode = previous;
      }
    }

    it('exits 0 for an intact log and 1 for a tampered one, with --json', async () => {
      await appendSome(3);
      const ok = await cli(['--workspace', root]);
      assert.equal(ok.code, 0);
      assert.match(ok.stdout, /intact: 3 entries/);
      await rewrite((l) => l.map((line, i) => (i === 1 ? line.replace('"bytes":11', '"bytes":99') : line)));
      const tampered = await cli(['--workspace', root, '--json']);
      assert.equal(tampered.code, 1);
      assert.deepEqual(JSON.parse(tampered.stdout), { ok: false, file, entries: 1, brokenAt: 2, reason: 'the entry was modified after it was written (hash mismatch)' });
      const text = await cli(['--workspace', root]);
      assert.equal(text.code, 1);
      assert.match(text.stdout, /TAMPERED at line 2/);
    });

    it('refuses a workspace that does not exist', async () => {
      await assert.rejects(cli(['--workspace', path.join(root, 'nope')]), SwarmInputError);
    });
  });
});
