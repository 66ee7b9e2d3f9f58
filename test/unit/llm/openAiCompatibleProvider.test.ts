import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { SwarmCancelledError, SwarmInputError } from '../../../src/core/errors';
import { ApiKeyRejectedError } from '../../../src/core/llm/apiKeyRejectedError';
import { ChatProviderError } from '../../../src/core/llm/chatProvider';
import { OpenAiCompatibleProvider } from '../../../src/core/llm/openAiCompatibleProvider';
import { chatRequest } from '../../fixtures/llm/harness';
import { reply, startScriptedServer, type ScriptedServer } from '../../fixtures/scriptedServer';

const KEY = 'sk-test-primary-0123456789';

/** A port on 127.0.0.1 that nothing listens on. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe('OpenAI-compatible provider (real HTTP to the scripted server)', () => {
  let server: ScriptedServer;
  let provider: OpenAiCompatibleProvider;
  beforeEach(async () => {
    server = await startScriptedServer();
    provider = new OpenAiCompatibleProvider({ baseUrl: server.baseUrl, apiKeys: [KEY] });
  });
  afterEach(() => server.close());

  it('streams by default, asks for usage, and returns the text with the reported usage', async () => {
    server.enqueue(reply.text('The answer is 42.', { chunkSize: 3, usage: { promptTokens: 21, completionTokens: 5 } }));
    const answer = await provider.complete(chatRequest('question', { temperature: 0.2, maxTokens: 300 }));
    assert.equal(answer.content, 'The answer is 42.');
    assert.equal(answer.finishReason, 'stop');
    assert.deepEqual(answer.usage, { promptTokens: 21, completionTokens: 5 });
    assert.deepEqual(answer.toolCalls, []);
    const body = server.request(0).body;
    assert.equal(body.stream, true);
    assert.deepEqual(body.stream_options, { include_usage: true });
    assert.equal(body.temperature, 0.2);
    assert.equal(body.max_tokens, 300);
    assert.deepEqual(server.toolNames(0), ['write_file']);
    assert.equal(server.request(0).headers.authorization, `Bearer ${KEY}`);
  });

  it('sends the conversation in the OpenAI wire format, tool calls and results included', async () => {
    server.enqueue(reply.text('ok'));
    await provider.complete(
      chatRequest('x', {
        messages: [
          { role: 'system', content: 'sys' },
          { role: 'user', content: 'do it' },
          { role: 'assistant', content: null, toolCalls: [{ id: 'call_1', name: 'read_file', arguments: '{"path":"a"}' }] },
          { role: 'tool', toolCallId: 'call_1', content: 'file text' },
        ],
      }),
    );
    assert.deepEqual(server.messages(0)[2], {
      role: 'assistant',
      content: null,
      tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'read_file', arguments: '{"path":"a"}' } }],
    });
    assert.deepEqual(server.toolResults(0), [{ toolCallId: 'call_1', content: 'file text' }]);
  });

  it('assembles a tool call split across many stream chunks', async () => {
    const content = 'export function add(a: number, b: number): number {\n  return a + b;\n}\n'.repeat(20);
    server.enqueue(reply.tool('write_file', { path: 'src/add.ts', content, requirements: ['REQ-001'] }, { id: 'call_w', chunkSize: 1 }));
    const answer = await provider.complete(chatRequest('write add'));
    assert.equal(answer.finishReason, 'tool_calls');
    assert.equal(answer.toolCalls.length, 1);
    assert.equal(answer.toolCalls[0]!.id, 'call_w');
    assert.equal(answer.toolCalls[0]!.name, 'write_file');
    assert.deepEqual(JSON.parse(answer.toolCalls[0]!.arguments), { path: 'src/add.ts', content, requirements: ['REQ-001'] });
  });

  it('assembles several parallel tool calls by index', async () => {
    server.enqueue(
      reply.tools(
        [
          { name: 'read_file', arguments: { path: 'a.ts' } },
          { name: 'read_file', arguments: { path: 'b.ts' } },
        ],
        { chunkSize: 2 },
      ),
    );
    const answer = await provider.complete(chatRequest('read'));
    assert.deepEqual(
      answer.toolCalls.map((c) => JSON.parse(c.arguments) as unknown),
      [{ path: 'a.ts' }, { path: 'b.ts' }],
    );
    assert.notEqual(answer.toolCalls[0]!.id, answer.toolCalls[1]!.id);
  });

  it('passes invalid JSON arguments through raw, for the agent loop to answer', async () => {
    server.enqueue(reply.tool('write_file', '{"path": "a.ts", "content": "unterminated', { chunkSize: 4 }));
    const answer = await provider.complete(chatRequest('write'));
    assert.equal(answer.toolCalls[0]!.arguments, '{"path": "a.ts", "content": "unterminated');
  });

  it('passes a call to an unknown tool through', async () => {
    server.enqueue(reply.tool('delete_everything', { really: true }));
    const answer = await provider.complete(chatRequest('go'));
    assert.equal(answer.toolCalls[0]!.name, 'delete_everything');
  });

  it('reports finish_reason length so the agent loop can ask the model to continue', async () => {
    server.enqueue(reply.text('a long fi', { finishReason: 'length' }));
    assert.equal((await provider.complete(chatRequest('go'))).finishReason, 'length');
  });

  it('turns a stream whose socket dies mid-answer into a clear retryable error', async () => {
    server.enqueue(reply.truncated('The beginning of a long answer that never ends'));
    const error = await provider.complete(chatRequest('go')).then(
      () => assert.fail('expected a failure'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof ChatProviderError);
    assert.equal(error.retryable, true);
    assert.match(error.message, new RegExp(`broke off during the answer|cut off`));
    assert.ok(error.message.includes(server.baseUrl));
  });

  it('turns a stream that ends cleanly but without a finish into a retryable "cut off" error', async () => {
    server.enqueue(reply.truncated('partial', 'end'));
    await assert.rejects(provider.complete(chatRequest('go')), (e: unknown) => e instanceof ChatProviderError && e.retryable && /was cut off/.test(e.message));
  });

  it('classifies 429 and 5xx as retryable with the Retry-After hint, other 4xx as final, and never retries itself', async () => {
    server.enqueue(reply.rateLimited(7), reply.error(503, 'overloaded'), reply.error(400, 'bad tool schema'));
    await assert.rejects(provider.complete(chatRequest('a')), (e: unknown) => e instanceof ChatProviderError && e.status === 429 && e.retryable && e.retryAfterMs === 7000);
    await assert.rejects(provider.complete(chatRequest('b')), (e: unknown) => e instanceof ChatProviderError && e.status === 503 && e.retryable && /overloaded/.test(e.message));
    await assert.rejects(provider.complete(chatRequest('c')), (e: unknown) => e instanceof ChatProviderError && e.status === 400 && !e.retryable);
    server.expectCalls(3);
  });

  it('a dropped connection is a retryable network error', async () => {
    server.enqueue(reply.drop());
    await assert.rejects(provider.complete(chatRequest('go')), (e: unknown) => e instanceof ChatProviderError && e.retryable && e.status === undefined);
  });

  it('rotates to the next key on 401 and keeps using it', async () => {
    await server.close();
    server = await startScriptedServer({ acceptedKeys: ['sk-second-key-abcdef'] });
    provider = new OpenAiCompatibleProvider({ baseUrl: server.baseUrl, apiKeys: ['sk-first-key-abcdef', 'sk-second-key-abcdef'] });
    server.enqueue(reply.text('one'), reply.text('two'));
    assert.equal((await provider.complete(chatRequest('a'))).content, 'one');
    assert.equal((await provider.complete(chatRequest('b'))).content, 'two');
    // The refused request never reaches the script; both answered requests carried the second key.
    assert.deepEqual(server.authorizations(), ['sk-second-key-abcdef', 'sk-second-key-abcdef']);
  });

  it('stops with "the API key was rejected" when every key is refused, without the key in the message', async () => {
    await server.close();
    server = await startScriptedServer({ acceptedKeys: ['sk-the-only-good-key'] });
    provider = new OpenAiCompatibleProvider({ baseUrl: server.baseUrl, apiKeys: ['sk-bad-key-number-one', 'sk-bad-key-number-two'] });
    const error = await provider.complete(chatRequest('a')).then(
      () => assert.fail('expected a failure'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof ApiKeyRejectedError);
    assert.equal(error.status, 401);
    assert.equal(error.retryable, false);
    assert.match(error.message, /the API key was rejected/);
    assert.doesNotMatch(error.message, /sk-bad-key-number/);
    await assert.rejects(provider.verify(), (e: unknown) => e instanceof SwarmInputError && /the API key was rejected/.test(e.message));
  });

  it('verify() passes with a good key and rotates past a bad one', async () => {
    await server.close();
    server = await startScriptedServer({ acceptedKeys: ['sk-second-key-abcdef'] });
    provider = new OpenAiCompatibleProvider({ baseUrl: server.baseUrl, apiKeys: ['sk-first-key-abcdef', 'sk-second-key-abcdef'] });
    await provider.verify();
    server.enqueue(reply.text('fine'));
    await provider.complete(chatRequest('a'));
    assert.deepEqual(server.authorizations(), ['sk-second-key-abcdef']);
  });

  it('verify() on an endpoint that is down says "cannot reach <url>" as bad input', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/v1`;
    const down = new OpenAiCompatibleProvider({ baseUrl: url, apiKeys: [KEY] });
    const error = await down.verify().then(
      () => assert.fail('expected a failure'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof SwarmInputError);
    assert.equal(error.exitCode, 2);
    assert.ok(error.message.includes(`cannot reach ${url}`), error.message);
    assert.match(error.message, /ECONNREFUSED/);
    await assert.rejects(down.complete(chatRequest('a')), (e: unknown) => e instanceof ChatProviderError && e.retryable && e.message.includes(`cannot reach ${url}`));
  });

  it('without a key for a remote endpoint, says how to set one or run the demo', () => {
    assert.throws(
      () => new OpenAiCompatibleProvider({ baseUrl: 'https://api.openai.com/v1', apiKeys: [] }),
      (e: unknown) => e instanceof SwarmInputError && /OPENAI_API_KEY/.test(e.message) && /SWARM_API_KEY/.test(e.message) && /swarm run --demo/.test(e.message),
    );
  });

  it('needs no key for a server on this machine', async () => {
    provider = new OpenAiCompatibleProvider({ baseUrl: server.baseUrl, apiKeys: [] });
    server.enqueue(reply.text('local'));
    assert.equal((await provider.complete(chatRequest('a'))).content, 'local');
  });

  it('falls back to non-streaming when the server refuses streaming, and stays there', async () => {
    await server.close();
    server = await startScriptedServer({ streaming: 'rejected' });
    provider = new OpenAiCompatibleProvider({ baseUrl: server.baseUrl, apiKeys: [KEY] });
    server.enqueue(reply.tool('write_file', { path: 'a', content: 'b', requirements: [] }), reply.text('second'));
    const answer = await provider.complete(chatRequest('a'));
    assert.equal(answer.toolCalls[0]!.name, 'write_file');
    assert.equal((await provider.complete(chatRequest('b'))).content, 'second');
    assert.deepEqual(
      server.requests.map((r) => r.body.stream ?? false),
      [true, false, false],
    );
  });

  it('reads a JSON answer from a server that ignores stream: true', async () => {
    await server.close();
    server = await startScriptedServer({ streaming: 'ignored' });
    provider = new OpenAiCompatibleProvider({ baseUrl: server.baseUrl, apiKeys: [KEY] });
    server.enqueue(reply.tool('finish', { summary: 's', covered: [] }, { usage: { promptTokens: 3, completionTokens: 4 } }));
    const answer = await provider.complete(chatRequest('a'));
    assert.equal(answer.toolCalls[0]!.name, 'finish');
    assert.deepEqual(answer.usage, { promptTokens: 3, completionTokens: 4 });
  });

  it('non-streaming mode answers the same', async () => {
    provider = new OpenAiCompatibleProvider({ baseUrl: server.baseUrl, apiKeys: [KEY], streaming: false });
    server.enqueue(reply.tool('read_file', '{"path":', { content: 'thinking' }));
    const answer = await provider.complete(chatRequest('a'));
    assert.equal(answer.content, 'thinking');
    assert.equal(answer.toolCalls[0]!.arguments, '{"path":');
    assert.equal(server.request(0).body.stream, undefined);
  });

  it('cancels at once on abort, mid-wait, as SwarmCancelledError', async () => {
    server.enqueue(reply.text('late', { delayMs: 30_000 }));
    const controller = new AbortController();
    const call = provider.complete(chatRequest('a', { signal: controller.signal }));
    setTimeout(() => controller.abort(), 50);
    await assert.rejects(call, SwarmCancelledError);
  });

  it('cancels a stream in progress', async () => {
    server.enqueue(reply.text('x'.repeat(200), { chunkSize: 1, chunkDelayMs: 20 }));
    const controller = new AbortController();
    const call = provider.complete(chatRequest('a', { signal: controller.signal }));
    setTimeout(() => controller.abort(), 150);
    await assert.rejects(call, SwarmCancelledError);
  });

  it('times out a call whose stream stalls, as a retryable error', async () => {
    provider = new OpenAiCompatibleProvider({ baseUrl: server.baseUrl, apiKeys: [KEY], timeoutMs: 200 });
    server.enqueue(reply.text('y'.repeat(100), { chunkSize: 1, chunkDelayMs: 50 }));
    await assert.rejects(provider.complete(chatRequest('a')), (e: unknown) => e instanceof ChatProviderError && e.retryable && /within 200 ms/.test(e.message));
  });
});
