import assert from 'node:assert/strict';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { BudgetExceededError } from '../../../src/core/llm/budgetExceededError';
import { createChatProvider, type CreateChatProviderOptions } from '../../../src/core/llm/createChatProvider';
import { ResponseCache } from '../../../src/core/llm/responseCache';
import { chatRequest, configWith, recordingEvents, tempWorkspace } from '../../fixtures/llm/harness';
import { ManualClock } from '../../fixtures/llm/manualClock';
import { reply, startScriptedServer, type ScriptedServer } from '../../fixtures/scriptedServer';

const KEY = 'sk-chain-test-key-5f3a9c';

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

/** The cache's entries and anything else it left, without the `.gitignore` that keeps it out of the user's commits (which must be there). */
async function cacheFiles(workspace: string): Promise<string[]> {
  const dir = path.join(workspace, '.swarm', 'cache');
  const files = await filesUnder(dir);
  assert.ok(files.includes(path.join(dir, '.gitignore')), 'the cache has no .gitignore');
  return files.filter((f) => f !== path.join(dir, '.gitignore'));
}

describe('createChatProvider (the whole chain against the scripted server)', () => {
  let server: ScriptedServer;
  let workspace: Awaited<ReturnType<typeof tempWorkspace>>;
  let recorder: ReturnType<typeof recordingEvents>;

  const build = (config: Record<string, unknown> = {}, extra: Partial<CreateChatProviderOptions> = {}) =>
    createChatProvider({
      config: configWith({ baseUrl: server.baseUrl, rateLimit: { requestsPerMinute: 100_000, tokensPerMinute: 100_000_000 }, ...config }),
      workspace: workspace.dir,
      apiKeys: [KEY],
      events: recorder.events,
      runId: 'run-7',
      retry: { baseDelayMs: 5 },
      ...extra,
    });

  beforeEach(async () => {
    server = await startScriptedServer();
    workspace = await tempWorkspace();
    recorder = recordingEvents();
  });
  afterEach(async () => {
    await server.close();
    await workspace.remove();
  });

  it('emits llm:call with tokens, cost, duration and who asked', async () => {
    server.enqueue(reply.text('hi', { usage: { promptTokens: 1_000_000, completionTokens: 500_000 } }));
    const provider = build();
    await provider.complete(chatRequest('a', { context: { taskId: 'task-3', agent: 'frontend' } }));
    const [call] = recorder.of('llm:call');
    assert.ok(call);
    assert.equal(call.runId, 'run-7');
    assert.equal(call.taskId, 'task-3');
    assert.equal(call.agent, 'frontend');
    assert.equal(call.model, 'gpt-4o-mini');
    assert.deepEqual(call.tokens, { prompt: 1_000_000, completion: 500_000 });
    assert.equal(call.costUsd.toFixed(4), (0.15 + 0.3).toFixed(4));
    assert.equal(call.cached, false);
    assert.ok(call.durationMs >= 0);
    assert.deepEqual(provider.meter.totals().byAgent.frontend?.tokens, { prompt: 1_000_000, completion: 500_000 });
  });

  it('serves an identical request from .swarm/cache/: a second run makes zero model calls and counts the hits', async () => {
    server.enqueue(reply.tool('write_file', { path: 'a.ts', content: 'x', requirements: ['REQ-1'] }), reply.text('second'));
    const first = build();
    const a1 = await first.complete(chatRequest('one'));
    const b1 = await first.complete(chatRequest('two'));
    server.expectCalls(2);
    assert.deepEqual(first.cacheStats, { hits: 0, misses: 2 });

    const secondRun = build();
    const a2 = await secondRun.complete(chatRequest('one'));
    const b2 = await secondRun.complete(chatRequest('two'));
    server.expectCalls(2);
    assert.deepEqual(secondRun.cacheStats, { hits: 2, misses: 0 });
    assert.deepEqual({ ...a2, cached: undefined }, { ...a1, cached: undefined });
    assert.equal(b2.content, b1.content);
    assert.equal(a2.cached, true);
    const cachedCalls = recorder.of('llm:call').filter((c) => c.cached);
    assert.equal(cachedCalls.length, 2);
    assert.ok(cachedCalls.every((c) => c.costUsd === 0 && c.tokens.prompt === 0 && c.tokens.completion === 0));
    assert.equal(secondRun.meter.totals().run.cachedCalls, 2);
  });

  it('misses the cache when the model, messages, tools or settings differ', async () => {
    server.setDefault(reply.text('fresh'));
    const provider = build();
    await provider.complete(chatRequest('one'));
    await provider.complete(chatRequest('one', { model: 'gpt-4o' }));
    await provider.complete(chatRequest('one', { tools: [] }));
    await provider.complete(chatRequest('one', { temperature: 0.7 }));
    await provider.complete(chatRequest('one!'));
    await provider.complete(chatRequest('one'));
    assert.deepEqual(provider.cacheStats, { hits: 1, misses: 5 });
    server.expectCalls(5);
  });

  it('keys the cache by content only: the key, headers and endpoint do not change it', () => {
    const request = chatRequest('same');
    const key = ResponseCache.keyOf(request);
    assert.equal(ResponseCache.keyOf({ ...request, signal: new AbortController().signal, context: { agent: 'x', taskId: 'y' } }), key);
    assert.match(key, /^[0-9a-f]{64}$/);
  });

  it('makes no cache when cache.enabled is false', async () => {
    server.setDefault(reply.text('fresh'));
    const provider = build({ cache: { enabled: false } });
    await provider.complete(chatRequest('one'));
    await provider.complete(chatRequest('one'));
    server.expectCalls(2);
    assert.deepEqual(await filesUnder(path.join(workspace.dir, '.swarm')), []);
  });

  it('treats a damaged cache entry as a miss and replaces it', async () => {
    server.setDefault(reply.text('fresh'));
    await build().complete(chatRequest('one'));
    const [file] = await cacheFiles(workspace.dir);
    await writeFile(file!, '{"format":1,"key":');
    const again = build();
    assert.equal((await again.complete(chatRequest('one'))).content, 'fresh');
    assert.deepEqual(again.cacheStats, { hits: 0, misses: 1 });
    assert.ok(JSON.parse(await readFile(file!, 'utf8')));
  });

  it('two runs writing the same entries at once leave only whole entries and no temporary files', async () => {
    server.setDefault(reply.text('z'.repeat(5000)));
    const runs = [build(), build()];
    await Promise.all(runs.flatMap((run) => Array.from({ length: 10 }, (_, i) => run.complete(chatRequest(`req ${i}`)))));
    const files = await cacheFiles(workspace.dir);
    assert.equal(files.length, 10);
    assert.ok(files.every((f) => f.endsWith('.json')));
    for (const file of files) assert.equal((JSON.parse(await readFile(file, 'utf8')) as { response: { content: string } }).response.content.length, 5000);
    const third = build();
    await Promise.all(Array.from({ length: 10 }, (_, i) => third.complete(chatRequest(`req ${i}`))));
    assert.deepEqual(third.cacheStats, { hits: 10, misses: 0 });
  });

  it('stops new calls once budget.maxCostUsd is spent, with a clear error; cached answers stay free', async () => {
    // gpt-4o: $2.50 + $10 per million → this answer costs $0.0125.
    server.setDefault(reply.text('pricey', { usage: { promptTokens: 1000, completionTokens: 1000 } }));
    const provider = build({ model: 'gpt-4o', budget: { maxCostUsd: 0.02 } });
    await provider.complete(chatRequest('1', { model: 'gpt-4o' }));
    await provider.complete(chatRequest('2', { model: 'gpt-4o' }));
    const error = await provider.complete(chatRequest('3', { model: 'gpt-4o' })).then(
      () => assert.fail('expected the budget to stop the call'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof BudgetExceededError);
    assert.equal(error.stopsRun, true);
    assert.match(error.message, /budget/);
    assert.match(error.message, /maxCostUsd/);
    server.expectCalls(2);
    assert.equal((await provider.complete(chatRequest('1', { model: 'gpt-4o' }))).cached, true, 'a cache hit needs no budget');
    assert.equal(provider.meter.spentUsd.toFixed(4), '0.0250');
  });

  it('warns once per run about a model without a price and counts it as $0', async () => {
    server.setDefault(reply.text('local'));
    const provider = build({ model: 'llama3.1:8b' });
    await provider.complete(chatRequest('1', { model: 'llama3.1:8b' }));
    await provider.complete(chatRequest('2', { model: 'llama3.1:8b' }));
    const warnings = recorder.of('log').filter((l) => l.level === 'warn' && l.message.includes('llama3.1:8b'));
    assert.equal(warnings.length, 1);
    assert.ok(recorder.of('llm:call').every((c) => c.costUsd === 0));
  });

  it('prices by the config table first', async () => {
    server.setDefault(reply.text('x', { usage: { promptTokens: 1_000_000, completionTokens: 0 } }));
    const provider = build({ pricing: { 'gpt-4o-mini': { promptPerMillion: 7, completionPerMillion: 0 } } });
    await provider.complete(chatRequest('1'));
    assert.equal(recorder.of('llm:call')[0]!.costUsd, 7);
  });

  it('a cache hit waits for no rate limit', async () => {
    server.setDefault(reply.text('x'));
    const limits = { rateLimit: { requestsPerMinute: 1, tokensPerMinute: 100_000_000 } };
    const provider = build(limits, { rateLimiter: { burstMs: 60_000 } });
    await provider.complete(chatRequest('only call'));
    // The limiter now holds back any new call for a minute; the hits must not queue behind it.
    for (let i = 0; i < 5; i++) assert.equal((await provider.complete(chatRequest('only call'))).cached, true);
    assert.equal(provider.rateLimiter?.waiting, 0);
  });

  it('paces calls at the shared limiter and reports the waiting line as queue:depth', async () => {
    server.setDefault(reply.text('x'));
    const clock = new ManualClock();
    // 120 a minute with a one-second burst: two at once, then one every half second.
    const provider = build({ rateLimit: { requestsPerMinute: 120, tokensPerMinute: 100_000_000 } }, { rateLimiter: { clock, burstMs: 1000 } });
    const calls = [1, 2, 3, 4].map((i) => provider.complete(chatRequest(`call ${i}`)));
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(server.callCount, 2);
    assert.equal(provider.rateLimiter?.waiting, 2);
    await clock.advance(500);
    await clock.advance(500);
    await Promise.all(calls);
    server.expectCalls(4);
    const depths = recorder.of('queue:depth');
    assert.ok(depths.every((d) => d.queue === 'llm' && d.runId === 'run-7'));
    assert.ok(depths.some((d) => d.depth === 2));
    assert.equal(depths[depths.length - 1]!.depth, 0);
  });

  it('the run signal cancels a call under way', async () => {
    server.setDefault(reply.text('slow', { delayMs: 30_000 }));
    const controller = new AbortController();
    const provider = build({}, { signal: controller.signal });
    const call = provider.complete(chatRequest('a'));
    setTimeout(() => controller.abort(), 50);
    await assert.rejects(call, { name: 'SwarmCancelledError' });
  });

  it('no key reaches .swarm/, the events or the errors of a run, even when the server echoes it', async () => {
    await server.close();
    const rejected = 'sk-rejected-key-7d2e1b9f04';
    server = await startScriptedServer({ acceptedKeys: [KEY] });
    server.enqueue(
      reply.error(500, `upstream failed for Authorization: Bearer ${KEY}`),
      reply.text(`the model repeats what it saw: ${KEY}`),
      reply.rateLimited(0, `limit for key ${KEY}`),
      reply.tool('write_file', { path: 'x', content: KEY, requirements: [] }),
    );
    const messages: string[] = [];
    const provider = createChatProvider({
      config: configWith({ baseUrl: server.baseUrl, rateLimit: { requestsPerMinute: 100_000, tokensPerMinute: 100_000_000 } }),
      workspace: workspace.dir,
      apiKeys: [rejected, KEY],
      events: recorder.events,
      runId: 'run-keys',
      retry: { baseDelayMs: 5 },
    });
    await provider.verify();
    await provider.complete(chatRequest('1')).catch((e: Error) => messages.push(e.message));
    await provider.complete(chatRequest('2')).catch((e: Error) => messages.push(e.message));
    await server.close();
    await provider.complete(chatRequest('3')).catch((e: Error) => messages.push(e.message));

    const written = await filesUnder(path.join(workspace.dir, '.swarm'));
    assert.ok(written.length >= 2, 'the run wrote cache entries');
    const everything = [...(await Promise.all(written.map((f) => readFile(f, 'utf8')))), JSON.stringify(recorder.recorded), ...messages].join('\n');
    assert.ok(recorder.of('llm:error').length >= 1, 'the echoed key passed through an error event');
    for (const key of [KEY, rejected]) assert.ok(!everything.includes(key), `found ${key.slice(0, 12)}… in the run's output`);
    assert.ok(everything.includes('[redacted]'));
  });
});
