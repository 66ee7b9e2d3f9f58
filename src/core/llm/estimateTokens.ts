import type { ChatRequest } from './chatProvider';

/** A rough count (about four characters a token) for pacing before a call and for servers that report no usage. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** Prompt tokens of a request by the same rule: messages and tool definitions as sent. */
export function estimatePromptTokens(request: Pick<ChatRequest, 'messages' | 'tools'>): number {
  let chars = 0;
  for (const message of request.messages) {
    chars += (message.content ?? '').length + 8;
    if (message.role === 'assistant') for (const call of message.toolCalls ?? []) chars += call.name.length + call.arguments.length + 8;
  }
  for (const tool of request.tools) chars += tool.name.length + tool.description.length + JSON.stringify(tool.parameters).length;
  return Math.ceil(chars / 4);
}
