import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runScan } from '../../../src/cli/commands/scan';
import { SwarmInputError } from '../../../src/core/errors';
import { scanPaths } from '../../../src/core/placeholders';

function tree(files: Record<string, string | Buffer>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'swarm-scan-'));
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), content);
  }
  return root;
}

const STUB = 'export function charge(): void {}\n';

describe('scanPaths', () => {
  let root: string;
  before(() => {
    root = tree({
      '.git/HEAD': 'ref: refs/heads/main\n',
      '.gitignore': 'build/\n*.log\n!keep.log\n',
      'src/pay.ts': STUB,
      'src/ok.ts': 'export const ok = 1;\n',
      'src/nested/.gitignore': 'generated.ts\n',
      'src/nested/generated.ts': STUB,
      'src/nested/real.py': 'def f():\n    pass\n',
      'build/out.ts': STUB,
      'node_modules/dep/index.ts': STUB,
      '.swarm/cache/x.ts': STUB,
      'debug.log': 'TODO: fix\n',
      'notes/image.ts': Buffer.from([0x65, 0x00, 0x7b, 0x7d]),
      'docs/README.md': '# Docs\n\nTBD\n',
    });
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('walks directories skipping .git, .swarm, node_modules, git-ignored paths (nested .gitignore too) and binaries', async () => {
    const result = await scanPaths(['.'], root);
    assert.deepEqual([...new Set(result.findings.map((f) => f.file))].sort(), ['docs/README.md', 'src/nested/real.py', 'src/pay.ts']);
    // pay.ts, ok.ts, real.py, README.md and the two .gitignore files; not the binary, the ignored or the skipped ones.
    assert.equal(result.filesScanned, 6);
  });

  it('scans a file named explicitly even when it is git-ignored', async () => {
    const result = await scanPaths(['build/out.ts'], root);
    assert.deepEqual(result.findings.map((f) => [f.file, f.rule]), [['build/out.ts', 'empty-body']]);
  });

  it('names files relative to cwd', async () => {
    const result = await scanPaths(['pay.ts'], path.join(root, 'src'));
    assert.equal(result.findings[0]?.file, 'pay.ts');
  });

  it('rejects a path that does not exist, naming it', async () => {
    await assert.rejects(scanPaths(['missing-dir'], root), (e: unknown) => e instanceof SwarmInputError && e.exitCode === 2 && /missing-dir/.test(e.message));
  });
});

describe('swarm scan', () => {
  let root: string;
  before(() => {
    root = tree({ 'a.ts': STUB, 'clean/b.ts': 'export const b = 2;\n' });
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  function capture(): { out: { write(t: string): boolean }; text: () => string } {
    let buffer = '';
    return { out: { write: (t: string) => ((buffer += t), true) }, text: () => buffer };
  }

  it('prints one JSON document and exits 1 when something is found', async () => {
    const c = capture();
    const code = await runScan([], { json: true }, root, c.out);
    assert.equal(code, 1);
    const doc = JSON.parse(c.text()) as { findings: Record<string, unknown>[]; filesScanned: number };
    assert.equal(doc.filesScanned, 2);
    assert.deepEqual(doc.findings, [{ file: 'a.ts', line: 1, column: 17, rule: 'empty-body', severity: 'error', message: '`charge` has an empty body' }]);
  });

  it('prints a table and exits 0 when nothing is found', async () => {
    const c = capture();
    assert.equal(await runScan(['clean'], {}, root, c.out), 0);
    assert.equal(c.text(), 'No placeholders found (1 file scanned).\n');
  });

  it('prints file:line:col, severity, rule and message per finding', async () => {
    const c = capture();
    await runScan(['a.ts'], {}, root, c.out);
    assert.match(c.text(), /^a\.ts:1:17 {2}error {2}empty-body {2}`charge` has an empty body\n1 finding in 1 file \(1 file scanned\)\.\n$/);
  });

  it('applies placeholders.disabledRules from .swarm/swarm.json', async () => {
    const configured = tree({ '.swarm/swarm.json': JSON.stringify({ placeholders: { disabledRules: ['empty-body'] } }), 'a.ts': STUB });
    try {
      assert.equal(await runScan([], { json: true }, configured, capture().out), 0);
    } finally {
      rmSync(configured, { recursive: true, force: true });
    }
  });
});
