import { readdir, readFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { resourcePath } from '../../core/resources';
import type { Cmd, Ctx } from '../ctx';
import { offer, runCommandAction } from '../notify';
import { readRunSummaries } from '../run/runHistory';

const PENDING_DEMO_KEY = 'swarm.pendingDemoFolder';
const DEMO_REQUIREMENTS_FILE = 'REQUIREMENTS.md';

/** Swarm: Run Swarm — the workspace's requirements, with the configured model. */
export function runSwarm(ctx: Ctx): Cmd {
  return async () => {
    const folder = requireFolder(ctx);
    if (!folder) return undefined;
    await vscode.workspace.saveAll(false);
    return ctx.runs.start({ kind: 'run', workspace: folder.uri.fsPath });
  };
}

/**
 * Swarm: Run Demo — into the open folder when it has no requirements document (or holds an earlier
 * demo); otherwise, or with no folder open, into a folder the user picks, which is then opened.
 */
export function runDemo(ctx: Ctx): Cmd {
  return async () => {
    const folder = ctx.workspaceFolder;
    if (folder && (await canHoldDemo(folder.uri.fsPath))) {
      return ctx.runs.start({ kind: 'demo', workspace: folder.uri.fsPath });
    }
    if (folder) {
      const choose = vscode.l10n.t('Choose Folder…');
      const choice = await vscode.window.showWarningMessage(
        vscode.l10n.t('This folder already has a requirements document. The demo writes its own project, so it runs in another, empty folder.'),
        { modal: true },
        choose,
      );
      if (choice !== choose) return undefined;
    }
    const picked = await vscode.window.showOpenDialog({
      canSelectFolders: true,
      canSelectFiles: false,
      canSelectMany: false,
      openLabel: vscode.l10n.t('Run Demo Here'),
      title: vscode.l10n.t('Choose an empty folder for the Swarm demo'),
    });
    const target = picked?.[0];
    if (!target) return undefined;
    if (!(await isEmptyDirectory(target.fsPath)) && !(await canHoldDemo(target.fsPath))) {
      void vscode.window.showErrorMessage(vscode.l10n.t('{0} is not empty and has a requirements document; choose an empty folder for the demo.', target.fsPath));
      return undefined;
    }
    await ctx.engine.prepareDemoWorkspace(target.fsPath);
    await ctx.extensionContext.globalState.update(PENDING_DEMO_KEY, target.fsPath);
    await vscode.commands.executeCommand('vscode.openFolder', target, { forceNewWindow: false });
    return undefined;
  };
}

/** After Run Demo opened a new folder: the window reloaded into it, and the demo starts now. */
export async function runPendingDemo(ctx: Ctx): Promise<void> {
  const pending = ctx.extensionContext.globalState.get<string>(PENDING_DEMO_KEY);
  const folder = ctx.workspaceFolder;
  if (!pending || !folder || path.resolve(pending) !== path.resolve(folder.uri.fsPath)) return;
  await ctx.extensionContext.globalState.update(PENDING_DEMO_KEY, undefined);
  await vscode.commands.executeCommand('swarm.requirements.focus');
  await ctx.runs.start({ kind: 'demo', workspace: folder.uri.fsPath });
}

/** Swarm: Resume Run — the latest run, or one the user picks when several can be resumed. */
export function resumeRun(ctx: Ctx): Cmd {
  return async (runIdArg?: unknown) => {
    const folder = requireFolder(ctx);
    if (!folder) return undefined;
    const workspace = folder.uri.fsPath;
    let runId = typeof runIdArg === 'string' ? runIdArg : undefined;
    let demo = false;
    if (!runId) {
      const runs = await readRunSummaries(workspace);
      if (runs.length === 0) {
        void vscode.window.showInformationMessage(vscode.l10n.t('There is no run to resume in this folder.'));
        return undefined;
      }
      const unfinished = runs.filter((r) => r.status !== 'passed');
      const candidates = unfinished.length > 0 ? unfinished : runs;
      const picked =
        candidates.length === 1
          ? candidates[0]
          : (
              await vscode.window.showQuickPick(
                candidates.map((r) => ({ label: r.runId, description: r.statusLabel, detail: r.detail, run: r })),
                { title: vscode.l10n.t('Resume which run?'), placeHolder: vscode.l10n.t('Finished tasks are not run again') },
              )
            )?.run;
      if (!picked) return undefined;
      runId = picked.runId;
      demo = picked.demo;
    } else {
      demo = (await readRunSummaries(workspace)).find((r) => r.runId === runId)?.demo ?? false;
    }
    return ctx.runs.start({ kind: 'resume', workspace, resume: { runId }, demo });
  };
}

export function cancelRun(ctx: Ctx): Cmd {
  return () => ctx.runs.cancel();
}

/** The workspace folder, or undefined after telling the user to open one (or run the demo). */
export function requireFolder(ctx: Ctx): vscode.WorkspaceFolder | undefined {
  const folder = ctx.workspaceFolder;
  if (folder) return folder;
  offer(
    'warning',
    vscode.l10n.t('Swarm works on a folder: open the folder that holds your requirements document, or run the demo.'),
    runCommandAction(vscode.l10n.t('Open Folder'), 'vscode.openFolder'),
    runCommandAction(vscode.l10n.t('Run Demo'), 'swarm.runDemo'),
  );
  return undefined;
}

/** No requirements document yet, or the demo's own (an earlier demo run). */
async function canHoldDemo(workspace: string): Promise<boolean> {
  const current = await readFile(path.join(workspace, DEMO_REQUIREMENTS_FILE)).catch(() => undefined);
  if (current === undefined) return true;
  const bundled = await readFile(resourcePath('demo', DEMO_REQUIREMENTS_FILE)).catch(() => undefined);
  return bundled !== undefined && current.equals(bundled);
}

async function isEmptyDirectory(dir: string): Promise<boolean> {
  const entries = await readdir(dir).catch(() => undefined);
  return entries !== undefined && entries.filter((e) => e !== '.DS_Store').length === 0;
}
