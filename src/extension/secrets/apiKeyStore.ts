import * as vscode from 'vscode';

const SECRET_KEY = 'swarm.apiKeys';

/**
 * API keys in VS Code's SecretStorage. Several keys may be kept: the engine tries the next one when a
 * key is rejected (401). Keys never go to settings, files, logs or reports.
 */
export class ApiKeyStore {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly secrets: vscode.SecretStorage) {}

  /** Listens for changes made in another window of the same profile. */
  watch(): vscode.Disposable {
    const subscription = this.secrets.onDidChange((e) => {
      if (e.key === SECRET_KEY) this.changed.fire();
    });
    return vscode.Disposable.from(subscription, this.changed);
  }

  async keys(): Promise<string[]> {
    const raw = await this.secrets.get(SECRET_KEY);
    if (!raw) return [];
    try {
      const parsed: unknown = JSON.parse(raw);
      return Array.isArray(parsed) ? parsed.filter((k): k is string => typeof k === 'string' && k.trim() !== '') : [];
    } catch {
      return [];
    }
  }

  async add(key: string): Promise<number> {
    const keys = await this.keys();
    const trimmed = key.trim();
    if (!keys.includes(trimmed)) keys.push(trimmed);
    await this.store(keys);
    return keys.length;
  }

  async replace(key: string): Promise<void> {
    await this.store([key.trim()]);
  }

  /** Several keys, in the order they are tried; an empty list removes them all. */
  async replaceAll(keys: string[]): Promise<void> {
    await this.store([...new Set(keys.map((k) => k.trim()).filter(Boolean))]);
  }

  async remove(key: string): Promise<void> {
    await this.store((await this.keys()).filter((k) => k !== key));
  }

  async clear(): Promise<void> {
    await this.secrets.delete(SECRET_KEY);
    this.changed.fire();
  }

  private async store(keys: string[]): Promise<void> {
    if (keys.length === 0) await this.secrets.delete(SECRET_KEY);
    else await this.secrets.store(SECRET_KEY, JSON.stringify(keys));
    this.changed.fire();
  }
}

/** Shows enough of a key to tell keys apart, never the key. */
export function maskKey(key: string): string {
  return key.length <= 8 ? '••••' : `${key.slice(0, 3)}…${key.slice(-4)}`;
}
