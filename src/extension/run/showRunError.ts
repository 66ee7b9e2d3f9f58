import * as path from 'node:path';
import * as vscode from 'vscode';
import { SwarmCancelledError, SwarmInputError, errorMessage } from '../../core/errors';
import type { Ctx } from '../ctx';
import { MissingRequirementsError } from './missingRequirementsError';
import { NoModelAccessError } from './resolveProvider';

/**
 * Turns a failed start or run into a notification whose buttons fix it: set a key, run the demo, open
 * the settings, or open the faulty file at its line.
 */
export async function showRunError(ctx: Ctx, error: unknown, workspace: string | undefined): Promise<void> {
  const setKey = vscode.l10n.t('Set API Key');
  const runDemo = vscode.l10n.t('Run Demo');
  const openSettings = vscode.l10n.t('Open Settings');
  const showOutput = vscode.l10n.t('Show Output');
  const resume = vscode.l10n.t('Resume Run');

  if (error instanceof SwarmCancelledError) {
    ctx.log.info(error.message);
    const choice = await vscode.window.showInformationMessage(vscode.l10n.t('The run was cancelled. What was already accepted is kept; resume it to continue.'), resume);
    if (choice === resume) await vscode.commands.executeCommand('swarm.resume');
    return;
  }

  if (error instanceof MissingRequirementsError) {
    ctx.log.warn(error.message);
    const create = vscode.l10n.t('Create {0}', path.basename(error.file));
    const choice = await vscode.window.showWarningMessage(error.message, create, runDemo, openSettings);
    if (choice === create) await vscode.commands.executeCommand('swarm.createRequirements');
    else if (choice === runDemo) await vscode.commands.executeCommand('swarm.runDemo');
    else if (choice === openSettings) await vscode.commands.executeCommand('workbench.action.openSettings', 'swarm.requirementsFile');
    return;
  }

  if (error instanceof NoModelAccessError || (error instanceof SwarmInputError && /\bAPI key\b/i.test(error.message))) {
    ctx.log.warn(error.message);
    const choice = await vscode.window.showWarningMessage(error.message, setKey, runDemo, openSettings);
    if (choice === setKey) await vscode.commands.executeCommand('swarm.setApiKey');
    else if (choice === runDemo) await vscode.commands.executeCommand('swarm.runDemo');
    else if (choice === openSettings) await vscode.commands.executeCommand('workbench.action.openSettings', 'swarm.');
    return;
  }

  if (error instanceof SwarmInputError) {
    ctx.log.error(error.message);
    const location = error.location;
    const file = location && workspace ? path.resolve(workspace, location.file) : location?.file;
    const openFile = file ? vscode.l10n.t('Open {0}', path.basename(file)) : undefined;
    const isConfig = file !== undefined && path.basename(file) === 'swarm.json';
    const buttons = [...(openFile ? [openFile] : []), ...(isConfig || !file ? [openSettings] : []), showOutput];
    const choice = await vscode.window.showErrorMessage(error.message, ...buttons);
    if (choice && choice === openFile && file) await openAt(file, location?.line, location?.column);
    else if (choice === openSettings) await vscode.commands.executeCommand('workbench.action.openSettings', 'swarm.');
    else if (choice === showOutput) ctx.log.show(true);
    return;
  }

  const message = errorMessage(error);
  ctx.log.error(error instanceof Error && error.stack ? error.stack : message);
  const choice = await vscode.window.showErrorMessage(vscode.l10n.t('The Swarm run failed: {0}', message), showOutput);
  if (choice === showOutput) ctx.log.show(true);
}

/** Opens a file with the cursor on a 1-based line and column. */
export async function openAt(file: string, line?: number, column?: number): Promise<void> {
  const position = new vscode.Position(Math.max(0, (line ?? 1) - 1), Math.max(0, (column ?? 1) - 1));
  await vscode.window.showTextDocument(vscode.Uri.file(file), { selection: new vscode.Range(position, position), preview: false });
}
