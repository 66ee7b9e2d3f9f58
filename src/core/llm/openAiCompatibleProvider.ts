import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { Stream } from 'openai/core/streaming';
import type { ChatCompletion, ChatCompletionChunk, ChatCompletionCreateParams } from 'openai/resources/chat/completions';
import { SwarmCancelledError, SwarmInputError } from '../errors';
import { ApiKeyRejectedError } from './apiKeyRejectedError';
import { ApiKeyRing } from './apiKeyRing';
import { isLoopbackUrl, missingApiKeyError, normaliseApiKeys } from './apiKeys';
import { ChatProviderError, type ChatProvider, type ChatRequest, type ChatResponse } from './chatProvider';
import { ChatStreamAssembler } from './chatStreamAssembler';
import { estimatePromptTokens } from './estimateTokens';
import { fromChatCompletion, toOpenAiMessages, toOpenAiTools } from './openAiWireFormat';
import { redactSecrets } from './redactSecrets';
import { retryAfterMsFromHeaders } from './retryAfter';

export interface OpenAiCompatibleOptions {
  /** E.g. `https://api.openai.com/v1`, `http://localhost:11434/v1`. */
  baseUrl: string;
  /** One key, or several tried in turn when the server answers 401. May be empty for a server on this machine. */
  apiKeys: readonly string[];
  /** Extra request headers (e.g. OpenRouter's `HTTP-Referer`). Never cached, logged or reported. */
  headers?: Record<string, string>;
  /** The whole call, streaming included. Default 120 s. */
  timeoutMs?: number;
  /** Default true; turned off by itself when the server refuses streaming. */
  streaming?: boolean;
}

/** Sent to a server on this machine when no key is configured; the SDK requires some key. */
const NO_KEY = 'no-key';
const VERIFY_TIMEOUT_MS = 15_000;

/**
 * Chat completions over any OpenAI-compatible endpoint through the `openai` package (OpenAI, Azure
 * OpenAI's v1 endpoint, Ollama, LM Studio, vLLM, OpenRouter). One attempt per call: the SDK's retries are
 * off and failures come out as classified `ChatProviderError`s for the one retry policy
 * (`RetryingProvider`). Key rotation on 401 happens here, since it is about which key, not when.
 */
export class OpenAiCompatibleProvider implements ChatProvider {
  readonly description: string;
  readonly baseUrl: string;
  private readonly keys: ApiKeyRing;
  private readonly clients = new Map<string, OpenAI>();
  private readonly timeoutMs: number;
  private streaming: boolean;

  constructor(private readonly options: OpenAiCompatibleOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    const keys = normaliseApiKeys(options.apiKeys);
    if (!keys.length && !isLoopbackUrl(this.baseUrl)) throw missingApiKeyError(this.baseUrl);
    this.keys = new ApiKeyRing(keys.length ? keys : [NO_KEY]);
    this.timeoutMs = options.timeoutMs ?? 120_000;
    this.streaming = options.streaming ?? true;
    this.description = `openai-compatible ${this.baseUrl}`;
  }

  async complete(request: ChatRequest): Promise<ChatResponse> {
    for (;;) {
      if (request.signal?.aborted) throw new SwarmCancelledError();
      const key = this.keys.current();
      if (key === undefined) throw this.keyRejected(401, 'every configured key was rejected earlier in this run');
      const streaming = this.streaming;
      try {
        return await this.attempt(request, key, streaming);
      } catch (error) {
        if (error instanceof APIError && (error.status === 401 || error.status === 403)) {
          if (this.keys.reject(key)) continue;
          throw this.keyRejected(error.status, detailOf(error));
        }
        if (streaming && refusesStreaming(error)) {
          this.streaming = false;
          continue;
        }
        throw this.classify(error);
      }
    }
  }

