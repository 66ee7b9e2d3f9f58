import { readFile } from 'node:fs/promises';
import * as vscode from 'vscode';

/**
 * Brings the active editor up to date when a task rewrote its file and it has no unsaved changes.
 * Agents write by renaming a finished temporary file over the old one, and VS Code does not always
 * reload an open editor after that (in code-server 4.139, 4 of 14 runs of the retry integration test
 * left the open, unmodified editor on the old text for good), so the user would look at, and the
 * language server would diagnose, code that is no longer there. Reverting an unmodified editor loses
 * nothing: it reloads the file from disk.
 */
export async function reloadRewrittenEditor(paths: readonly string[]): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  const document = editor?.document;
  if (!document || document.isDirty || document.uri.scheme !== 'file' || !paths.includes(document.uri.fsPath)) return;
  const onDisk = await readFile(document.uri.fsPath, 'utf8').catch(() => undefined);
  if (onDisk === undefined || onDisk === document.getText() || document.isDirty || vscode.window.activeTextEditor !== editor) return;
  await vscode.commands.executeCommand('workbench.action.files.revert');
}
