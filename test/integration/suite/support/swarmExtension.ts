import * as vscode from 'vscode';
import type { SwarmExtensionApi } from '../../../../src/extension/extension';
import { recordMetric } from '../metrics';

export const EXTENSION_ID = 'swarm-dev.swarm';

/** Activates Swarm and returns what it exports for tests. */
export async function swarmApi(): Promise<SwarmExtensionApi> {
  const extension = vscode.extensions.getExtension<SwarmExtensionApi>(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not installed`);
  const api = await extension.activate();
  recordMetric('activateFunctionMs', api.activationMs);
  return api;
}

export function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the integration tests need a workspace folder');
  return folder.uri;
}

/** Polls `probe` until it returns a value other than undefined/false, or fails after `timeoutMs` with `what`. */
export async function waitFor<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The rendered tree items of a provider's top level. */
export async function topLevelItems<T>(provider: vscode.TreeDataProvider<T>): Promise<{ node: T; item: vscode.TreeItem }[]> {
  const nodes = (await provider.getChildren()) ?? [];
  return Promise.all(nodes.map(async (node) => ({ node, item: await provider.getTreeItem(node) })));
}

export async function childItems<T>(provider: vscode.TreeDataProvider<T>, parent: T): Promise<{ node: T; item: vscode.TreeItem }[]> {
  const nodes = (await provider.getChildren(parent)) ?? [];
  return Promise.all(nodes.map(async (node) => ({ node, item: await provider.getTreeItem(node) })));
}

export function labelOf(item: vscode.TreeItem): string {
  return typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
}

export function iconIdOf(item: vscode.TreeItem): string | undefined {
  return item.iconPath instanceof vscode.ThemeIcon ? item.iconPath.id : undefined;
}

export async function setSwarmSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('swarm').update(key, value, vscode.ConfigurationTarget.Workspace);
}
