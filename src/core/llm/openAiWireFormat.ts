import type {
  ChatCompletion,
  ChatCompletionFunctionTool,
  ChatCompletionMessageParam,
} from 'openai/resources/chat/completions';
import type { ChatMessage, ChatResponse, ChatToolDefinition, FinishReason } from './chatProvider';
import { estimateTokens } from './estimateTokens';

/** Converts between Swarm's chat types and the OpenAI chat-completions wire format. */
export function toOpenAiMessages(messages: readonly ChatMessage[]): ChatCompletionMessageParam[] {
  return messages.map((message): ChatCompletionMessageParam => {
    switch (message.role) {
      case 'system':
      case 'user':
        return { role: message.role, content: message.content };
      case 'tool':
        return { role: 'tool', tool_call_id: message.toolCallId, content: message.content };
      case 'assistant':
        return message.toolCalls?.length
          ? {
              role: 'assistant',
              content: message.content,
              tool_calls: message.toolCalls.map((call) => ({ id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments } })),
            }
          : { role: 'assistant', content: message.content ?? '' };
    }
  });
}

export function toOpenAiTools(tools: readonly ChatToolDefinition[]): ChatCompletionFunctionTool[] {
  return tools.map((tool) => ({ type: 'function', function: { name: tool.name, description: tool.description, parameters: tool.parameters } }));
}

export function toFinishReason(reason: string | null | undefined): FinishReason {
  switch (reason) {
    case 'stop':
    case 'tool_calls':
    case 'length':
    case 'content_filter':
      return reason;
    default:
      return 'other';
  }
}

/**
 * A non-streamed answer. Tool-call arguments stay exactly as sent (the agent loop deals with malformed
 * ones); a server that reports no usage gets an estimate so cost and pacing still see the call.
 */
export function fromChatCompletion(completion: ChatCompletion, requestModel: string, promptEstimate: number): ChatResponse | undefined {
  const choice = completion.choices?.[0];
  if (!choice?.message) return undefined;
  const content = choice.message.content ?? null;
  const toolCalls = (choice.message.tool_calls ?? []).flatMap((call) =>
    call.type === 'function' || 'function' in call
      ? [{ id: call.id, name: (call as { function: { name: string } }).function.name, arguments: (call as { function: { arguments?: string } }).function.arguments ?? '' }]
      : [],
  );
  return {
    content,
    toolCalls,
    finishReason: toFinishReason(choice.finish_reason),
    usage: completion.usage
      ? { promptTokens: completion.usage.prompt_tokens ?? 0, completionTokens: completion.usage.completion_tokens ?? 0 }
      : { promptTokens: promptEstimate, completionTokens: estimateTokens((content ?? '') + toolCalls.map((c) => c.name + c.arguments).join('')) },
    model: completion.model || requestModel,
  };
}
