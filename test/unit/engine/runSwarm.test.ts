import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, readdir, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { execFileSync, spawn } from 'node:child_process';
import { applyRollBack, planRollBack } from '../../../src/core/engine/rollBack';
import { runSwarm } from '../../../src/core/engine/runSwarm';
import { SwarmEvents } from '../../../src/core/events';
import { SwarmInputError } from '../../../src/core/errors';
import type { ReceivedChatRequest, ScriptedReply } from '../../../src/core/llm/localServer/scriptedReply';
import { startScriptedServer, type ScriptedServer } from '../../fixtures/scriptedServer';
import { assignedIds, goodTurn, hasToolResults, isRetry } from '../../fixtures/llm/bookshelfModel';

const FIXTURE = path.join(__dirname, '..', '..', 'fixtures', 'requirements-e2e');

async function bookshelf(config: Record<string, unknown> = {}): Promise<string> {
  const ws = await mkdtemp(path.join(tmpdir(), 'swarm-e2e-'));
  await cp(FIXTURE, ws, { recursive: true });
  await mkdir(path.join(ws, '.swarm'), { recursive: true });
  await writeFile(path.join(ws, '.swarm', 'swarm.json'), JSON.stringify({ recovery: { attempts: 3, backoffMs: [10, 10] }, rateLimit: { requestsPerMinute: 6000, tokensPerMinute: 10000000 }, ...config }));
  return ws;
}

const run = (ws: string, server: ScriptedServer, events = new SwarmEvents(), extra: Partial<Parameters<typeof runSwarm>[0]> = {}) =>
  runSwarm({ workspace: ws, events, apiKeys: ['sk-test-key-123456'], overrides: { baseUrl: server.baseUrl, model: 'gpt-4o-mini' }, ...extra });

/** A run of the bookshelf, one task at a time, cancelled as its second task ends. */
async function interruptedAfterTwoTasks(server: ScriptedServer) {
  server.setDefault((request) => goodTurn(request));
  const ws = await bookshelf({ concurrency: 1 });
  const controller = new AbortController();
  const events = new SwarmEvents();
  let ended = 0;
  events.on('task:end', () => {
    if (++ended === 2) controller.abort();
  });
  return { ws, cancelled: await run(ws, server, events, { signal: controller.signal }) };
}

