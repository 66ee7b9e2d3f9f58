import * as vscode from 'vscode';
import type { ConfigOverrides } from '../core/config/loadConfig';

export type ProviderChoice = 'auto' | 'openai-compatible' | 'vscode-lm';

const PROVIDERS: readonly ProviderChoice[] = ['auto', 'openai-compatible', 'vscode-lm'];
const DEFAULT_BASE_URL = 'https://api.openai.com/v1';

/**
 * The `swarm.*` settings, typed. A setting maps onto the engine's configuration only when the user set
 * it (at any scope): otherwise `.swarm/swarm.json` and the engine's defaults decide.
 */
export class Config {
  static readonly section = 'swarm';

  private constructor(private readonly scope: vscode.ConfigurationScope | undefined) {}

  static for(scope?: vscode.ConfigurationScope): Config {
    return new Config(scope);
  }

  private get settings(): vscode.WorkspaceConfiguration {
    return vscode.workspace.getConfiguration(Config.section, this.scope);
  }

  /** The value the user set at the most specific scope, or undefined when only the default applies. */
  private explicit<T>(key: string): T | undefined {
    const inspected = this.settings.inspect<T>(key);
    return inspected?.workspaceFolderValue ?? inspected?.workspaceValue ?? inspected?.globalValue;
  }

  get provider(): ProviderChoice {
    const value = this.settings.get<string>('provider', 'auto');
    return (PROVIDERS as readonly string[]).includes(value) ? (value as ProviderChoice) : 'auto';
  }

  get model(): string | undefined {
    return nonEmpty(this.explicit<string>('model'));
  }

  get baseUrl(): string | undefined {
    return nonEmpty(this.explicit<string>('baseUrl'));
  }

  /** The endpoint a run will use when nothing in `.swarm/swarm.json` says otherwise. */
  get effectiveBaseUrl(): string {
    return this.baseUrl ?? this.settings.get<string>('baseUrl', DEFAULT_BASE_URL);
  }

  get concurrency(): number | undefined {
    const value = this.explicit<number>('concurrency');
    return typeof value === 'number' && Number.isInteger(value) && value >= 1 ? value : undefined;
  }

  get requirementsFile(): string | undefined {
    return nonEmpty(this.explicit<string>('requirementsFile'));
  }

  get languageModelSelector(): vscode.LanguageModelChatSelector {
    const vendor = nonEmpty(this.settings.get<string>('languageModel.vendor'));
    const family = nonEmpty(this.settings.get<string>('languageModel.family'));
    return { ...(vendor && { vendor }), ...(family && { family }) };
  }

  /** SPEC §7: settings map onto the same fields as `.swarm/swarm.json`, over it. */
  toOverrides(): ConfigOverrides {
    const overrides: ConfigOverrides = {};
    if (this.model) overrides.model = this.model;
    if (this.baseUrl) overrides.baseUrl = this.baseUrl;
    if (this.concurrency) overrides.concurrency = this.concurrency;
    if (this.requirementsFile) overrides.requirementsFile = this.requirementsFile;
    return overrides;
  }

  static affectsRun(event: vscode.ConfigurationChangeEvent): boolean {
    return ['model', 'baseUrl', 'concurrency', 'requirementsFile', 'provider'].some((key) => event.affectsConfiguration(`${Config.section}.${key}`));
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}
