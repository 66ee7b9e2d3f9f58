import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { startLocalChatServer, type LocalChatServer } from '../../../src/core/llm/localServer/localChatServer';
import type { ScriptedReply } from '../../../src/core/llm/localServer/scriptedReply';

/** The raw SSE `data:` payloads of a streamed answer. */
function sseData(text: string): string[] {
  return text
    .split('\n\n')
    .filter((block) => block.startsWith('data: '))
    .map((block) => block.slice('data: '.length));
}

async function post(server: LocalChatServer, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${server.baseUrl}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer test-key-123', ...headers },
    body: JSON.stringify(body),
  });
}

interface ToolDelta {
  index: number;
  id?: string;
  function: { name?: string; arguments: string };
}
interface Chunk {
  object: string;
  usage?: unknown;
  choices: { delta: { role?: string; content?: string; tool_calls?: ToolDelta[] }; finish_reason: string | null }[];
}
interface Completion {
  object: string;
  model: string;
  choices: { message: unknown; finish_reason: string }[];
  usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
}

const base = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] };

describe('local chat server (OpenAI chat-completions over HTTP)', () => {
  let server: LocalChatServer;
  let next: ScriptedReply;
  beforeEach(async () => {
    next = { kind: 'message', content: 'hello' };
    server = await startLocalChatServer(() => next);
  });
  afterEach(() => server.close());

  it('listens on 127.0.0.1 with an ephemeral port and a /v1 base URL', () => {
    assert.match(server.baseUrl, /^http:\/\/127\.0\.0\.1:\d+\/v1$/);
  });

  it('answers a JSON chat completion with usage, and records the request', async () => {
    const response = await post(server, base);
    assert.equal(response.status, 200);
    const json = (await response.json()) as Completion;
    assert.equal(json.object, 'chat.completion');
    assert.equal(json.model, 'gpt-4o-mini');
    assert.deepEqual(json.choices[0]!.message, { role: 'assistant', content: 'hello', refusal: null });
    assert.equal(json.choices[0]!.finish_reason, 'stop');
    assert.ok(json.usage.prompt_tokens > 0 && json.usage.total_tokens === json.usage.prompt_tokens + json.usage.completion_tokens);
    assert.equal(server.requests.length, 1);
    assert.equal(server.requests[0]!.headers.authorization, 'Bearer test-key-123');
  });

  it('streams tool calls as deltas by index with arguments split across chunks, then usage and [DONE]', async () => {
    next = {
      kind: 'message',
      toolCalls: [
        { id: 'call_a', name: 'write_file', arguments: { path: 'a.ts', content: 'export const a = 1;\n' } },
        { name: 'finish', arguments: '{"summary":"done"' },
      ],
      chunkSize: 5,
      usage: { promptTokens: 11, completionTokens: 7 },
    };
    const response = await post(server, { ...base, stream: true, stream_options: { include_usage: true } });
    assert.match(response.headers.get('content-type') ?? '', /^text\/event-stream/);
    const data = sseData(await response.text());
    assert.equal(data[data.length - 1], '[DONE]');
    const chunks = data.slice(0, -1).map((d) => JSON.parse(d) as Chunk);
    for (const chunk of chunks) {
      assert.equal(chunk.object, 'chat.completion.chunk');
      assert.ok('usage' in chunk, 'every chunk carries usage (null until the last) when include_usage is set');
    }
    const usageChunk = chunks[chunks.length - 1]!;
    assert.deepEqual(usageChunk.choices, []);
    assert.deepEqual(usageChunk.usage, { prompt_tokens: 11, completion_tokens: 7, total_tokens: 18 });
    const finish = chunks[chunks.length - 2]!;
    assert.equal(finish.choices[0]!.finish_reason, 'tool_calls');
    assert.equal(chunks[0]!.choices[0]!.delta.role, 'assistant');

    const parts = chunks.flatMap((c) => c.choices[0]?.delta.tool_calls ?? []);
    const starts = parts.filter((p) => p.id);
    assert.deepEqual(
      starts.map((p) => [p.index, p.id, p.function.name]),
      [
        [0, 'call_a', 'write_file'],
        [1, 'call_0_1', 'finish'],
      ],
    );
    const argsOf = (index: number) =>
      parts
        .filter((p) => p.index === index)
        .map((p) => p.function.arguments)
        .join('');
    assert.deepEqual(JSON.parse(argsOf(0)), { path: 'a.ts', content: 'export const a = 1;\n' });
    assert.equal(argsOf(1), '{"summary":"done"', 'malformed arguments are sent exactly as scripted');
    assert.ok(parts.filter((p) => p.index === 0).length > 5, 'arguments arrive in many chunks');
  });

  it('omits the usage chunk when include_usage is not asked for', async () => {
    const data = sseData(await (await post(server, { ...base, stream: true })).text());
    const chunks = data.slice(0, -1).map((d) => JSON.parse(d) as Chunk);
    assert.ok(chunks.every((c) => !('usage' in c)));
    assert.equal(chunks.map((c) => c.choices[0]?.delta.content ?? '').join(''), 'hello');
  });

  it('answers a scripted error with its status, OpenAI error body and headers', async () => {
    next = { kind: 'error', status: 429, message: 'slow down', headers: { 'retry-after': '3' } };
    const response = await post(server, base);
    assert.equal(response.status, 429);
    assert.equal(response.headers.get('retry-after'), '3');
    assert.deepEqual(await response.json(), { error: { message: 'slow down', type: 'rate_limit_error', param: null, code: null } });
  });

  it('drops the socket without answering', async () => {
    next = { kind: 'drop' };
    await assert.rejects(post(server, base));
  });

  it('cuts a stream off without [DONE]', async () => {
    next = { kind: 'truncated-stream', content: 'partial answer', close: 'end' };
    const text = await (await post(server, { ...base, stream: true })).text();
    assert.ok(!text.includes('[DONE]'));
    assert.ok(!text.includes('finish_reason":"stop'));
    assert.match(text, /partial/);
  });

  it('lists models and refuses other keys when keys are configured', async () => {
    await server.close();
    server = await startLocalChatServer(() => next, { models: ['demo-model'], acceptedKeys: ['good-key-1'] });
    const list = await fetch(`${server.baseUrl}/models`, { headers: { authorization: 'Bearer good-key-1' } });
    assert.deepEqual(((await list.json()) as { data: { id: string }[] }).data.map((m) => m.id), ['demo-model']);
    const refused = await post(server, base, { authorization: 'Bearer bad-key-2' });
    assert.equal(refused.status, 401);
    assert.equal(server.requests.length, 0, 'a refused request never reaches the script');
  });

  it('refuses streaming when told to, and answers 404 on unknown routes and 400 on a bad body', async () => {
    await server.close();
    server = await startLocalChatServer(() => next, { streaming: 'rejected' });
    const refused = await post(server, { ...base, stream: true });
    assert.equal(refused.status, 400);
    assert.match(JSON.stringify(await refused.json()), /stream/);
    assert.equal((await fetch(`${server.baseUrl}/embeddings`, { method: 'POST', body: '{}' })).status, 404);
    const bad = await fetch(`${server.baseUrl}/chat/completions`, { method: 'POST', body: '{not json' });
    assert.equal(bad.status, 400);
  });

  it('gives the script the request index and waits delayMs, stopping when the client goes away', async () => {
    const seen: number[] = [];
    await server.close();
    server = await startLocalChatServer((_request, index) => {
      seen.push(index);
      return { kind: 'message', content: 'late', delayMs: 60_000 };
    });
    const { port } = new URL(server.baseUrl);
    await new Promise<void>((resolve) => {
      const req = httpRequest({ host: '127.0.0.1', port, path: '/v1/chat/completions', method: 'POST', headers: { 'content-type': 'application/json' } });
      req.on('error', () => resolve());
      req.end(JSON.stringify(base));
      setTimeout(() => {
        req.destroy();
        resolve();
      }, 100);
    });
    assert.deepEqual(seen, [0]);
    // close() must not wait for the abandoned 60 s delay.
    await server.close();
    server = await startLocalChatServer(() => next);
  });
});