  /** Reaches the endpoint (`GET /models`) with the key: "cannot reach <url>" or "the API key was rejected" as SwarmInputError. */
  async verify(signal?: AbortSignal): Promise<void> {
    for (;;) {
      const key = this.keys.current();
      if (key === undefined) throw this.keyRejectedInput(401, 'every configured key was rejected');
      try {
        await this.client(key).models.list({ signal, timeout: VERIFY_TIMEOUT_MS, maxRetries: 0 });
        return;
      } catch (error) {
        if (signal?.aborted) throw new SwarmCancelledError();
        if (error instanceof APIError && error.status !== undefined) {
          if (error.status === 401 || error.status === 403) {
            if (this.keys.reject(key)) continue;
            throw this.keyRejectedInput(error.status, detailOf(error));
          }
          // Reachable and the key not refused; a server without /models (404) is fine.
          return;
        }
        const reason = error instanceof APIConnectionTimeoutError ? `no answer within ${VERIFY_TIMEOUT_MS / 1000} s` : networkReason(error);
        throw new SwarmInputError(
          this.redact(
            `cannot reach ${this.baseUrl} (${reason}): check the base URL (--base-url, OPENAI_BASE_URL or "baseUrl" in .swarm/swarm.json) ` +
              'and that the server is running; to try Swarm offline, run `swarm run --demo`',
          ),
        );
      }
    }
  }

