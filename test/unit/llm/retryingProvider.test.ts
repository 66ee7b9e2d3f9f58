import assert from 'node:assert/strict';
import { SwarmCancelledError } from '../../../src/core/errors';
import { ChatProviderError } from '../../../src/core/llm/chatProvider';
import { OpenAiCompatibleProvider } from '../../../src/core/llm/openAiCompatibleProvider';
import { RetryingProvider, type RetryPolicy } from '../../../src/core/llm/retryingProvider';
import { parseResetDuration, parseRetryAfter, retryAfterMsFromHeaders } from '../../../src/core/llm/retryAfter';
import { chatRequest, recordingEvents } from '../../fixtures/llm/harness';
import { reply, startScriptedServer, type ScriptedServer } from '../../fixtures/scriptedServer';

describe('retrying provider (one retry policy, real HTTP)', () => {
  let server: ScriptedServer;
  let recorder: ReturnType<typeof recordingEvents>;
  const build = (policy: Partial<RetryPolicy> = {}) =>
    new RetryingProvider(new OpenAiCompatibleProvider({ baseUrl: server.baseUrl, apiKeys: ['sk-retry-test-key'] }), { events: recorder.events, runId: 'run-1' }, {
      baseDelayMs: 5,
      random: () => 0,
      ...policy,
    });
  beforeEach(async () => {
    server = await startScriptedServer();
    recorder = recordingEvents();
  });
  afterEach(() => server.close());

  it('waits out a 429 Retry-After before trying again, and says so in llm:error', async () => {
    server.enqueue(reply.rateLimited(1), reply.text('after the wait'));
    const started = performance.now();
    const answer = await build().complete(chatRequest('a', { context: { taskId: 't1', agent: 'backend' } }));
    const waited = performance.now() - started;
    assert.equal(answer.content, 'after the wait');
    assert.ok(waited >= 950, `waited only ${Math.round(waited)} ms of the 1 s Retry-After`);
    const [error] = recorder.of('llm:error');
    assert.deepEqual(
      { ...error, message: undefined },
      { runId: 'run-1', taskId: 't1', agent: 'backend', model: 'gpt-4o-mini', status: 429, message: undefined, willRetry: true, retryInMs: 1000 },
    );
    server.expectCalls(2);
  });

  it('honours x-ratelimit-reset-* of an exhausted limit when longer than the backoff', async () => {
    server.enqueue(
      reply.error(429, 'limit', { 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-requests': '120ms', 'x-ratelimit-remaining-tokens': '500', 'x-ratelimit-reset-tokens': '9s' }),
      reply.text('ok'),
    );
    await build().complete(chatRequest('a'));
    assert.equal(recorder.of('llm:error')[0]!.retryInMs, 120);
  });

  it('uses its own backoff when it is longer than the hint, doubling per attempt', async () => {
    server.enqueue(reply.error(503, 'busy', { 'retry-after': '0' }), reply.error(502), reply.text('ok'));
    await build({ baseDelayMs: 40 }).complete(chatRequest('a'));
    assert.deepEqual(
      recorder.of('llm:error').map((e) => e.retryInMs),
      [40, 80],
    );
  });

  it('recovers from a 500, a dropped connection and a truncated stream', async () => {
    server.enqueue(reply.error(500, 'internal'), reply.drop(), reply.truncated('half an ans'), reply.tool('finish', { summary: 'done', covered: [] }));
    const answer = await build().complete(chatRequest('a'));
    assert.equal(answer.toolCalls[0]!.name, 'finish');
    server.expectCalls(4);
    assert.deepEqual(
      recorder.of('llm:error').map((e) => [e.status, e.willRetry]),
      [
        [500, true],
        [undefined, true],
        [undefined, true],
      ],
    );
  });

  it('does not retry a 4xx other than 429', async () => {
    server.enqueue(reply.error(400, 'invalid schema'), reply.text('never'));
    await assert.rejects(build().complete(chatRequest('a')), (e: unknown) => e instanceof ChatProviderError && e.status === 400);
    server.expectCalls(1);
    assert.deepEqual(
      recorder.of('llm:error').map((e) => e.willRetry),
      [false],
    );
  });

  it('gives up after maxAttempts, the last error saying it will not retry', async () => {
    server.setDefault(reply.error(503, 'down for maintenance'));
    await assert.rejects(build({ maxAttempts: 3 }).complete(chatRequest('a')), /down for maintenance/);
    server.expectCalls(3);
    assert.deepEqual(
      recorder.of('llm:error').map((e) => e.willRetry),
      [true, true, false],
    );
  });

  it('does not wait when the provider asks for more than maxWaitMs', async () => {
    server.enqueue(reply.rateLimited(3600), reply.text('never'));
    await assert.rejects(build({ maxWaitMs: 60_000 }).complete(chatRequest('a')), (e: unknown) => e instanceof ChatProviderError && e.status === 429);
    server.expectCalls(1);
  });

  it('a cancel ends the backoff sleep at once', async () => {
    server.enqueue(reply.rateLimited(30), reply.text('never'));
    const controller = new AbortController();
    const call = build().complete(chatRequest('a', { signal: controller.signal }));
    setTimeout(() => controller.abort(), 100);
    await assert.rejects(call, SwarmCancelledError);
    server.expectCalls(1);
  });
});

describe('retry hints in headers', () => {
  it('reads Retry-After as seconds or an HTTP date', () => {
    assert.equal(parseRetryAfter('2'), 2000);
    assert.equal(parseRetryAfter('0.5'), 500);
    assert.equal(parseRetryAfter(new Date(10_000).toUTCString(), 4000), 6000);
    assert.equal(parseRetryAfter('soon'), undefined);
  });

  it('reads OpenAI reset durations', () => {
    assert.equal(parseResetDuration('1s'), 1000);
    assert.equal(parseResetDuration('20ms'), 20);
    assert.equal(parseResetDuration('6m0s'), 360_000);
    assert.equal(parseResetDuration('1h2m3.5s'), 3_723_500);
    assert.equal(parseResetDuration('3'), 3000);
    assert.equal(parseResetDuration('tomorrow'), undefined);
  });

  it('takes the longest hint, skipping the reset of a limit that is not exhausted', () => {
    assert.equal(retryAfterMsFromHeaders({ 'retry-after': '1', 'retry-after-ms': '1500' }), 1500);
    assert.equal(retryAfterMsFromHeaders({ 'x-ratelimit-remaining-tokens': '0', 'x-ratelimit-reset-tokens': '2s', 'x-ratelimit-remaining-requests': '9', 'x-ratelimit-reset-requests': '1m' }), 2000);
    assert.equal(retryAfterMsFromHeaders(new Headers({ 'x-ratelimit-reset-requests': '250ms' })), 250);
    assert.equal(retryAfterMsFromHeaders({}), undefined);
  });
});
