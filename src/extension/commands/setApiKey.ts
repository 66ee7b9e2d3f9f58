import * as vscode from 'vscode';
import type { Cmd, Ctx } from '../ctx';
import { maskKey } from '../secrets/apiKeyStore';

/**
 * Swarm: Set API Key — stores a key in SecretStorage. With keys already stored, the user may add
 * another (rotation when one is rejected), replace them, or remove one or all.
 */
export function setApiKey(ctx: Ctx): Cmd {
  return async (keyArg?: unknown) => {
    // Keys passed as an argument (scripts, tests) skip the prompts: one key, or several in rotation order.
    if (typeof keyArg === 'string' && keyArg.trim() !== '') {
      await ctx.keys.replace(keyArg);
      return;
    }
    if (Array.isArray(keyArg) && keyArg.every((k): k is string => typeof k === 'string')) {
      await ctx.keys.replaceAll(keyArg);
      return;
    }
    const keys = await ctx.keys.keys();
    type Action = 'add' | 'replace' | 'remove' | 'clear';
    let action: Action = 'replace';
    if (keys.length > 0) {
      const picked = await vscode.window.showQuickPick<vscode.QuickPickItem & { action: Action }>(
        [
          { label: `$(add) ${vscode.l10n.t('Add another key')}`, detail: vscode.l10n.t('Several keys rotate: the next is used when one is rejected.'), action: 'add' },
          { label: `$(replace) ${vscode.l10n.t('Replace the stored keys')}`, action: 'replace' },
          { label: `$(trash) ${vscode.l10n.t('Remove one key')}`, action: 'remove' },
          { label: `$(clear-all) ${vscode.l10n.t('Remove all keys')}`, action: 'clear' },
        ],
        { title: vscode.l10n.t('Swarm API keys ({0} stored)', keys.length) },
      );
      if (!picked) return;
      action = picked.action;
    }
    if (action === 'clear') {
      await ctx.keys.clear();
      void vscode.window.showInformationMessage(vscode.l10n.t('Swarm’s API keys were removed.'));
      return;
    }
    if (action === 'remove') {
      const picked = await vscode.window.showQuickPick(
        keys.map((key, index) => ({ label: maskKey(key), description: vscode.l10n.t('key {0}', index + 1), key })),
        { title: vscode.l10n.t('Remove which key?') },
      );
      if (picked) await ctx.keys.remove(picked.key);
      return;
    }
    const key = await vscode.window.showInputBox({
      title: vscode.l10n.t('Swarm: API key for {0}', ctx.config.effectiveBaseUrl),
      prompt: vscode.l10n.t('Stored in VS Code’s secret storage; never written to a file, a log or a report.'),
      password: true,
      ignoreFocusOut: true,
      validateInput: (value) => (value.trim() === '' ? vscode.l10n.t('Enter a key') : /\s/.test(value.trim()) ? vscode.l10n.t('A key has no spaces') : undefined),
    });
    if (!key) return;
    if (action === 'add') {
      const count = await ctx.keys.add(key);
      void vscode.window.showInformationMessage(vscode.l10n.t('API key added; Swarm now rotates between {0} keys.', count));
    } else {
      await ctx.keys.replace(key);
      void vscode.window.showInformationMessage(vscode.l10n.t('API key stored.'));
    }
  };
}
