import { ApiKeyRejectedError } from './apiKeyRejectedError';
import { ChatProviderError, type ChatMessage, type ChatResponse, type ChatToolCall, type ChatToolDefinition } from './chatProvider';
import { estimateTokens } from './estimateTokens';

/**
 * The core half of the VS Code Language Model adapter (`vscode.lm`): Swarm's chat types to and from a
 * neutral mirror of `LanguageModelChatMessage` / `LanguageModelTextPart` / `LanguageModelToolCallPart` /
 * `LanguageModelToolResultPart`, so src/extension only maps these one-to-one onto the `vscode` classes.
 */
export type LanguageModelPart =
  | { kind: 'text'; text: string }
  | { kind: 'toolCall'; callId: string; name: string; input: Record<string, unknown> }
  | { kind: 'toolResult'; callId: string; text: string };

export interface LanguageModelMessage {
  /** `vscode.LanguageModelChatMessageRole.User` / `.Assistant`; the API has no system role. */
  role: 'user' | 'assistant';
  parts: LanguageModelPart[];
}

export interface LanguageModelTool {
  name: string;
  description: string;
  inputSchema: Record<string, unknown>;
}

/**
 * System text goes first as user text (the API has no system role); tool results go in a user message
 * after the assistant's tool calls; messages of the same role in a row are merged.
 */
export function toLanguageModelMessages(messages: readonly ChatMessage[]): LanguageModelMessage[] {
  const out: LanguageModelMessage[] = [];
  const push = (role: LanguageModelMessage['role'], parts: LanguageModelPart[]) => {
    if (!parts.length) return;
    const last = out[out.length - 1];
    if (last && last.role === role) last.parts.push(...parts);
    else out.push({ role, parts });
  };
  for (const message of messages) {
    switch (message.role) {
      case 'system':
      case 'user':
        push('user', [{ kind: 'text', text: message.content }]);
        break;
      case 'tool':
        push('user', [{ kind: 'toolResult', callId: message.toolCallId, text: message.content }]);
        break;
      case 'assistant':
        push('assistant', [
          ...(message.content ? [{ kind: 'text' as const, text: message.content }] : []),
          ...(message.toolCalls ?? []).map((call) => ({ kind: 'toolCall' as const, callId: call.id, name: call.name, input: argumentsAsObject(call.arguments) })),
        ]);
        break;
    }
  }
  return out;
}

export function toLanguageModelTools(tools: readonly ChatToolDefinition[]): LanguageModelTool[] {
  return tools.map((tool) => ({ name: tool.name, description: tool.description, inputSchema: tool.parameters }));
}

/** The API wants an object; arguments the model sent malformed earlier are kept as text inside one. */
function argumentsAsObject(text: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // fall through
  }
  return { unparsedArguments: text };
}

/** Collects the parts of `response.stream` into one answer. */
export class LanguageModelAnswerAssembler {
  private text = '';
  private readonly calls: ChatToolCall[] = [];

  addText(text: string): void {
    this.text += text;
  }

  addToolCall(callId: string, name: string, input: unknown): void {
    this.calls.push({ id: callId || `call_${this.calls.length}`, name, arguments: JSON.stringify(input ?? {}) });
  }

  /** The API reports no usage: pass `countTokens` results when you have them, else both are estimated. */
  result(model: string, usage: { promptTokens: number; completionTokens?: number }): ChatResponse {
    return {
      content: this.text || null,
      toolCalls: this.calls,
      finishReason: this.calls.length ? 'tool_calls' : 'stop',
      usage: {
        promptTokens: usage.promptTokens,
        completionTokens: usage.completionTokens ?? estimateTokens(this.text + this.calls.map((c) => c.name + c.arguments).join('')),
      },
      model,
    };
  }
}

/**
 * `vscode.LanguageModelError` by its `code` (`NoPermissions`, `Blocked`, `NotFound`, or another) as a
 * classified provider error with a message that says what to do.
 */
export function fromLanguageModelError(code: string, message: string, modelName: string): ChatProviderError {
  switch (code) {
    case 'NoPermissions':
      return new ApiKeyRejectedError(
        `Swarm may not use the language model "${modelName}": allow it when VS Code asks (or in the Accounts menu under "Manage Language Model Access"), or set an API key with "Swarm: Set API Key" (${message})`,
        403,
      );
    case 'Blocked':
      return new ChatProviderError(`the language model "${modelName}" refused the request for now (quota or rate limit): ${message}`, 429, true, 60_000);
    case 'NotFound':
      return new ChatProviderError(`the language model "${modelName}" is no longer available: ${message}`, 404, false);
    default:
      return new ChatProviderError(`the language model "${modelName}" failed: ${message}`, undefined, true);
  }
}
