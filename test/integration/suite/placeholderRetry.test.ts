import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RunSwarmResult } from '../../../src/core/engine/runOptions';
import type { ReceivedChatRequest, ScriptedReply } from '../../../src/core/llm/localServer/scriptedReply';
import { assignedIds, hasToolResults } from '../../fixtures/llm/bookshelfModel';
import { startScriptedServer, type ScriptedServer } from '../../fixtures/scriptedServer';
import { recordMetric } from './metrics';
import { setSwarmSetting, swarmApi, waitFor, workspaceRoot } from './support/swarmExtension';

/**
 * Issue 7's acceptance in a real VS Code: a placeholder typed into a function is flagged as the user
 * types and cleared when deleted; a stub an agent wrote shows in the Problems panel without the file
 * being opened, and the "Retry agent" quick fix re-runs the agent with the finding, which then
 * writes clean code.
 */

const OMISSION = '// ... rest of code remains the same';

function swarmDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'swarm');
}

function ruleOf(diagnostic: vscode.Diagnostic): string {
  const code = diagnostic.code;
  return typeof code === 'object' && code !== null ? String(code.value) : String(code);
}

function isOpen(uri: vscode.Uri): boolean {
  return vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString());
}

/**
 * Resolves with the time (ms since `since`) at which `holds` first became true for the document's
 * diagnostics, watching VS Code's diagnostics-changed event (no polling interval in the figure).
 */
