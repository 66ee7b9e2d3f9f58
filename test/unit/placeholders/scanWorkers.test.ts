import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { scanPaths } from '../../../src/core/placeholders';
import { newReader, scanBatch, type BatchSettings } from '../../../src/core/placeholders/scanBatch';
import { ScanPool } from '../../../src/core/placeholders/scanWorkers';

const SOURCES: Record<string, (i: number) => string> = {
  ts: (i) => (i % 3 === 0 ? `export function charge${i}(amount: number): string {\n  throw new Error('Not implemented');\n}\n` : `export const price${i} = (n: number): number => n * ${i};\n`),
  py: (i) => (i % 4 === 0 ? `def notify_${i}(user):\n    # TODO: send the email\n    pass\n` : `def total_${i}(xs):\n    return sum(xs) + ${i}\n`),
  go: (i) => (i % 5 === 0 ? `package p\n\nfunc Handle${i}(n int) {}\n` : `package p\n\nfunc Twice${i}(n int) int { return 2 * n }\n`),
  md: (i) => (i % 6 === 0 ? `# Module ${i}\n\n## Usage\n\nTBD\n` : `# Module ${i}\n\nComputes totals.\n`),
};

describe('placeholder scan on worker threads', function () {
  this.timeout(120_000);
  let root: string;
  let files: string[];
  before(() => {
    root = mkdtempSync(path.join(tmpdir(), 'swarm-scan-workers-'));
    files = [];
    for (let i = 0; i < 160; i++) {
      const ext = Object.keys(SOURCES)[i % 4] as string;
      const file = path.join(root, `dir${i % 7}`, `file${i}.${ext}`.replace(/\.py$/, '_mod.py'));
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, (SOURCES[ext] as (n: number) => string)(Math.floor(i / 4)));
      files.push(file);
    }
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('finds exactly what one thread finds, with batches scanned on the workers', async () => {
    const settings: BatchSettings = { cwd: root, maxBytes: 1024 * 1024, detector: {} };
    const alone = await scanBatch(files, settings, newReader(settings.maxBytes));
    const pool = new ScanPool(settings, 2);
    await pool.ready();
    const shared = await pool.run(files);
    const key = (f: { file: string; line: number; column: number; rule: string }): string => `${f.file}:${f.line}:${f.column}:${f.rule}`;
    assert.ok(alone.findings.length >= 40, `only ${alone.findings.length} findings`);
    assert.equal(shared.filesScanned, alone.filesScanned);
    assert.deepEqual(shared.findings.map(key).sort(), alone.findings.map(key).sort());
    assert.ok(pool.workerBatches > 0, 'no batch ran on a worker');
  });

  it('gives scanPaths the same answer with and without workers', async () => {
    const single = await scanPaths(['.'], root, { workers: 0 });
    const parallel = await scanPaths(['.'], root, { workers: 1 });
    assert.deepEqual(parallel, single);
  });
});
