import * as vscode from 'vscode';
import { COMMANDS } from './commands';
import { runPendingDemo } from './commands/runCommands';
import { Ctx } from './ctx';
import { Dashboard, type DashboardApi } from './dashboard/dashboard';
import { LiveRunMonitor } from './dashboard/liveRunMonitor';
import { createCoreEngine } from './engine/coreEngine';
import { RequirementHoverProvider } from './requirements/requirementHoverProvider';
import { RequirementsWatcher } from './requirements/requirementsWatcher';
import { RunController } from './run/runController';
import { reloadRewrittenEditor } from './run/reloadRewrittenEditor';
import { ApiKeyStore } from './secrets/apiKeyStore';
import { SwarmLanguageClient } from './server/swarmLanguageClient';
import { SwarmState } from './state/swarmState';
import { AgentsTreeProvider } from './views/agentsTree';
import { RequirementsTreeProvider } from './views/requirementsTree';
import { RunStatusBar } from './views/runStatusBar';

/** What the extension hands to other extensions and to its integration tests. */
export interface SwarmExtensionApi {
  readonly state: SwarmState;
  readonly requirementsTree: RequirementsTreeProvider;
  readonly agentsTree: AgentsTreeProvider;
  /** Swarm: Open Dashboard, and the live run monitor behind it and the status bar. */
  readonly dashboard: DashboardApi;
  /** Resolves once the requirements document has been read (again). */
  reloadRequirements(): Promise<void>;
  /** How long `activate` took, in milliseconds (for the benchmark). */
  readonly activationMs: number;
}

export function activate(context: vscode.ExtensionContext): SwarmExtensionApi {
  const started = performance.now();
  const log = vscode.window.createOutputChannel('Swarm', { log: true });
  const state = new SwarmState();
  const keys = new ApiKeyStore(context.secrets);
  const liveRun = new LiveRunMonitor(log);
  const ctx = new Ctx(context, { engine: liveRun.observe(createCoreEngine()), state, keys, log });
  ctx.pushCleanup(log, state, keys.watch(), liveRun);

  const requirementsTree = new RequirementsTreeProvider(ctx);
  const requirementsView = vscode.window.createTreeView('swarm.requirements', { treeDataProvider: requirementsTree, showCollapseAll: true });
  const agentsTree = new AgentsTreeProvider(ctx);
  const agentsView = vscode.window.createTreeView('swarm.agents', { treeDataProvider: agentsTree, showCollapseAll: true });
  const runs = new RunController(ctx);
  const requirementsWatcher = new RequirementsWatcher(ctx);
  const languageClient = SwarmLanguageClient.create(ctx);
  const statusBar = new RunStatusBar(ctx, liveRun);
  ctx.pushCleanup(requirementsTree, requirementsView, agentsTree, agentsView, runs, requirementsWatcher, statusBar, ...(languageClient ? [languageClient] : []));
  ctx.attachUi({ runs, requirementsView, requirementsTree, agentsView, requirementsWatcher, languageClient });

  for (const [name, factory] of Object.entries(COMMANDS)) ctx.registerCommand(name, factory);
  const dashboard = Dashboard.register(ctx, liveRun, statusBar);

  const render = (): void => {
    requirementsTree.refresh();
    agentsTree.refresh();
    requirementsView.description = requirementsTree.describe();
    agentsView.description = agentsTree.describe();
    const waiting = state.tasksNeedingApproval().length;
    agentsView.badge = waiting > 0 ? { value: waiting, tooltip: vscode.l10n.t('{0} task(s) wait for your approval', waiting) } : undefined;
    requirementsView.message =
      requirementsTree.filterNotCovered && requirementsTree.getChildren().length === 0 && state.coverage().total > 0
        ? vscode.l10n.t('Every requirement is covered.')
        : state.documentState === 'invalid' && state.documentError
          ? vscode.l10n.t('The requirements document has a problem: {0}', state.documentError.message)
          : undefined;
    statusBar.update(runs.isRunning);
    ctx.setContext('swarm.hasReport', state.run?.reportDir !== undefined);
    ctx.setContext('swarm.hasPendingApprovals', waiting > 0);
    ctx.setContext('swarm.hasRetryableTasks', state.tasks().some((t) => t.state === 'needs-approval' || t.state === 'failed'));
  };
  ctx.pushCleanup(
    state.onDidChange(render),
    runs.onDidEndRun(render),
    runs.onDidWriteFiles((files) => {
      void languageClient?.filesWritten(files);
      void reloadRewrittenEditor(files.map((f) => f.path)).catch((error: unknown) => log.warn(`could not reload the editor of a rewritten file: ${String(error)}`));
    }),
    vscode.languages.registerHoverProvider(
      ['markdown', 'yaml', 'json'].map((language) => ({ scheme: 'file', language })),
      new RequirementHoverProvider(ctx),
    ),
  );
  ctx.setContext('swarm.requirementsState', 'unknown');
  ctx.setContext('swarm.requirementsFiltered', false);

  const folder = ctx.workspaceFolder;
  if (folder) {
    requirementsWatcher.start();
    void restoreLastReport(ctx, folder.uri.fsPath);
    watchReports(ctx, folder);
    void runPendingDemo(ctx);
  }

  return {
    state,
    requirementsTree,
    agentsTree,
    dashboard,
    reloadRequirements: () => requirementsWatcher.reload(),
    activationMs: performance.now() - started,
  };
}

export function deactivate(): void {
  // Everything is in context.subscriptions.
}

/** On reload the views show the last run as it ended, from its report.json. */
async function restoreLastReport(ctx: Ctx, workspace: string): Promise<void> {
  if (ctx.runs.isRunning) return;
  try {
    const stored = await ctx.engine.readRunReport(workspace);
    if (stored && !ctx.runs.isRunning) ctx.state.loadReport(stored.report, stored.reportDir);
  } catch (error) {
    ctx.log.warn(`cannot read the last run's report: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** A run started elsewhere (the CLI in a terminal) shows up here when its report is written. */
function watchReports(ctx: Ctx, folder: vscode.WorkspaceFolder): void {
  const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, '.swarm/runs/*/report.json'));
  const restore = (): void => {
    if (!ctx.runs.isRunning) void restoreLastReport(ctx, folder.uri.fsPath);
  };
  ctx.pushCleanup(watcher, watcher.onDidCreate(restore), watcher.onDidChange(restore));
}
