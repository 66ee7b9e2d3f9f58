/**
 * The one interface the engine uses to talk to a model. Implemented over the OpenAI-compatible API in
 * core and over VS Code's Language Model API in src/extension.
 */
export interface ChatToolDefinition {
  name: string;
  description: string;
  /** JSON Schema of the arguments. */
  parameters: Record<string, unknown>;
}

export interface ChatToolCall {
  id: string;
  name: string;
  /** Raw JSON text as the model sent it; may be malformed. */
  arguments: string;
}

export type ChatMessage =
  | { role: 'system'; content: string }
  | { role: 'user'; content: string }
  | { role: 'assistant'; content: string | null; toolCalls?: ChatToolCall[] }
  | { role: 'tool'; toolCallId: string; content: string };

export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  tools: ChatToolDefinition[];
  temperature?: number;
  maxTokens?: number;
  signal?: AbortSignal;
  /** Who is asking: carried into the `llm:call` / `llm:error` events; never sent to the model. */
  context?: { taskId?: string; agent?: string };
}

export type FinishReason = 'stop' | 'tool_calls' | 'length' | 'content_filter' | 'other';

export interface ChatResponse {
  content: string | null;
  toolCalls: ChatToolCall[];
  finishReason: FinishReason;
  usage: { promptTokens: number; completionTokens: number };
  model: string;
  /** True when the answer came from the response cache. */
  cached?: boolean;
}

export interface ChatProvider {
  /** Shown in logs and the report, e.g. `openai-compatible https://api.openai.com/v1`. */
  readonly description: string;
  complete(request: ChatRequest): Promise<ChatResponse>;
  /** Checks the endpoint answers and the key is accepted, before any agent starts. */
  verify?(signal?: AbortSignal): Promise<void>;
}

/** A failure talking to the model, classified for the retry policy. */
export class ChatProviderError extends Error {
  constructor(
    message: string,
    readonly status: number | undefined,
    readonly retryable: boolean,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'ChatProviderError';
  }
}
