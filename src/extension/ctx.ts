import * as vscode from 'vscode';
import { Config } from './config';
import type { SwarmEngine } from './engine/swarmEngine';
import type { RequirementsWatcher } from './requirements/requirementsWatcher';
import type { RunController } from './run/runController';
import { showRunError } from './run/showRunError';
import type { SwarmLanguageClient } from './server/swarmLanguageClient';
import type { ApiKeyStore } from './secrets/apiKeyStore';
import type { SwarmState } from './state/swarmState';
import type { AgentsNode } from './views/agentsTree';
import type { RequirementsNode, RequirementsTreeProvider } from './views/requirementsTree';

export type Cmd = (...args: unknown[]) => unknown;
/** A command is built from the context it needs, rust-analyzer style: `(ctx) => (...args) => …`. */
export type CommandFactory = (ctx: Ctx) => Cmd;

/** Context keys the manifest's `when` clauses read. */
export type ContextKey =
  | 'swarm.running'
  | 'swarm.hasReport'
  | 'swarm.hasPendingApprovals'
  | 'swarm.hasRetryableTasks'
  | 'swarm.requirementsFiltered'
  | 'swarm.requirementsState';

/** The parts built on top of the context, attached once they exist. */
export interface CtxUi {
  runs: RunController;
  requirementsView: vscode.TreeView<RequirementsNode>;
  requirementsTree: RequirementsTreeProvider;
  agentsView: vscode.TreeView<AgentsNode>;
  requirementsWatcher: RequirementsWatcher;
  languageClient: SwarmLanguageClient | undefined;
}

export interface CtxServices {
  engine: SwarmEngine;
  state: SwarmState;
  keys: ApiKeyStore;
  log: vscode.LogOutputChannel;
}

/**
 * Everything a command or view needs: the extension context, the engine port, the live state, the
 * secrets, the log. Every disposable it is given ends up in `context.subscriptions`.
 */
export class Ctx {
  readonly engine: SwarmEngine;
  readonly state: SwarmState;
  readonly keys: ApiKeyStore;
  readonly log: vscode.LogOutputChannel;
  private readonly contextValues = new Map<ContextKey, unknown>();
  private attached: CtxUi | undefined;

  constructor(
    readonly extensionContext: vscode.ExtensionContext,
    services: CtxServices,
  ) {
    this.engine = services.engine;
    this.state = services.state;
    this.keys = services.keys;
    this.log = services.log;
  }

  attachUi(ui: CtxUi): void {
    this.attached = ui;
  }

  get ui(): CtxUi {
    if (!this.attached) throw new Error('Swarm is still starting');
    return this.attached;
  }

  get runs(): RunController {
    return this.ui.runs;
  }

  /** The folder Swarm works on: the first workspace folder on disk. */
  get workspaceFolder(): vscode.WorkspaceFolder | undefined {
    return vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file');
  }

  get config(): Config {
    return Config.for(this.workspaceFolder?.uri);
  }

  asAbsolutePath(relative: string): string {
    return this.extensionContext.asAbsolutePath(relative);
  }

  /** Registers `swarm.<name>`; a failure becomes a notification that says what to do, never an unhandled rejection. */
  registerCommand(name: string, factory: CommandFactory): void {
    const command = factory(this);
    this.pushCleanup(
      vscode.commands.registerCommand(name, async (...args: unknown[]) => {
        try {
          return await command(...args);
        } catch (error) {
          void showRunError(this, error, this.workspaceFolder?.uri.fsPath);
          return undefined;
        }
      }),
    );
  }

  pushCleanup(...disposables: vscode.Disposable[]): void {
    this.extensionContext.subscriptions.push(...disposables);
  }

  /** Sets a `when`-clause context key, skipping the round trip when nothing changed. */
  setContext(key: ContextKey, value: unknown): void {
    if (this.contextValues.get(key) === value) return;
    this.contextValues.set(key, value);
    void vscode.commands.executeCommand('setContext', key, value);
  }
}
