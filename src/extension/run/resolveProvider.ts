import * as vscode from 'vscode';
import { apiKeysFromEnv, isLoopbackUrl, normaliseApiKeys } from '../../core/llm/apiKeys';
import type { Ctx } from '../ctx';
import { VscodeLmProvider } from '../lm/vscodeLmProvider';

/** How a run reaches a model: the engine's OpenAI-compatible client with these keys, or VS Code's models. */
export type ProviderResolution =
  | { kind: 'openai-compatible'; apiKeys: string[]; baseUrl: string }
  | { kind: 'vscode-lm'; provider: VscodeLmProvider };

/** Neither a usable key (or local endpoint) nor a VS Code language model: offer to set a key or run the demo. */
export class NoModelAccessError extends Error {
  constructor(
    message: string,
    readonly baseUrl: string,
  ) {
    super(message);
    this.name = 'NoModelAccessError';
  }
}

/**
 * `swarm.provider`: `openai-compatible` needs a key unless the endpoint is on this machine;
 * `vscode-lm` needs a chat model from a provider extension; `auto` takes the endpoint when it has a
 * key or is local, else VS Code's models.
 */
export async function resolveProvider(ctx: Ctx, workspace: string): Promise<ProviderResolution> {
  const config = ctx.config;
  const engineConfig = await ctx.engine.loadConfig(workspace, config.toOverrides());
  const baseUrl = engineConfig.baseUrl;
  // Keys from the environment too, for a VS Code started from a shell that has them.
  const apiKeys = normaliseApiKeys([...(await ctx.keys.keys()), ...apiKeysFromEnv(process.env)]);
  const endpointUsable = apiKeys.length > 0 || isLoopbackUrl(baseUrl);
  const choice = config.provider;

  if (choice === 'openai-compatible' || (choice === 'auto' && endpointUsable)) {
    if (!endpointUsable) {
      throw new NoModelAccessError(vscode.l10n.t('No API key is set for {0}. Set one to run the swarm, or run the offline demo, which needs none.', baseUrl), baseUrl);
    }
    return { kind: 'openai-compatible', apiKeys, baseUrl };
  }

  const selector = config.languageModelSelector;
  const models = await VscodeLmProvider.availableModels(selector);
  if (models.length === 0) {
    throw new NoModelAccessError(
      choice === 'vscode-lm'
        ? vscode.l10n.t('VS Code has no language model to offer (setting swarm.provider is “vscode-lm”). Install and sign in to a model provider such as GitHub Copilot, set an API key for an OpenAI-compatible endpoint, or run the offline demo.')
        : vscode.l10n.t('No API key is set for {0} and VS Code has no language model to offer. Set a key, or run the offline demo, which needs none.', baseUrl),
      baseUrl,
    );
  }
  const provider = new VscodeLmProvider(selector, ctx.extensionContext.languageModelAccessInformation);
  // Picks the model now: the run is described with it, and a refused access stops before any agent.
  await provider.verify();
  return { kind: 'vscode-lm', provider };
}