function diagnosticsSettle(uri: vscode.Uri, holds: (d: vscode.Diagnostic[]) => boolean, since: number, what: string, timeoutMs = 15_000): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const check = (): boolean => {
      if (!holds(swarmDiagnostics(uri))) return false;
      done(() => resolve(performance.now() - since));
      return true;
    };
    const subscription = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) check();
    });
    const timer = setTimeout(
      () => done(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; swarm diagnostics: ${JSON.stringify(swarmDiagnostics(uri).map((d) => [ruleOf(d), d.message]))}`))),
      timeoutMs,
    );
    function done(settle: () => void): void {
      clearTimeout(timer);
      subscription.dispose();
      settle();
    }
    check();
  });
}

describe('Placeholder detection as a user meets it (issue 7)', () => {
  it('flags "// ... rest of code remains the same" typed into a function body, and clears it once the line is deleted', async function () {
    this.timeout(90_000);
    await swarmApi();
    const uri = vscode.Uri.joinPath(workspaceRoot(), 'src', 'cart', 'cartTotal.ts');
    const source = [
      'export function cartTotal(prices: number[]): number {',
      '  let total = 0;',
      '  for (const price of prices) total += price;',
      '  return total;',
      '}',
      '',
    ].join('\n');
    await vscode.workspace.fs.writeFile(uri, Buffer.from(source));
    const editor = await vscode.window.showTextDocument(uri);
    const omissionFlagged = (ds: vscode.Diagnostic[]): boolean => ds.some((d) => ruleOf(d) === 'omission-comment' && d.range.start.line === 1);

    // Twice: the first edit may wait for the server's grammars; the second is the steady state.
    for (const round of ['first', 'second'] as const) {
      assert.deepEqual(swarmDiagnostics(uri).map(ruleOf), [], 'the clean file has Swarm diagnostics');
      // As a user types: the cursor at the end of the function's first line, Enter, then the comment.
      editor.selection = new vscode.Selection(0, source.indexOf('\n'), 0, source.indexOf('\n'));
      const typed = performance.now();
      await vscode.commands.executeCommand('type', { text: `\n${OMISSION}` });
      assert.equal(editor.document.lineAt(1).text.trim(), OMISSION, 'the typed comment is not on line 2');
      const appearMs = await diagnosticsSettle(uri, omissionFlagged, typed, 'an omission-comment diagnostic on line 2');

      const diagnostic = swarmDiagnostics(uri).find((d) => ruleOf(d) === 'omission-comment');
      assert.ok(diagnostic);
      assert.ok(diagnostic.severity <= vscode.DiagnosticSeverity.Warning, `severity ${diagnostic.severity} is below a warning`);
      assert.equal(editor.document.getText(diagnostic.range).length > 0, true, 'the diagnostic has an empty range');
      const href = typeof diagnostic.code === 'object' ? diagnostic.code.target.toString() : '';
      assert.match(href, /\/docs\/rules\/omission-comment\.md$/, 'the diagnostic does not link to its rule’s docs');

      const deleted = performance.now();
      await editor.edit((edit) => edit.delete(new vscode.Range(1, 0, 2, 0)));
      assert.equal(editor.document.getText(), source, 'deleting the line did not restore the file');
      const clearMs = await diagnosticsSettle(uri, (ds) => ds.length === 0, deleted, 'the diagnostic to disappear');

      console.log(`      placeholder diagnostic (${round} edit): shown ${appearMs.toFixed(0)} ms after typing, cleared ${clearMs.toFixed(0)} ms after deleting (goal 500 ms)`);
      recordMetric(`placeholderDiagnosticShownMs.${round}`, Math.round(appearMs));
      recordMetric(`placeholderDiagnosticClearedMs.${round}`, Math.round(clearMs));
    }
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});

const REQUIREMENTS = `# Books

- **BE-1** (backend, must) GET /api/books returns the books as JSON, sorted by title.
`;

const STUB_FILE = 'src/server/books.ts';
const STUB = `export interface Book {
  id: number;
  title: string;
}

export function listBooks(): Book[] {
  ${OMISSION}
  throw new Error('Not implemented');
}
`;
const CLEAN = `export interface Book {
  id: number;
  title: string;
}

const books: Book[] = [
  { id: 1, title: 'Dune' },
  { id: 2, title: 'Babel' },
];

export function listBooks(): Book[] {
  return [...books].sort((a, b) => a.title.localeCompare(b.title));
}
`;
const ARCHITECTURE =
  '# Architecture\n\nOne HTTP server under src/server keeps the books in memory and serves them as JSON at GET /api/books, sorted by title. Each book has an id and a title.\n';

/**
 * An agent over the scripted OpenAI-compatible server on 127.0.0.1. The agent that owns BE-1 writes
 * the stub — even when validation sends it back — until its task comes with the finding the quick
 * fix passes on (the language server's rule id in brackets, as the retry message lists it); then it
 * writes working code. Every other agent (the architect) writes its document. Each agent writes on
 * its first turn and finishes on the next.
 */
class BooksModel {
  /** Turns in which the BE-1 agent wrote `STUB_FILE`, and what it wrote. */
  readonly booksWrites: ('stub' | 'clean')[] = [];
  /** The task messages that carried the quick fix's finding. */
  readonly guided: string[] = [];

  turn(request: ReceivedChatRequest): ScriptedReply {
    const ids = assignedIds(request);
    if (hasToolResults(request)) return { kind: 'message', toolCalls: [{ name: 'finish', arguments: { summary: `implemented ${ids.join(', ') || 'the design'}`, covered: ids } }] };
    if (!ids.includes('BE-1')) return { kind: 'message', toolCalls: [{ name: 'write_file', arguments: { path: 'docs/architecture.md', content: ARCHITECTURE, requirements: ids } }] };
    const task = request.body.messages.filter((m) => m.role === 'user').map((m) => String(m.content)).join('\n');
    const guided = task.includes(`${STUB_FILE}:7: Comment stands in for omitted code`) && task.includes('[omission-comment]');
    if (guided) this.guided.push(task);
    this.booksWrites.push(guided ? 'clean' : 'stub');
    return { kind: 'message', toolCalls: [{ name: 'write_file', arguments: { path: STUB_FILE, content: guided ? CLEAN : STUB, requirements: ids } }] };
  }
}

describe('A stub an agent wrote: Problems panel and "Retry agent" (issue 7)', () => {
  const model = new BooksModel();
  let server: ScriptedServer | undefined;

  before(async function () {
    this.timeout(30_000);
    await swarmApi();
    server = await startScriptedServer({ defaultReply: (request) => model.turn(request) });
    const root = workspaceRoot();
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(root, 'books-requirements.md'), Buffer.from(REQUIREMENTS));
    // One attempt per agent and `on-failure`: the rejected stub stays in the workspace, its task waiting for a decision.
    const config = { recovery: { attempts: 1, backoffMs: [10] }, approval: 'on-failure', cache: { enabled: false } };
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(root, '.swarm', 'swarm.json'), Buffer.from(JSON.stringify(config)));
    await setSwarmSetting('requirementsFile', 'books-requirements.md');
    await setSwarmSetting('provider', 'openai-compatible');
    await setSwarmSetting('baseUrl', server.baseUrl);
  });

  after(async () => {
    await server?.close();
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(workspaceRoot(), '.swarm', 'swarm.json')).then(undefined, () => undefined);
    for (const key of ['requirementsFile', 'provider', 'baseUrl']) await setSwarmSetting(key, undefined);
  });

  it('lists the stub without opening the file; the Retry quick fix re-runs the agent with the finding, the diagnostic clears and the task succeeds', async function () {
    this.timeout(180_000);
    const api = await swarmApi();
    const uri = vscode.Uri.joinPath(workspaceRoot(), STUB_FILE);

    const first = await vscode.commands.executeCommand<RunSwarmResult | undefined>('swarm.run');
    assert.ok(first, 'Run Swarm returned no result (see the Swarm output channel)');
    const waiting = first.report.agents.find((a) => a.requirements?.includes('BE-1'));
    assert.equal(waiting?.status, 'needs-approval', JSON.stringify(first.report.agents.map((a) => [a.taskId, a.status, a.errors])));
    assert.ok(waiting.files.includes(STUB_FILE), `the task's files: ${JSON.stringify(waiting.files)}`);
    const taskId = waiting.taskId ?? waiting.id;
    assert.ok(model.booksWrites.length > 0 && model.booksWrites.every((w) => w === 'stub'), JSON.stringify(model.booksWrites));
    assert.equal(Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8'), STUB, 'the stub is not in the workspace');

    // The Problems panel lists it, and nobody opened it.
    const found = await waitFor('diagnostics for the stub the agent wrote', () => {
      const ds = swarmDiagnostics(uri);
      return ds.some((d) => ruleOf(d) === 'omission-comment') ? ds : undefined;
    }, 30_000);
    assert.equal(isOpen(uri), false, `${STUB_FILE} is open: the diagnostics must come without opening it`);
    assert.ok(found.some((d) => ruleOf(d) === 'not-implemented-throw'), `rules: ${JSON.stringify(found.map(ruleOf))}`);
    const omission = found.find((d) => ruleOf(d) === 'omission-comment');
    assert.ok(omission);
    assert.equal(omission.range.start.line, 6, 'the omission comment is on line 7');

    // As a user does from the Problems panel: open the problem, then the light bulb at the diagnostic.
    const editor = await vscode.window.showTextDocument(uri, { selection: omission.range });
    assert.equal(editor.document.getText(), STUB);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, omission.range, vscode.CodeActionKind.QuickFix.value);
    const retry = actions.find((a) => /^Retry agent \S+ with this finding$/.test(a.title));
    assert.ok(retry?.command, `no "Retry agent" quick fix; actions: ${JSON.stringify(actions.map((a) => a.title))}`);
    assert.equal(retry.command.command, 'swarm.retryAgent');
    const args = retry.command.arguments?.[0] as { taskId: string; agent: string; runId: string; finding: { rule: string; file: string; line: number } };
    assert.equal(args.taskId, taskId);
    assert.equal(args.runId, first.report.runId);
    assert.ok(retry.title.includes(args.agent));
    assert.deepEqual([args.finding.rule, args.finding.file, args.finding.line], ['omission-comment', STUB_FILE, 7]);

    // The agent runs again with the finding, and this time writes working code.
    const stubWrites = model.booksWrites.length;
    const second = await vscode.commands.executeCommand<RunSwarmResult | undefined>(retry.command.command, ...(retry.command.arguments ?? []));
    assert.ok(second, 'the retry returned no result');
    assert.equal(second.report.runId, first.report.runId, 'the retry did not resume the same run');
    assert.equal(model.guided.length, 1, `the retried agent was not given the finding; it wrote ${JSON.stringify(model.booksWrites.slice(stubWrites))}`);
    assert.match(model.guided[0] ?? '', /rest of code/);
    assert.deepEqual(model.booksWrites.slice(stubWrites), ['clean'], 'the agent was not run again');
    const retried = second.report.agents.find((a) => (a.taskId ?? a.id) === taskId);
    assert.equal(retried?.status, 'succeeded', JSON.stringify(second.report.agents.map((a) => [a.taskId, a.status, a.errors])));
    assert.equal(second.report.status, 'passed');
    assert.equal(api.state.task(taskId)?.state, 'succeeded', 'the Agents view does not show the task as succeeded');
    assert.equal(Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8'), CLEAN);

    // The editor the user opened shows what the agent wrote (it had no unsaved changes), and Swarm's diagnostics clear.
    await waitFor('the open editor to show the rewritten file', () => editor.document.getText() === CLEAN, 30_000);
    await waitFor('the stub’s diagnostics to clear', () => swarmDiagnostics(uri).length === 0, 30_000);
  });
});
