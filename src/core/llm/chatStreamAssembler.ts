import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import type { ChatResponse, ChatToolCall } from './chatProvider';
import { estimateTokens } from './estimateTokens';
import { toFinishReason } from './openAiWireFormat';

/**
 * Builds one answer from streamed `chat.completion.chunk`s: content pieces joined, tool calls assembled
 * by their `index` (id and name from the first delta, arguments concatenated across any number of
 * chunks), the finish reason and the final usage chunk kept.
 */
export class ChatStreamAssembler {
  private content = '';
  private sawContent = false;
  private readonly calls: ChatToolCall[] = [];
  private finishReason: string | null = null;
  private usage: { promptTokens: number; completionTokens: number } | undefined;
  private model: string | undefined;

  add(chunk: ChatCompletionChunk): void {
    if (chunk.model) this.model = chunk.model;
    if (chunk.usage) this.usage = { promptTokens: chunk.usage.prompt_tokens ?? 0, completionTokens: chunk.usage.completion_tokens ?? 0 };
    const choice = chunk.choices?.[0];
    if (!choice) return;
    const delta = choice.delta ?? {};
    if (typeof delta.content === 'string' && delta.content) {
      this.content += delta.content;
      this.sawContent = true;
    }
    for (const part of delta.tool_calls ?? []) {
      // Some servers omit `index`: a delta with a new id starts a call, one without continues the last.
      const index = typeof part.index === 'number' ? part.index : part.id || !this.calls.length ? this.calls.length : this.calls.length - 1;
      const call = (this.calls[index] ??= { id: '', name: '', arguments: '' });
      if (part.id) call.id = part.id;
      const name = part.function?.name;
      // OpenAI sends the name once; a server that repeats it is not doubled, one that splits it is joined.
      if (name && name !== call.name) call.name += name;
      if (part.function?.arguments) call.arguments += part.function.arguments;
    }
    if (choice.finish_reason) this.finishReason = choice.finish_reason;
  }

  /** True once a chunk carried a finish reason: the answer is complete. */
  get finished(): boolean {
    return this.finishReason !== null;
  }

  result(requestModel: string, promptEstimate: number): ChatResponse {
    const toolCalls = this.calls.filter(Boolean).map((call, i) => ({ ...call, id: call.id || `call_${i}` }));
    return {
      content: this.sawContent ? this.content : null,
      toolCalls,
      finishReason: toFinishReason(this.finishReason),
      usage: this.usage ?? {
        promptTokens: promptEstimate,
        completionTokens: estimateTokens(this.content + toolCalls.map((c) => c.name + c.arguments).join('')),
      },
      model: this.model || requestModel,
    };
  }
}