  private async attempt(request: ChatRequest, key: string, streaming: boolean): Promise<ChatResponse> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.timeoutMs);
    const cancel = () => controller.abort();
    request.signal?.addEventListener('abort', cancel, { once: true });
    const promptEstimate = estimatePromptTokens(request);
    try {
      const response = await this.client(key)
        .chat.completions.create(this.body(request, streaming), { signal: controller.signal })
        .asResponse();
      const type = response.headers.get('content-type') ?? '';
      if (streaming && type.includes('text/event-stream')) {
        const assembler = new ChatStreamAssembler();
        for await (const chunk of Stream.fromSSEResponse<ChatCompletionChunk>(response, controller)) assembler.add(chunk);
        // The SDK ends the iteration quietly when aborted: find out why.
        if (controller.signal.aborted) throw new APIUserAbortError();
        if (!assembler.finished) {
          throw new ChatProviderError(`the answer from ${this.baseUrl} was cut off: the stream ended before the model finished`, undefined, true);
        }
        return assembler.result(request.model, promptEstimate);
      }
      const answer = fromChatCompletion((await response.json()) as ChatCompletion, request.model, promptEstimate);
      if (!answer) throw new ChatProviderError(`the answer from ${this.baseUrl} has no choices`, undefined, true);
      return answer;
    } catch (error) {
      if (request.signal?.aborted) throw new SwarmCancelledError();
      if (timedOut) throw new ChatProviderError(`no complete answer from ${this.baseUrl} within ${this.timeoutMs} ms`, undefined, true);
      throw error;
    } finally {
      clearTimeout(timer);
      request.signal?.removeEventListener('abort', cancel);
    }
  }

  private body(request: ChatRequest, streaming: boolean): ChatCompletionCreateParams {
    return {
      model: request.model,
      messages: toOpenAiMessages(request.messages),
      ...(request.tools.length ? { tools: toOpenAiTools(request.tools) } : {}),
      ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
      ...(request.maxTokens !== undefined ? { max_tokens: request.maxTokens } : {}),
      ...(streaming ? { stream: true, stream_options: { include_usage: true } } : {}),
    };
  }

  private client(key: string): OpenAI {
    let client = this.clients.get(key);
    if (!client) {
      client = new OpenAI({
        apiKey: key,
        baseURL: this.baseUrl,
        // Azure OpenAI's v1 endpoint reads the key from `api-key`; the bearer header alone is refused there.
        defaultHeaders: isAzureUrl(this.baseUrl) ? { 'api-key': key, ...this.options.headers } : this.options.headers,
        maxRetries: 0,
        // Our own timer covers the whole call, streaming included; the SDK's only covers the headers.
        timeout: this.timeoutMs + 5_000,
      });
      this.clients.set(key, client);
    }
    return client;
  }

  /** Every failure as a `ChatProviderError` that says whether another attempt may help, with no key in it. */
  private classify(error: unknown): Error {
    if (error instanceof SwarmCancelledError) return error;
    if (error instanceof ChatProviderError) return new ChatProviderError(this.redact(error.message), error.status, error.retryable, error.retryAfterMs);
    if (error instanceof APIConnectionTimeoutError) {
      return new ChatProviderError(`no answer from ${this.baseUrl} within ${this.timeoutMs} ms`, undefined, true);
    }
    if (error instanceof APIConnectionError) {
      const reason = networkReason(error);
      const unreachable = /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|ETIMEDOUT|UND_ERR_CONNECT_TIMEOUT)$/.test(reason);
      const message = unreachable ? `cannot reach ${this.baseUrl} (${reason})` : `the connection to ${this.baseUrl} closed before an answer (${reason})`;
      return new ChatProviderError(this.redact(message), undefined, true);
    }
    if (error instanceof APIError) {
      const status = error.status;
      if (status === undefined) {
        // An error event inside a stream.
        return new ChatProviderError(this.redact(`${this.baseUrl} reported an error during the answer: ${detailOf(error)}`), undefined, true);
      }
      const retryable = status === 408 || status === 409 || status === 429 || status >= 500;
      return new ChatProviderError(
        this.redact(`${this.baseUrl} answered ${status}: ${detailOf(error)}`),
        status,
        retryable,
        retryAfterMsFromHeaders(error.headers),
      );
    }
    if (error instanceof SyntaxError) {
      return new ChatProviderError(this.redact(`the answer from ${this.baseUrl} is not valid JSON (it was probably cut off): ${error.message}`), undefined, true);
    }
    return new ChatProviderError(
      this.redact(`the connection to ${this.baseUrl} broke off during the answer (${networkReason(error)})`),
      undefined,
      true,
    );
  }

  private keyRejected(status: number, detail: string): ApiKeyRejectedError {
    return new ApiKeyRejectedError(
      this.redact(
        `the API key was rejected by ${this.baseUrl} (${status}: ${detail}); ` +
          'set a valid key in OPENAI_API_KEY / SWARM_API_KEY (or "Swarm: Set API Key" in VS Code)',
      ),
      status,
    );
  }

  private keyRejectedInput(status: number, detail: string): SwarmInputError {
    return new SwarmInputError(this.keyRejected(status, detail).message);
  }

  private redact(text: string): string {
    return redactSecrets(text, this.keys.all);
  }
}

function detailOf(error: APIError): string {
  const body = error.error as { message?: unknown } | undefined;
  return typeof body?.message === 'string' ? body.message : error.message;
}

function isAzureUrl(url: string): boolean {
  try {
    return /\.(openai\.azure\.com|cognitiveservices\.azure\.com|services\.ai\.azure\.com)$/.test(new URL(url).hostname);
  } catch {
    return false;
  }
}

/** A refusal of `stream` / `stream_options` by a server that cannot stream. */
function refusesStreaming(error: unknown): boolean {
  return (
    error instanceof APIError &&
    error.status !== undefined &&
    [400, 404, 405, 415, 422, 501].includes(error.status) &&
    /stream/i.test(`${detailOf(error)} ${String(error.param ?? '')}`)
  );
}

/** The most specific reason in an error's cause chain, e.g. `ECONNREFUSED`. */
function networkReason(error: unknown): string {
  let current: unknown = error;
  let message = '';
  for (let depth = 0; current && depth < 5; depth++) {
    const { code, message: text, cause } = current as { code?: unknown; message?: unknown; cause?: unknown };
    if (typeof code === 'string' && code) return code;
    if (typeof text === 'string' && text) message = text;
    current = cause;
  }
  return message || 'connection error';
}
