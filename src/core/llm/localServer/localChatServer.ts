import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ChatScript, ReceivedChatRequest, ScriptedReply } from './scriptedReply';

/**
 * A real OpenAI-compatible HTTP server on 127.0.0.1 that answers every chat-completions request from a
 * script. It serves the offline demo's model in production (through exactly the client path of a real
 * provider) and the scripted model of the tests.
 */
export interface LocalChatServerOptions {
  /** Ids listed by `GET /v1/models`. Default: `['gpt-4o-mini']`. */
  models?: string[];
  /** When set, any other bearer key is answered 401 on every route (the message echoes the key, as some servers do). */
  acceptedKeys?: string[];
  /** How `stream: true` is treated: streamed (default), refused with a 400, or ignored (a JSON answer). */
  streaming?: 'supported' | 'rejected' | 'ignored';
}

export interface LocalChatServer {
  /** E.g. `http://127.0.0.1:40123/v1`. */
  baseUrl: string;
  /** Every chat-completions request received, in order. */
  requests: ReceivedChatRequest[];
  close(): Promise<void>;
}

type MessageReply = Extract<ScriptedReply, { kind: 'message' }>;
interface WireToolCall {
  id: string;
  name: string;
  arguments: string;
}

const DEFAULT_CHUNK_SIZE = 32;

export async function startLocalChatServer(script: ChatScript, options: LocalChatServerOptions = {}): Promise<LocalChatServer> {
  const requests: ReceivedChatRequest[] = [];
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendError(res, 500, `the local chat server failed: ${error instanceof Error ? error.message : String(error)}`, 'server_error');
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 30_000;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const route = url.pathname.replace(/\/+$/, '');
    const body = await readBody(req);
    if (options.acceptedKeys && !options.acceptedKeys.includes(bearerKey(req))) {
      sendError(res, 401, `Incorrect API key provided: ${bearerKey(req) || '(none)'}.`, 'invalid_request_error', 'invalid_api_key');
      return;
    }
    if (req.method === 'GET' && (route === '/v1/models' || route === '/models')) {
      sendJson(res, 200, {
        object: 'list',
        data: (options.models ?? ['gpt-4o-mini']).map((id) => ({ id, object: 'model', created: 0, owned_by: 'swarm-local' })),
      });
      return;
    }
    if (route !== '/v1/chat/completions' && route !== '/chat/completions') {
      sendError(res, 404, `no route ${req.method ?? ''} ${url.pathname}`, 'invalid_request_error');
      return;
    }
    if (req.method !== 'POST') {
      sendError(res, 405, `${req.method ?? ''} is not allowed on ${url.pathname}`, 'invalid_request_error');
      return;
    }
    let parsed: ReceivedChatRequest['body'];
    try {
      parsed = JSON.parse(body) as ReceivedChatRequest['body'];
    } catch {
      sendError(res, 400, 'the request body is not valid JSON', 'invalid_request_error');
      return;
    }
    if (typeof parsed !== 'object' || parsed === null || typeof parsed.model !== 'string' || !Array.isArray(parsed.messages)) {
      sendError(res, 400, 'a chat-completions request needs "model" and "messages"', 'invalid_request_error');
      return;
    }
    const received: ReceivedChatRequest = { body: parsed, headers: req.headers };
    const index = requests.length;
    requests.push(received);
    if (parsed.stream === true && options.streaming === 'rejected') {
      sendError(res, 400, 'stream is not supported by this server', 'invalid_request_error', null, 'stream');
      return;
    }
    const reply = await script(received, index);
    const streamed = parsed.stream === true && options.streaming !== 'ignored';
    await answer(req, res, reply, received, index, streamed);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function answer(req: IncomingMessage, res: ServerResponse, reply: ScriptedReply, request: ReceivedChatRequest, index: number, streamed: boolean): Promise<void> {
  switch (reply.kind) {
    case 'drop':
      req.socket.destroy();
      return;
    case 'error':
      if (!(await pause(res, reply.delayMs))) return;
      sendError(res, reply.status, reply.message ?? `scripted error ${reply.status}`, errorType(reply.status), null, null, reply.headers);
      return;
    case 'truncated-stream':
      await sendTruncated(res, reply, request, index, streamed);
      return;
    case 'message': {
      if (!(await pause(res, reply.delayMs))) return;
      const toolCalls = wireToolCalls(reply, index);
      if (streamed) await streamMessage(res, reply, toolCalls, request, index);
      else sendJson(res, 200, completionBody(reply, toolCalls, request, index));
      return;
    }
  }
}

function wireToolCalls(reply: MessageReply, index: number): WireToolCall[] {
  return (reply.toolCalls ?? []).map((call, i) => ({
    id: call.id ?? `call_${index}_${i}`,
    name: call.name,
    arguments: typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments),
  }));
}

function finishReasonOf(reply: MessageReply, toolCalls: WireToolCall[]): string {
  return reply.finishReason ?? (toolCalls.length ? 'tool_calls' : 'stop');
}

function usageOf(reply: MessageReply, toolCalls: WireToolCall[], request: ReceivedChatRequest) {
  const prompt = reply.usage?.promptTokens ?? estimateTokens(JSON.stringify(request.body.messages) + JSON.stringify(request.body.tools ?? []));
  const completion =
    reply.usage?.completionTokens ?? estimateTokens((reply.content ?? '') + toolCalls.map((c) => c.name + c.arguments).join(''));
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
}

