import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createMessageConnection,
  DiagnosticSeverity,
  StreamMessageReader,
  StreamMessageWriter,
  type CodeAction,
  type Diagnostic,
  type MessageConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver/node';
import { detectPlaceholders, preloadGrammarFor } from '../../../src/core/placeholders';
import { approvedRules, parseApprovals, writtenFilesFromAudit } from '../../../src/server/audit';
import { buildCodeActions, findingToDiagnostic, sha256 } from '../../../src/server/mapping';
import { isIncluded, normalizeSettings, severityFor } from '../../../src/server/settings';

const STUB = 'export function charge(): void {}\n';

describe('language server: diagnostics and code actions', () => {
  it('maps a finding to a 0-based diagnostic with rule, doc link, content hash and writer', async () => {
    const [finding] = await detectPlaceholders('src/pay.ts', STUB);
    assert.ok(finding);
    const d = findingToDiagnostic(finding, { file: 'src/pay.ts', sha256: 'abc', docsBase: 'file:///ext/docs/rules', origin: { agent: 'backend', runId: 'r1', taskId: 't1' } });
    assert.deepEqual(d.range, { start: { line: 0, character: 16 }, end: { line: 0, character: 22 } });
    assert.equal(d.severity, DiagnosticSeverity.Error);
    assert.equal(d.source, 'swarm');
    assert.equal(d.code, 'empty-body');
    assert.equal(d.codeDescription?.href, 'file:///ext/docs/rules/empty-body.md');
    assert.deepEqual(
      { ...(d.data as Record<string, unknown>), finding: undefined },
      { rule: 'empty-body', file: 'src/pay.ts', sha256: 'abc', doc: 'file:///ext/docs/rules/empty-body.md', agent: 'backend', runId: 'r1', taskId: 't1', finding: undefined },
    );
    const lowered = findingToDiagnostic(finding, { file: 'x', sha256: 'h', docsBase: 'file:///d', severity: () => 'hint' });
    assert.equal(lowered.severity, DiagnosticSeverity.Hint);
  });

  it('offers retry, approve and ignore quick fixes', async () => {
    const text = `const a = 1;\n  ${STUB}`;
    const [finding] = await detectPlaceholders('src/pay.ts', text);
    assert.ok(finding);
    const d = findingToDiagnostic(finding, { file: 'src/pay.ts', sha256: sha256(text), docsBase: 'file:///d', origin: { agent: 'backend', runId: 'r1', taskId: 't1' } });
    const actions = buildCodeActions('file:///w/src/pay.ts', text, [d]);
    assert.deepEqual(actions.map((a) => a.title), ['Retry agent backend with this finding', 'Approve anyway', 'Ignore empty-body on this line']);
    assert.ok(actions.every((a) => a.kind === 'quickfix'));
    assert.deepEqual(actions[0]?.command?.command, 'swarm.retryAgent');
    assert.deepEqual(actions[0]?.command?.arguments?.[0], {
      taskId: 't1',
      agent: 'backend',
      runId: 'r1',
      finding: { file: 'src/pay.ts', line: 2, column: 19, rule: 'empty-body', message: '`charge` has an empty body', suggestion: finding.suggestion },
    });
    assert.deepEqual(actions[1]?.command, { title: 'Approve anyway', command: 'swarm.approvePlaceholder', arguments: [{ file: 'src/pay.ts', sha256: sha256(text), rule: 'empty-body', line: 2 }] });
    assert.deepEqual(actions[2]?.edit?.changes?.['file:///w/src/pay.ts'], [
      { range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, newText: '  // swarm-ignore-next-line empty-body\n' },
    ]);
    // The inserted comment really suppresses the finding.
    const edited = `const a = 1;\n  // swarm-ignore-next-line empty-body\n  ${STUB}`;
    assert.deepEqual(await detectPlaceholders('src/pay.ts', edited), []);
  });

  it('writes the ignore comment in each language, {/* */} between JSX children, none for JSON', async () => {
    await preloadGrammarFor('a.tsx');
    const ignore = (file: string, text: string, line: number): string | undefined => {
      const d: Diagnostic = { range: { start: { line: line - 1, character: 0 }, end: { line: line - 1, character: 1 } }, message: 'm', source: 'swarm', data: { rule: 'lorem-ipsum', file, sha256: 'h', doc: '', finding: { suggestion: '' } } };
      return buildCodeActions('file:///w/x', text, [d]).find((a: CodeAction) => a.title.startsWith('Ignore'))?.edit?.changes?.['file:///w/x']?.[0]?.newText;
    };
    assert.equal(ignore('a.py', 'x = "lorem ipsum dolor"\n', 1), '# swarm-ignore-next-line lorem-ipsum\n');
    assert.equal(ignore('a.md', 'Lorem ipsum dolor\n', 1), '<!-- swarm-ignore-next-line lorem-ipsum -->\n');
    assert.equal(ignore('a.tsx', 'export const A = () => (\n  <div>\n    <p>Lorem ipsum dolor</p>\n  </div>\n);\n', 3), '    {/* swarm-ignore-next-line lorem-ipsum */}\n');
    assert.equal(ignore('a.json', '{ "a": "Lorem ipsum dolor" }\n', 1), undefined);
  });

  it('reads the writers of files from the audit log and approvals from approvals.json', () => {
    const audit = [
      JSON.stringify({ path: 'src/a.ts', agent: 'backend', runId: 'r1', taskId: 't1', sha256: 'h1', outcome: 'written' }),
      'not json',
      JSON.stringify({ path: 'src/b.ts', agent: 'frontend', runId: 'r1', sha256: 'h2', outcome: 'refused' }),
      JSON.stringify({ path: 'src/a.ts', agent: 'tests', runId: 'r2', sha256: 'h3', outcome: 'written' }),
    ].join('\n');
    assert.deepEqual([...writtenFilesFromAudit(audit).values()], [{ path: 'src/a.ts', agent: 'tests', runId: 'r2', sha256: 'h3' }]);
    const approvals = parseApprovals(JSON.stringify({ approvals: [{ file: 'src/a.ts', sha256: 'h', rule: 'todo-marker' }, { file: 1 }] }));
    assert.deepEqual([...approvedRules(approvals, 'src/a.ts', 'h')], ['todo-marker']);
    assert.deepEqual([...approvedRules(approvals, 'src/a.ts', 'other')], []);
    assert.deepEqual(parseApprovals('{'), []);
  });

  it('normalizes settings: include/exclude globs, severity override, disabled rules', () => {
    const s = normalizeSettings({ include: ['src/**'], exclude: ['**/*.gen.ts'], severity: { 'todo-marker': 'information', bad: 'loud' }, disabledRules: ['lorem-ipsum', 3] });
    assert.deepEqual(s, { include: ['src/**'], exclude: ['**/*.gen.ts'], severity: { 'todo-marker': 'info' }, disabledRules: ['lorem-ipsum'] });
    assert.equal(isIncluded(s, 'src/a.ts'), true);
    assert.equal(isIncluded(s, 'src/a.gen.ts'), false);
    assert.equal(isIncluded(s, 'docs/a.md'), false);
    assert.equal(severityFor(s, 'todo-marker', 'warning'), 'info');
    assert.equal(severityFor(normalizeSettings({ severity: 'warning' }), 'empty-body', 'error'), 'warning');
    assert.deepEqual(normalizeSettings(null), { include: [], exclude: [], severity: undefined, disabledRules: [] });
  });
});

