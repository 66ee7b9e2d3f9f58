import type { ChatProvider, ChatRequest, ChatResponse, ChatToolCall, FinishReason } from '../../../src/core/llm/chatProvider';

/**
 * A test double of the provider (not the part under test): answers each `complete` with the next
 * scripted reply and keeps a copy of every request, so tests can see what the model was told.
 */
export class ScriptedChatProvider implements ChatProvider {
  readonly description = 'scripted test provider';
  readonly requests: ChatRequest[] = [];
  private next = 0;

  constructor(private readonly replies: (ChatResponse | ((request: ChatRequest) => ChatResponse | Promise<ChatResponse>))[]) {}

  async complete(request: ChatRequest): Promise<ChatResponse> {
    this.requests.push(structuredClone({ ...request, signal: undefined }));
    const reply = this.replies[this.next++];
    if (!reply) throw new Error(`the script has no reply number ${this.next}`);
    return typeof reply === 'function' ? reply(request) : reply;
  }

  /** The tool results (role `tool`) the model was shown in request `index`, after the last assistant message. */
  toolResults(index: number): string[] {
    const messages = this.requests[index]?.messages ?? [];
    const lastAssistant = messages.map((m) => m.role).lastIndexOf('assistant');
    return messages.slice(lastAssistant + 1).flatMap((m) => (m.role === 'tool' || m.role === 'user' ? [m.content] : []));
  }
}

let callId = 0;

/** A reply with tool calls; `args` objects are sent as JSON, strings as they are (to send broken JSON). */
export function toolReply(calls: [name: string, args: Record<string, unknown> | string][], finishReason: FinishReason = 'tool_calls'): ChatResponse {
  return {
    content: null,
    toolCalls: calls.map(([name, args]): ChatToolCall => ({ id: `call_${++callId}`, name, arguments: typeof args === 'string' ? args : JSON.stringify(args) })),
    finishReason,
    usage: { promptTokens: 100, completionTokens: 20 },
    model: 'test-model',
  };
}

export function textReply(content: string, finishReason: FinishReason = 'stop'): ChatResponse {
  return { content, toolCalls: [], finishReason, usage: { promptTokens: 100, completionTokens: 20 }, model: 'test-model' };
}
