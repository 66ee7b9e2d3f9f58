import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runAgent, type AgentOutcome } from '../../../src/core/agents/runAgent';
import { resolveTeam, type TeamAgent } from '../../../src/core/agents/team';
import { parseConfig } from '../../../src/core/config/loadConfig';
import { demoChatScript } from '../../../src/core/demo/demoModel';
import { DEMO_FILES, DEMO_MODEL, DESIGN_TASK, demoFileContent } from '../../../src/core/demo/demoProject';
import { startDemoModel, type DemoModel } from '../../../src/core/demo/demoWorkspace';
import { SwarmEvents, type ValidationFinding } from '../../../src/core/events';
import type { AgentRetryContext } from '../../../src/core/agents/agentPrompt';
import { OpenAiCompatibleProvider } from '../../../src/core/llm/openAiCompatibleProvider';
import { runTask } from '../../../src/core/orchestrator/taskRunner';
import { detectPlaceholders } from '../../../src/core/placeholders/detector';
import { OutputValidator } from '../../../src/core/validation/outputValidator';
import type { ReceivedChatRequest } from '../../../src/core/llm/localServer/scriptedReply';
import { loadRequirements } from '../../../src/core/requirements/loadRequirements';
import type { Requirement } from '../../../src/core/requirements/requirement';
import { resourcePath } from '../../../src/core/resources';
import { WorkspaceFiles } from '../../../src/core/workspace/workspaceFiles';

/** The demo's tasks as the planner makes them: the architect's design, then one per capability, in dependency order. */
const TASKS = [
  { agent: 'architect', ids: [] as string[] },
  { agent: 'backend', ids: ['DEMO-1', 'DEMO-2'] },
  { agent: 'frontend', ids: ['DEMO-3', 'DEMO-4'] },
  { agent: 'tests', ids: ['DEMO-5'] },
  { agent: 'docs', ids: ['DEMO-6'] },
];