describe('language server over stdio', function () {
  this.timeout(60000);
  let workspace: string;
  let child: ChildProcess;
  let connection: MessageConnection;
  const published = new Map<string, PublishDiagnosticsParams[]>();
  const waiters: (() => void)[] = [];

  function uri(rel: string): string {
    return pathToFileURL(path.join(workspace, rel)).toString();
  }
  async function nextDiagnostics(rel: string, predicate: (d: Diagnostic[]) => boolean): Promise<Diagnostic[]> {
    for (;;) {
      const last = published.get(uri(rel))?.at(-1);
      if (last && predicate(last.diagnostics)) return last.diagnostics;
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
  }

  before(async () => {
    workspace = mkdtempSync(path.join(tmpdir(), 'swarm-lsp-'));
    mkdirSync(path.join(workspace, '.swarm'));
    mkdirSync(path.join(workspace, 'src'));
    writeFileSync(path.join(workspace, 'src', 'written.py'), 'def charge(amount):\n    pass\n');
    writeFileSync(
      path.join(workspace, '.swarm', 'audit.jsonl'),
      `${JSON.stringify({ path: 'src/written.py', agent: 'backend', runId: 'run-1', taskId: 'task-3', sha256: 'x', outcome: 'written' })}\n`,
    );
    child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, '..', '..', '..', 'src', 'server', 'server.ts'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      published.set(params.uri, [...(published.get(params.uri) ?? []), params]);
      for (const w of waiters.splice(0)) w();
    });
    connection.onRequest('workspace/configuration', () => [{ disabledRules: ['lorem-ipsum'] }, 'REQUIREMENTS.md']);
    connection.onRequest('client/registerCapability', () => null);
    connection.listen();
    await connection.sendRequest('initialize', { processId: process.pid, rootUri: pathToFileURL(workspace).toString(), capabilities: { workspace: { configuration: true } } });
    await connection.sendNotification('initialized', {});
  });

  after(async () => {
    try {
      await connection.sendRequest('shutdown');
      await connection.sendNotification('exit');
    } catch {
      // already gone
    }
    connection.dispose();
    child.kill();
    rmSync(workspace, { recursive: true, force: true });
  });

  it('publishes diagnostics for a file the audit log says a run wrote, with its writer', async () => {
    const diagnostics = await nextDiagnostics('src/written.py', (d) => d.length > 0);
    assert.equal(diagnostics[0]?.code, 'empty-body');
    assert.deepEqual(
      [(diagnostics[0]?.data as { agent: string }).agent, (diagnostics[0]?.data as { runId: string }).runId, (diagnostics[0]?.data as { taskId: string }).taskId],
      ['backend', 'run-1', 'task-3'],
    );
  });

  it('checks open documents on every change, honouring disabled rules from the settings', async () => {
    await connection.sendNotification('textDocument/didOpen', { textDocument: { uri: uri('src/open.ts'), languageId: 'typescript', version: 1, text: 'export const ok = 1;\n' } });
    assert.deepEqual(await nextDiagnostics('src/open.ts', () => true), []);
    await connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: uri('src/open.ts'), version: 2 },
      contentChanges: [{ text: `${STUB}export const p = <p>Lorem ipsum dolor</p>;\n` }],
    });
    const diagnostics = await nextDiagnostics('src/open.ts', (d) => d.length > 0);
    assert.deepEqual(diagnostics.map((d) => d.code), ['empty-body']);
  });

  it('drops an approved finding after swarm/approvalsChanged', async () => {
    const text = `${STUB}export const p = <p>Lorem ipsum dolor</p>;\n`;
    writeFileSync(path.join(workspace, '.swarm', 'approvals.json'), JSON.stringify({ approvals: [{ file: 'src/open.ts', sha256: sha256(text), rule: 'empty-body' }] }));
    await connection.sendNotification('swarm/approvalsChanged', {});
    assert.deepEqual(await nextDiagnostics('src/open.ts', (d) => d.length === 0), []);
  });

  it('scans files announced by swarm/filesWritten and answers code actions for them', async () => {
    writeFileSync(path.join(workspace, 'src', 'late.go'), 'package src\n\nfunc Run() {}\n');
    await connection.sendNotification('swarm/filesWritten', { files: [{ path: path.join(workspace, 'src', 'late.go'), runId: 'run-2', agent: 'devops', taskId: 'task-9' }] });
    const diagnostics = await nextDiagnostics('src/late.go', (d) => d.length > 0);
    const actions = (await connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: uri('src/late.go') },
      range: diagnostics[0]!.range,
      context: { diagnostics },
    })) as CodeAction[];
    assert.deepEqual(actions.map((a) => a.title), ['Retry agent devops with this finding', 'Approve anyway', 'Ignore empty-body on this line']);
  });
});