function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

function completionBody(reply: MessageReply, toolCalls: WireToolCall[], request: ReceivedChatRequest, index: number) {
  return {
    id: `chatcmpl-${index}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: request.body.model,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: reply.content ?? null,
          refusal: null,
          ...(toolCalls.length
            ? { tool_calls: toolCalls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: c.arguments } })) }
            : {}),
        },
        logprobs: null,
        finish_reason: finishReasonOf(reply, toolCalls),
      },
    ],
    usage: usageOf(reply, toolCalls, request),
    system_fingerprint: null,
  };
}

/** The chunks of a streamed answer in OpenAI's `chat.completion.chunk` format, without usage and `[DONE]`. */
function answerChunks(content: string | undefined, toolCalls: WireToolCall[], chunkSize: number): Record<string, unknown>[] {
  const deltas: Record<string, unknown>[] = [{ role: 'assistant', content: content ? '' : null, refusal: null }];
  for (const piece of split(content ?? '', chunkSize)) deltas.push({ content: piece });
  toolCalls.forEach((call, i) => {
    deltas.push({ tool_calls: [{ index: i, id: call.id, type: 'function', function: { name: call.name, arguments: '' } }] });
    for (const piece of split(call.arguments, chunkSize)) deltas.push({ tool_calls: [{ index: i, function: { arguments: piece } }] });
  });
  return deltas;
}

async function streamMessage(res: ServerResponse, reply: MessageReply, toolCalls: WireToolCall[], request: ReceivedChatRequest, index: number): Promise<void> {
  const includeUsage = (request.body.stream_options as { include_usage?: boolean } | undefined)?.include_usage === true;
  const frame = chunkFrame(request, index, includeUsage);
  startSse(res);
  const events = answerChunks(reply.content, toolCalls, reply.chunkSize ?? DEFAULT_CHUNK_SIZE).map((delta) => frame(delta, null));
  events.push(frame({}, finishReasonOf(reply, toolCalls)));
  if (includeUsage) events.push({ ...frame({}, null), choices: [], usage: usageOf(reply, toolCalls, request) });
  const lines = events.map((event) => `data: ${JSON.stringify(event)}\n\n`);
  lines.push('data: [DONE]\n\n');
  if (!reply.chunkDelayMs) {
    res.end(lines.join(''));
    return;
  }
  for (const line of lines) {
    if (!(await pause(res, reply.chunkDelayMs))) return;
    res.write(line);
  }
  res.end();
}

async function sendTruncated(
  res: ServerResponse,
  reply: Extract<ScriptedReply, { kind: 'truncated-stream' }>,
  request: ReceivedChatRequest,
  index: number,
  streamed: boolean,
): Promise<void> {
  if (streamed) {
    const frame = chunkFrame(request, index, false);
    startSse(res);
    for (const delta of answerChunks(reply.content, [], DEFAULT_CHUNK_SIZE)) res.write(`data: ${JSON.stringify(frame(delta, null))}\n\n`);
  } else {
    const full = JSON.stringify(completionBody({ kind: 'message', content: reply.content }, [], request, index));
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write(full.slice(0, Math.floor(full.length / 2)));
  }
  // Let the partial answer reach the client before the connection goes.
  await new Promise((resolve) => setTimeout(resolve, 10));
  if (reply.close === 'end') res.end();
  else res.destroy();
}

function chunkFrame(request: ReceivedChatRequest, index: number, includeUsage: boolean) {
  const created = Math.floor(Date.now() / 1000);
  return (delta: Record<string, unknown>, finishReason: string | null): Record<string, unknown> => ({
    id: `chatcmpl-${index}`,
    object: 'chat.completion.chunk',
    created,
    model: request.body.model,
    system_fingerprint: null,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
    ...(includeUsage ? { usage: null } : {}),
  });
}

function startSse(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' });
  res.flushHeaders();
}

function split(text: string, size: number): string[] {
  const pieces: string[] = [];
  const step = Math.max(1, size);
  for (let at = 0; at < text.length; at += step) pieces.push(text.slice(at, at + step));
  return pieces;
}

function errorType(status: number): string {
  if (status === 429) return 'rate_limit_error';
  if (status >= 500) return 'server_error';
  if (status === 401) return 'authentication_error';
  return 'invalid_request_error';
}

function sendError(
  res: ServerResponse,
  status: number,
  message: string,
  type: string,
  code: string | null = null,
  param: string | null = null,
  headers: Record<string, string> = {},
): void {
  sendJson(res, status, { error: { message, type, param, code } }, headers);
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function bearerKey(req: IncomingMessage): string {
  const header = req.headers.authorization ?? '';
  return header.startsWith('Bearer ') ? header.slice('Bearer '.length) : '';
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Waits `ms`; false when the client went away meanwhile (nothing more to send). */
function pause(res: ServerResponse, ms: number | undefined): Promise<boolean> {
  if (res.destroyed) return Promise.resolve(false);
  if (!ms) return Promise.resolve(true);
  return new Promise((resolve) => {
    const onClose = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      res.off('close', onClose);
      resolve(!res.destroyed);
    }, ms);
    res.once('close', onClose);
  });
}