describe('demo model (through the OpenAI-compatible provider and the agent turn loop)', function () {
  this.timeout(30_000);
  let model: DemoModel;
  let provider: OpenAiCompatibleProvider;
  let team: Map<string, TeamAgent>;
  let requirements: Map<string, Requirement>;
  let workspace: string;

  before(async () => {
    model = await startDemoModel();
    provider = new OpenAiCompatibleProvider({ baseUrl: model.baseUrl, apiKeys: [model.apiKey] });
    team = new Map(resolveTeam(parseConfig({})).map((a) => [a.id, a]));
    requirements = new Map((await loadRequirements(resourcePath('demo'), 'REQUIREMENTS.md')).requirements.map((r) => [r.id, r]));
  });
  after(async () => {
    await model.close();
  });
  beforeEach(async () => {
    workspace = await mkdtemp(path.join(tmpdir(), 'swarm-demo-model-'));
    await copyFile(resourcePath('demo', 'REQUIREMENTS.md'), path.join(workspace, 'REQUIREMENTS.md'));
  });
  afterEach(async () => {
    await rm(workspace, { recursive: true, force: true });
  });

  function attempt(agentId: string, ids: string[], retry?: AgentRetryContext, events = new SwarmEvents()): Promise<AgentOutcome> {
    return runAgent({
      runId: 'demo-test',
      taskId: `${agentId}-1`,
      agent: team.get(agentId)!,
      attempt: retry ? 2 : 1,
      requirements: ids.map((id) => requirements.get(id)!),
      context: { prerequisiteFiles: [], otherRequirements: [...requirements.values()].filter((r) => !ids.includes(r.id)) },
      retry,
      provider,
      model: model.model,
      files: new WorkspaceFiles(workspace, { runId: 'demo-test' }),
      events,
    });
  }

  const retryAfterStub = (findings: ValidationFinding[]): AgentRetryContext => ({ findings, previousFiles: ['server/notesStore.js'] });

  it('serves the demo model on 127.0.0.1 and accepts only its own key', async () => {
    assert.equal(model.model, DEMO_MODEL);
    assert.match(model.baseUrl, /^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    await provider.verify();
    const refused = await fetch(`${model.baseUrl}/models`, { headers: { authorization: 'Bearer sk-someone-else' } });
    assert.equal(refused.status, 401);
  });

  it('plays each task of the demo: lists, reads what it builds on, writes its files, finishes claiming exactly its IDs', async () => {
    const steps: string[] = [];
    const events = new SwarmEvents();
    events.on('agent:step', (s) => steps.push(`${s.agent}: ${s.message}`));
    for (const { agent, ids } of TASKS) {
      // The backend's first attempt writes the stub store; the retry, given the findings, the real one.
      if (agent === 'backend') await attempt(agent, ids, undefined, events);
      const retry = agent === 'backend' ? retryAfterStub([notImplementedFinding()]) : undefined;
      const outcome = await attempt(agent, ids, retry, events);
      assert.equal(outcome.stopReason, 'finish', `${agent}: ${outcome.toolErrors.join('; ')}`);
      assert.deepEqual(outcome.covered, ids);
      assert.deepEqual(outcome.refused, [], `${agent} wrote outside its allowed paths`);
      assert.deepEqual(outcome.toolErrors, []);
      const expected = DEMO_FILES.filter((f) => (ids.length ? ids : [DESIGN_TASK]).includes(f.owner));
      assert.deepEqual(outcome.files.map((f) => f.path).sort(), expected.map((f) => f.path).sort());
      for (const file of outcome.files) {
        const demoFile = expected.find((f) => f.path === file.path)!;
        assert.deepEqual(file.requirements, demoFile.implements.filter((id) => ids.includes(id)), `${file.path} claims only assigned IDs`);
        assert.equal(await readFile(path.join(workspace, file.path), 'utf8'), demoFileContent(demoFile));
      }
      for (const id of ids) assert.ok(outcome.files.some((f) => f.requirements.includes(id)), `${id} is claimed by a file`);
      assert.ok(outcome.tokens.prompt > 0 && outcome.tokens.completion > 0);
    }
    assert.ok(steps.includes('architect: read REQUIREMENTS.md'), steps.join('\n'));
    assert.ok(steps.includes('backend: read docs/architecture.md'));
    assert.ok(steps.includes('frontend: read docs/architecture.md'));
    assert.ok(steps.includes('tests: read server/notesStore.js'));
    assert.ok(steps.includes('docs: read package.json'));
    assert.ok(steps.some((s) => /^frontend: listed \d+ file\(s\)$/.test(s)));
  });

  it('writes a stub store on the first backend attempt: validation rejects it, and the retry writes the real one', async () => {
    const config = parseConfig({ recovery: { attempts: 3, backoffMs: [0] } });
    const validator = new OutputValidator(config.validation, async (file, content, claimed) =>
      (await detectPlaceholders(file, content, { claimedRequirements: claimed })).map((f) => ({ file: f.file, line: f.line, rule: f.rule, message: f.message, suggestion: f.suggestion })),
    );
    const events = new SwarmEvents();
    const results: { attempt: number; accepted: boolean; findings: ValidationFinding[] }[] = [];
    const steps: { attempt: number; message: string }[] = [];
    const writes: { path: string; sha256: string }[] = [];
    events.on('validation:result', (r) => results.push(r));
    events.on('agent:step', (s) => steps.push(s));
    events.on('file:written', (w) => writes.push(w));
    const ids = ['DEMO-1', 'DEMO-2'];

    const record = await runTask(
      { id: 'backend', agent: 'backend', requirements: ids, dependsOn: [] },
      {
        runId: 'demo-test',
        workspace,
        config,
        team,
        requirements,
        validator,
        events,
        signal: new AbortController().signal,
        isFatal: () => false,
        usage: () => ({ tokens: { prompt: 0, completion: 0 }, costUsd: 0, llmCalls: 0 }),
        runAttempt: (request) =>
          runAgent({
            runId: 'demo-test',
            taskId: request.task.id,
            agent: request.agent,
            attempt: request.attempt,
            requirements: request.requirements,
            retry: request.retry,
            provider,
            model: model.model,
            files: new WorkspaceFiles(workspace, { runId: 'demo-test' }),
            events,
            signal: request.signal,
          }),
      },
    );

    assert.equal(record.status, 'succeeded', record.errors.join('\n'));
    assert.equal(record.attempts, 2);
    assert.deepEqual(record.covered.sort(), ids);
    assert.equal(results[0]?.accepted, false);
    const flagged = results[0]!.findings.filter((f) => f.file === 'server/notesStore.js').map((f) => f.message);
    assert.ok(flagged.some((m) => /not-implemented-throw/.test(m)), flagged.join('\n'));
    assert.ok(flagged.some((m) => /todo-marker/.test(m)));
    assert.equal(results[1]?.accepted, true, JSON.stringify(results[1]?.findings));
    assert.deepEqual(
      results[1]!.findings.map((f) => f.rule),
      [],
    );

    const stubWrite = writes.find((w) => w.path === 'server/notesStore.js')!;
    assert.equal(stubWrite.sha256, sha256(demoFileContent(STORE, 'first-attempt')));
    assert.ok(steps.some((s) => s.attempt === 2 && s.message === 'read server/notesStore.js'), 'the retry reads the flagged file');
    assert.equal(await readFile(path.join(workspace, 'server/notesStore.js'), 'utf8'), demoFileContent(STORE));
  });

  it('writes only real files for the other agents, on any attempt', async () => {
    const outcome = await attempt('frontend', ['DEMO-3', 'DEMO-4']);
    for (const file of outcome.files) {
      assert.equal(await readFile(path.join(workspace, file.path), 'utf8'), demoFileContent(DEMO_FILES.find((f) => f.path === file.path)!));
    }
  });

  it('takes each requirement on its own too (when the planner splits a task)', async () => {
    for (const { agent, ids } of TASKS.filter((t) => t.ids.length)) {
      for (const id of ids) {
        const outcome = await attempt(agent, [id], agent === 'backend' ? retryAfterStub([notImplementedFinding()]) : undefined);
        assert.deepEqual(outcome.covered, [id]);
        assert.deepEqual(
          outcome.files.map((f) => f.path),
          DEMO_FILES.filter((f) => f.owner === id).map((f) => f.path),
        );
        assert.ok(outcome.files.every((f) => f.requirements.every((r) => r === id)));
      }
    }
  });

  it('does not claim requirements it has no script for', async () => {
    const custom: Requirement = { ...requirements.get('DEMO-2')!, id: 'APP-9', title: 'Something else' };
    requirements.set('APP-9', custom);
    try {
      const outcome = await attempt('backend', ['APP-9']);
      assert.equal(outcome.stopReason, 'finish');
      assert.deepEqual(outcome.covered, []);
      assert.deepEqual(outcome.files, []);
    } finally {
      requirements.delete('APP-9');
    }
  });

  it('streams its answers in chunks with usage, and answers the same request the same way', async () => {
    const script = demoChatScript({ chunkSize: 40 });
    const request: ReceivedChatRequest = { body: { model: DEMO_MODEL, messages: [{ role: 'user', content: 'hello' }] }, headers: {} };
    assert.deepEqual(await script(request, 0), await script(request, 7));

    const response = await fetch(`${model.baseUrl}/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${model.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        model: DEMO_MODEL,
        stream: true,
        stream_options: { include_usage: true },
        messages: [
          { role: 'system', content: 'You are the backend engineer.' },
          { role: 'user', content: 'Implement DEMO-1 now.' },
          { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'list_files', arguments: '{}' } }] },
          { role: 'tool', tool_call_id: 'c1', content: 'REQUIREMENTS.md' },
        ],
        tools: [{ type: 'function', function: { name: 'finish', parameters: { type: 'object', properties: { covered: { type: 'array', items: { type: 'string', enum: ['DEMO-1'] } } } } } }],
      }),
    });
    assert.match(response.headers.get('content-type') ?? '', /text\/event-stream/);
    const frames = (await response.text()).split('\n\n').filter((f) => f.startsWith('data: ') && f !== 'data: [DONE]');
    const chunks = frames.map((f) => JSON.parse(f.slice(6)) as { choices: { delta?: { tool_calls?: { function?: { name?: string; arguments?: string } }[] } }[]; usage?: { completion_tokens: number } | null });
    const argumentPieces = chunks.flatMap((c) => c.choices[0]?.delta?.tool_calls ?? []).map((t) => t.function?.arguments ?? '');
    assert.ok(argumentPieces.length > 10, `the write_file arguments come in ${argumentPieces.length} pieces`);
    const written = JSON.parse(argumentPieces.join('')) as { path: string; content: string };
    assert.equal(written.path, 'server/notesStore.js');
    assert.ok(chunks.some((c) => (c.usage?.completion_tokens ?? 0) > 100));
  });
});

const STORE = DEMO_FILES.find((f) => f.stubOnFirstAttempt)!;

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** A finding shaped as validation reports the stub store (the runTask test gets the real ones), to reach the retry quickly. */
function notImplementedFinding(): ValidationFinding {
  return {
    rule: 'no-placeholder',
    file: 'server/notesStore.js',
    line: 21,
    message: "not-implemented-throw: the body only throws Error('Not implemented')",
    suggestion: 'Replace the placeholder at server/notesStore.js:21 with the complete, working implementation.',
  };
}
