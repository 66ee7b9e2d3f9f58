import * as vscode from 'vscode';
import { SwarmCancelledError } from '../../core/errors';
import { ChatProviderError, type ChatProvider, type ChatRequest, type ChatResponse } from '../../core/llm/chatProvider';
import {
  fromLanguageModelError,
  LanguageModelAnswerAssembler,
  toLanguageModelMessages,
  toLanguageModelTools,
  type LanguageModelMessage,
  type LanguageModelPart,
} from '../../core/llm/languageModelConversion';

/**
 * The engine's `ChatProvider` over VS Code's Language Model API (`vscode.lm`): a user with GitHub
 * Copilot, or any extension that provides chat models, runs Swarm with no API key. Core converts the
 * messages to a neutral mirror of the API; this class maps that one-to-one onto the `vscode` classes,
 * tool calls through `LanguageModelToolCallPart` / `LanguageModelToolResultPart`.
 */
export class VscodeLmProvider implements ChatProvider {
  private readonly models = new Map<string, vscode.LanguageModelChat>();
  private lastModel: vscode.LanguageModelChat | undefined;

  constructor(
    /** From the settings `swarm.languageModel.vendor` / `.family`; empty matches any model. */
    private readonly selector: vscode.LanguageModelChatSelector,
    private readonly access?: vscode.LanguageModelAccessInformation,
  ) {}

  get description(): string {
    const model = this.lastModel;
    return model ? `vscode-lm ${model.vendor}/${model.id}` : `vscode-lm ${describeSelector(this.selector)}`;
  }

  /** The chat models the selector matches right now (none when no provider extension offers one). */
  static async availableModels(selector: vscode.LanguageModelChatSelector): Promise<vscode.LanguageModelChat[]> {
    try {
      return await vscode.lm.selectChatModels(selector);
    } catch {
      return [];
    }
  }

  /** A model is there, and the user has not refused Swarm access to it. Consent itself is asked on the first request. */
  async verify(signal?: AbortSignal): Promise<void> {
    throwIfAborted(signal);
    const model = await this.select(undefined);
    if (this.access?.canSendRequest(model) === false) {
      throw fromLanguageModelError(vscode.LanguageModelError.NoPermissions.name, 'access was refused earlier', model.name);
    }
  }

  async complete(request: ChatRequest): Promise<ChatResponse> {
    throwIfAborted(request.signal);
    const model = await this.select(request.model);
    const cancellation = new vscode.CancellationTokenSource();
    const onAbort = (): void => cancellation.cancel();
    request.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const messages = toLanguageModelMessages(request.messages).map(toVscodeMessage);
      const response = await model.sendRequest(
        messages,
        {
          justification: vscode.l10n.t('Swarm’s agents use the model to implement the requirements of your workspace.'),
          tools: toLanguageModelTools(request.tools),
          toolMode: vscode.LanguageModelChatToolMode.Auto,
        },
        cancellation.token,
      );
      const answer = new LanguageModelAnswerAssembler();
      let output = '';
      for await (const part of response.stream) {
        throwIfAborted(request.signal);
        if (part instanceof vscode.LanguageModelTextPart) {
          answer.addText(part.value);
          output += part.value;
        } else if (part instanceof vscode.LanguageModelToolCallPart) {
          answer.addToolCall(part.callId, part.name, part.input);
          output += part.name + JSON.stringify(part.input ?? {});
        }
      }
      throwIfAborted(request.signal);
      return answer.result(model.id, await countTokens(model, messages, output, cancellation.token));
    } catch (error) {
      throwIfAborted(request.signal);
      if (error instanceof ChatProviderError || error instanceof SwarmCancelledError) throw error;
      if (error instanceof vscode.LanguageModelError) {
        const cause = error.cause instanceof Error ? error.cause.message : error.message;
        throw fromLanguageModelError(error.code, cause, model.name);
      }
      throw fromLanguageModelError('Unknown', error instanceof Error ? error.message : String(error), model.name);
    } finally {
      request.signal?.removeEventListener('abort', onAbort);
      cancellation.dispose();
    }
  }

  /**
   * The configured selector decides; when it names no family, the engine's model name is tried as a
   * family and as an id first, so `swarm.model` can pick among the vendor's models.
   */
  private async select(requested: string | undefined): Promise<vscode.LanguageModelChat> {
    const cacheKey = requested ?? '';
    const cached = this.models.get(cacheKey);
    if (cached) return (this.lastModel = cached);
    const attempts: vscode.LanguageModelChatSelector[] = [];
    if (requested && !this.selector.family && !this.selector.id) {
      attempts.push({ ...this.selector, family: requested }, { ...this.selector, id: requested });
    }
    attempts.push(this.selector);
    for (const selector of attempts) {
      const [model] = await VscodeLmProvider.availableModels(selector);
      if (model) {
        this.models.set(cacheKey, model);
        return (this.lastModel = model);
      }
    }
    throw new ChatProviderError(
      vscode.l10n.t(
        'No VS Code language model matches {0}. Install and sign in to a model provider (for example GitHub Copilot), change the settings swarm.languageModel.*, or set a key with “Swarm: Set API Key”.',
        describeSelector(this.selector),
      ),
      404,
      false,
    );
  }
}

function toVscodeMessage(message: LanguageModelMessage): vscode.LanguageModelChatMessage {
  const parts = message.parts.map(toVscodePart);
  return new vscode.LanguageModelChatMessage(
    message.role === 'user' ? vscode.LanguageModelChatMessageRole.User : vscode.LanguageModelChatMessageRole.Assistant,
    parts,
  );
}

function toVscodePart(part: LanguageModelPart): vscode.LanguageModelInputPart {
  switch (part.kind) {
    case 'text':
      return new vscode.LanguageModelTextPart(part.text);
    case 'toolCall':
      return new vscode.LanguageModelToolCallPart(part.callId, part.name, part.input);
    case 'toolResult':
      return new vscode.LanguageModelToolResultPart(part.callId, [new vscode.LanguageModelTextPart(part.text)]);
  }
}

/** The API reports no usage; the model's tokenizer counts it, or the assembler estimates. */
async function countTokens(
  model: vscode.LanguageModelChat,
  messages: vscode.LanguageModelChatMessage[],
  output: string,
  token: vscode.CancellationToken,
): Promise<{ promptTokens: number; completionTokens?: number }> {
  try {
    const prompt = await Promise.all(messages.map((m) => model.countTokens(m, token)));
    return { promptTokens: prompt.reduce((a, b) => a + b, 0), completionTokens: output ? await model.countTokens(output, token) : 0 };
  } catch {
    const chars = messages.reduce((sum, m) => sum + m.content.reduce((n, p) => n + (p instanceof vscode.LanguageModelTextPart ? p.value.length : JSON.stringify(p).length), 0), 0);
    return { promptTokens: Math.ceil(chars / 4) };
  }
}

/** As the OpenAI-compatible provider does: a cancelled run stops at once and is never retried. */
function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new SwarmCancelledError();
}

function describeSelector(selector: vscode.LanguageModelChatSelector): string {
  const parts = Object.entries(selector).filter(([, v]) => v !== undefined && v !== '');
  return parts.length > 0 ? parts.map(([k, v]) => `${k} “${String(v)}”`).join(', ') : vscode.l10n.t('any model');
}