describe('runSwarm end to end (scripted OpenAI-compatible server)', function () {
  this.timeout(60_000);
  let server: ScriptedServer;
  afterEach(async () => server?.close());

  it('recovers from a stub, an empty output, a truncated answer, a 429 and a 500, and passes with full coverage', async () => {
    const seen = { aiStub: false, feEmpty: false, truncated: false, limited: false, failed: false };
    const script = (request: ReceivedChatRequest): ScriptedReply => {
      const ids = assignedIds(request);
      if (ids.includes('AI-1') && !isRetry(request) && !hasToolResults(request)) {
        seen.aiStub = true;
        return { kind: 'message', toolCalls: [{ name: 'write_file', arguments: { path: 'src/ai/ai1.ts', content: "export function ai1(): string {\n  throw new Error('Not implemented');\n}\n", requirements: ['AI-1', 'AI-2'] } }] };
      }
      if (ids.includes('AI-1') && !isRetry(request)) return { kind: 'message', toolCalls: [{ name: 'finish', arguments: { summary: 'done', covered: ids } }] };
      if (ids.includes('FE-1') && !isRetry(request)) {
        seen.feEmpty = true;
        return { kind: 'message', toolCalls: [{ name: 'finish', arguments: { summary: 'nothing to do', covered: [] } }] };
      }
      if (ids.includes('DOC-1') && !seen.truncated) {
        seen.truncated = true;
        return { kind: 'truncated-stream', content: 'I will now write the gu' };
      }
      if (ids.includes('TS-1') && !seen.limited) {
        seen.limited = true;
        return { kind: 'error', status: 429, message: 'slow down', headers: { 'retry-after': '0' } };
      }
      if (ids.includes('OPS-1') && !seen.failed) {
        seen.failed = true;
        return { kind: 'error', status: 500, message: 'upstream broke' };
      }
      return goodTurn(request);
    };
    server = await startScriptedServer();
    server.setDefault((request) => script(request));
    const ws = await bookshelf();
    const result = await run(ws, server);
    const { report } = result;
    assert.deepEqual(seen, { aiStub: true, feEmpty: true, truncated: true, limited: true, failed: true });
    assert.equal(report.status, 'passed', JSON.stringify(report.agents.filter((a) => a.status !== 'succeeded'), null, 2));
    assert.equal(result.exitCode, 0);
    assert.equal(report.requirements.coverage, 1);
    assert.equal(report.placeholders.length, 0);
    const ai = report.agents.find((a) => a.requirements?.includes('AI-1'))!;
    assert.equal(ai.attempts, 2);
    assert.match(ai.errors.join('\n'), /no-placeholder/);
    const fe = report.agents.find((a) => a.requirements?.includes('FE-1'))!;
    assert.equal(fe.attempts, 2);
    assert.match(fe.errors.join('\n'), /files-written/);
    assert.ok(report.totals.retries >= 2);
    assert.ok(report.gates.every((g) => g.passed));
    const written = await readFile(path.join(ws, 'src/ai/ai1.ts'), 'utf8');
    assert.match(written, /catch/);
    const runDir = path.join(ws, '.swarm', 'runs', report.runId);
    assert.deepEqual((await readdir(runDir)).filter((f) => /^(report\.(json|md)|journal\.jsonl)$/.test(f)).sort(), ['journal.jsonl', 'report.json', 'report.md']);
    const saved = JSON.parse(await readFile(path.join(runDir, 'report.json'), 'utf8'));
    assert.equal(saved.status, 'passed');
  });

  it('runs the fallback agent, then waits for approval, and resume --approve finishes the run', async () => {
    server = await startScriptedServer();
    // The docs agent (and its fallback) never produce valid output.
    server.setDefault((request) => (assignedIds(request).includes('DOC-1') ? { kind: 'message', toolCalls: [{ name: 'finish', arguments: { summary: 'skip', covered: [] } }] } : goodTurn(request)));
    const ws = await bookshelf({ recovery: { attempts: 2, backoffMs: [5] } });
    const first = await run(ws, server);
    assert.equal(first.report.status, 'needs-approval');
    assert.equal(first.exitCode, 1);
    const docs = first.report.agents.find((a) => a.requirements?.includes('DOC-1'))!;
    assert.equal(docs.status, 'needs-approval');
    assert.equal(docs.attempts, 4, 'two attempts of docs, then two of its fallback');
    const docsPrompts = server.requests.filter((r) => assignedIds(r).includes('DOC-1')).map((r) => String(r.body.messages[0]?.content).slice(0, 60));
    assert.ok(docsPrompts.some((p) => p.includes('fullstack')), `the fallback agent ran: ${docsPrompts.join(' | ')}`);

    const calls = server.callCount;
    const second = await run(ws, server, new SwarmEvents(), { resume: { runId: first.report.runId, approve: [docs.taskId!] } });
    assert.equal(server.callCount, calls, 'approving makes no model call');
    assert.equal(second.report.runId, first.report.runId);
    assert.notEqual(second.report.status, 'needs-approval');
    assert.equal(second.report.agents.find((a) => a.taskId === docs.taskId)?.status, 'succeeded');
  });

  it('retries a waiting task on resume with the finding a person pointed out', async () => {
    server = await startScriptedServer();
    let stubborn = true;
    server.setDefault((request) =>
      stubborn && assignedIds(request).includes('DOC-1') ? { kind: 'message', toolCalls: [{ name: 'finish', arguments: { summary: 'skip', covered: [] } }] } : goodTurn(request),
    );
    const ws = await bookshelf({ recovery: { attempts: 1, backoffMs: [5] } });
    const first = await run(ws, server);
    const docs = first.report.agents.find((a) => a.requirements?.includes('DOC-1'))!;
    assert.equal(docs.status, 'needs-approval');
    stubborn = false;
    const before = server.requests.length;
    const finding = { rule: 'todo-marker', file: 'docs/doc1.md', line: 3, message: 'MARKER: the guide still says TBD', suggestion: 'Write the section.' };
    const second = await run(ws, server, new SwarmEvents(), { resume: { runId: first.report.runId, retry: [docs.taskId!], guidance: { [docs.taskId!]: [finding] } } });
    const retried = server.requests.slice(before).filter((r) => assignedIds(r).includes('DOC-1'));
    assert.ok(retried.length > 0);
    assert.match(JSON.stringify(retried[0]!.body.messages), /MARKER: the guide still says TBD/);
    assert.equal(second.report.agents.find((a) => a.taskId === docs.taskId)?.status, 'succeeded');
  });

  it('resumes an interrupted run without calling the model for finished tasks', async () => {
    server = await startScriptedServer();
    const { ws, cancelled } = await interruptedAfterTwoTasks(server);
    assert.equal(cancelled.report.status, 'cancelled');
    assert.equal(cancelled.exitCode, 130);
    const finished = cancelled.report.agents.filter((a) => a.status === 'succeeded').map((a) => a.taskId!);
    assert.ok(finished.length >= 2);

    const before = server.requests.length;
    const resumed = await run(ws, server, new SwarmEvents(), { resume: {} });
    const again = server.requests.slice(before).filter((r) => finished.some((t) => assignedIds(r).some((id) => cancelled.report.agents.find((a) => a.taskId === t)?.requirements?.includes(id))));
    assert.equal(again.length, 0, 'finished tasks made no model calls');
    // The run's totals are the whole run's: the first session's spending, then what the tasks run again used.
    const rerun = resumed.report.agents.filter((a) => !finished.includes(a.taskId!)).reduce((n, a) => n + a.tokens.prompt, 0);
    assert.ok(cancelled.report.totals.tokens.prompt > 0 && rerun > 0);
    assert.equal(resumed.report.totals.tokens.prompt, cancelled.report.totals.tokens.prompt + rerun);
    assert.ok(resumed.report.totals.costUsd > cancelled.report.totals.costUsd);
    assert.equal(resumed.report.status, 'passed');
    assert.equal(resumed.report.requirements.coverage, 1);
  });

  it('counts what an interrupted run spent against the budget when it resumes', async () => {
    server = await startScriptedServer();
    const { ws, cancelled } = await interruptedAfterTwoTasks(server);
    const spent = cancelled.report.totals.costUsd;
    assert.ok(spent > 0);
    // The budget becomes a little less than the first session already spent.
    const config = JSON.parse(await readFile(path.join(ws, '.swarm', 'swarm.json'), 'utf8')) as Record<string, unknown>;
    await writeFile(path.join(ws, '.swarm', 'swarm.json'), JSON.stringify({ ...config, budget: { maxCostUsd: spent * 0.99 } }));
    const before = server.requests.length;
    const resumed = await run(ws, server, new SwarmEvents(), { resume: {} });
    assert.equal(server.requests.length, before, 'no model call once the budget is spent');
    const blocked = resumed.report.agents.filter((a) => a.status === 'skipped');
    assert.ok(blocked.length > 0);
    const reasons = blocked.flatMap((a) => a.errors);
    assert.ok(reasons.some((e) => /^blocked: the budget is spent/.test(e)), JSON.stringify(reasons));
    assert.ok(reasons.every((e) => /^blocked: (the budget is spent|prerequisite task \S+ ended skipped)/.test(e)), JSON.stringify(reasons));
    assert.notEqual(resumed.report.status, 'passed');
  });

  it('lets the architect reassign untagged requirements when model-assisted planning is on, and resumes with the same plan', async () => {
    server = await startScriptedServer();
    server.setDefault((request) =>
      request.body.tools?.length
        ? goodTurn(request)
        : { kind: 'message', content: JSON.stringify({ assignments: [{ id: 'X-1', agent: 'docs', reason: 'it is a guide' }] }) },
    );
    const ws = await bookshelf({ planning: { modelAssisted: true } });
    await writeFile(path.join(ws, 'REQUIREMENTS.md'), '# Extra\n\n- **X-1** Write a short page on how the bookshelf stores its data on disk.\n- **DOC-1** (docs) A guide explains how to run the app.\n');
    const events = new SwarmEvents();
    let planned: string[] = [];
    events.on('run:start', (e) => (planned = e.plan.tasks.filter((t) => t.requirements.includes('X-1')).map((t) => t.agent)));
    const result = await run(ws, server, events);
    assert.deepEqual(planned, ['docs']);
    assert.ok(server.requests.some((r) => !r.body.tools?.length), 'the architect was asked once, without tools');
    const resumed = await run(ws, server, new SwarmEvents(), { resume: { runId: result.report.runId } });
    assert.deepEqual(resumed.report.agents.find((a) => a.requirements?.includes('X-1'))?.taskId, result.report.agents.find((a) => a.requirements?.includes('X-1'))?.taskId);
  });

  it('rolls back one task of a parallel run to just before it, then the whole run, leaving the user\'s git untouched (and never beside a run)', async () => {
    server = await startScriptedServer();
    // The model answers at once, so every task writes while the others' checkpoints are still being taken.
    server.setDefault((request) => goodTurn(request));
    const ws = await bookshelf({ concurrency: 8 });
    // Enough files that the run's first checkpoint is still being taken when the agents write.
    await mkdir(path.join(ws, 'data'));
    await Promise.all(Array.from({ length: 3000 }, (_, i) => writeFile(path.join(ws, 'data', `${i}.txt`), `record ${i}\n`)));
    const git = (...args: string[]) => execFileSync('git', args, { cwd: ws, env: { ...process.env, GIT_AUTHOR_NAME: 'u', GIT_AUTHOR_EMAIL: 'u@x', GIT_COMMITTER_NAME: 'u', GIT_COMMITTER_EMAIL: 'u@x' } }).toString();
    git('init', '-q');
    git('add', 'REQUIREMENTS.md');
    git('commit', '-qm', 'the user\'s requirements');
    await writeFile(path.join(ws, 'notes.md'), 'staged, not committed\n');
    git('add', 'notes.md');
    const userGit = async () => (await readdir(path.join(ws, '.git'), { recursive: true })).sort().join('\n') + (await readFile(path.join(ws, '.git', 'index'))).toString('base64');
    const gitBefore = await userGit();

    const { report } = await run(ws, server);
    assert.equal(report.status, 'passed');
    // The shadow repository and the response cache stay out of the user's commits; reports and the audit log do not.
    const untracked = git('status', '--porcelain', '--untracked-files=all');
    assert.doesNotMatch(untracked, /\.swarm\/(checkpoints|cache)\//);
    assert.ok(await readdir(path.join(ws, '.swarm', 'cache')).then((entries) => entries.length > 1), 'the run used the cache');
    assert.match(untracked, /^\?\? \.swarm\/audit\.jsonl$/m);
    const ai = report.agents.find((a) => a.id === 'ai')!;
    const others = report.agents.filter((a) => a.id !== 'ai').flatMap((a) => a.files);
    assert.ok(ai.files.length > 0 && others.length > 0);

    // A rollback waits for no run: while one holds the workspace, it is refused and changes nothing.
    const running = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    try {
      await writeFile(path.join(ws, '.swarm', 'run.lock'), JSON.stringify({ pid: running.pid, runId: 'run-elsewhere', startedAt: new Date().toISOString() }));
      await assert.rejects(planRollBack({ workspace: ws, taskId: ai.taskId }), /another Swarm run \(run-elsewhere, process \d+/);
    } finally {
      running.kill();
    }
    await rm(path.join(ws, '.swarm', 'run.lock'));
    // A git process killed mid-command leaves its lock file in the shadow repository; the next opener clears it.
    await writeFile(path.join(ws, '.swarm', 'checkpoints', 'index.lock'), '');

    const taskPlan = await planRollBack({ workspace: ws, taskId: ai.taskId });
    assert.deepEqual([...taskPlan.remove].sort(), [...ai.files].sort(), 'the checkpoint before the task holds none of its own files');
    assert.deepEqual([taskPlan.restore, taskPlan.conflicts], [[], []]);
    await applyRollBack(ws, taskPlan);
    for (const file of ai.files) await assert.rejects(readFile(path.join(ws, file)), /ENOENT/);
    for (const file of others) await readFile(path.join(ws, file));

    const runPlan = await planRollBack({ workspace: ws });
    assert.deepEqual([...runPlan.remove].sort(), [...others].sort());
    await applyRollBack(ws, runPlan);
    for (const file of others) await assert.rejects(readFile(path.join(ws, file)), /ENOENT/);
    assert.equal(await readFile(path.join(ws, 'notes.md'), 'utf8'), 'staged, not committed\n');
    assert.equal(await userGit(), gitBefore);
    assert.match(git('status', '--porcelain'), /^A {2}notes\.md$/m);
  });

  it('rejects bad input with exit 2 semantics before writing anything', async () => {
    server = await startScriptedServer();
    const ws = await mkdtemp(path.join(tmpdir(), 'swarm-e2e-'));
    await assert.rejects(run(ws, server), (e: unknown) => e instanceof SwarmInputError && /REQUIREMENTS\.md/.test(e.message));
    assert.deepEqual(await readdir(ws), []);
    await assert.rejects(run(path.join(ws, 'missing'), server), /does not exist/);
  });

  it('stops before any agent starts when the endpoint cannot be reached', async () => {
    server = await startScriptedServer();
    const url = server.baseUrl;
    await server.close();
    const ws = await bookshelf();
    await assert.rejects(
      runSwarm({ workspace: ws, events: new SwarmEvents(), apiKeys: ['k'], overrides: { baseUrl: url } }),
      (e: unknown) => e instanceof SwarmInputError && /cannot reach/.test(e.message),
    );
    assert.equal((await readdir(path.join(ws, '.swarm'))).includes('runs'), false);
  });
});
