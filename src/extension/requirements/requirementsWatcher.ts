import { stat } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { errorMessage } from '../../core/errors';
import { Config } from '../config';
import type { Ctx } from '../ctx';

const DEFAULT_REQUIREMENTS_FILE = 'REQUIREMENTS.md';

/**
 * Keeps the state's copy of the workspace's requirements document current: read when the folder
 * opens, read again when the file, `.swarm/swarm.json` or the settings change.
 */
export class RequirementsWatcher implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private fileWatcher: vscode.FileSystemWatcher | undefined;
  private watchedFile: string | undefined;
  private reloading: Promise<void> = Promise.resolve();
  private reloadQueued = false;

  constructor(private readonly ctx: Ctx) {}

  start(): void {
    const folder = this.ctx.workspaceFolder;
    if (!folder) return;
    const configWatcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, '.swarm/swarm.json'));
    this.disposables.push(
      configWatcher,
      configWatcher.onDidChange(() => this.reload()),
      configWatcher.onDidCreate(() => this.reload()),
      configWatcher.onDidDelete(() => this.reload()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(`${Config.section}.requirementsFile`)) void this.reload();
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.reload()),
    );
    void this.reload();
  }

  /** Re-reads the document; calls made while a read is under way coalesce into one more read. */
  reload(): Promise<void> {
    if (this.reloadQueued) return this.reloading;
    this.reloadQueued = true;
    this.reloading = this.reloading.then(async () => {
      this.reloadQueued = false;
      await this.read();
    });
    return this.reloading;
  }

  /** The requirements file of the workspace, absolute: setting, else `.swarm/swarm.json`, else the default. */
  async resolveFile(workspace: string): Promise<string> {
    let relative = this.ctx.config.requirementsFile;
    if (!relative) {
      try {
        relative = (await this.ctx.engine.loadConfig(workspace, {})).requirementsFile;
      } catch (error) {
        // A broken config is reported when a run starts; the document is still worth showing.
        this.ctx.log.warn(`cannot read the configuration: ${errorMessage(error)}`);
      }
    }
    return path.resolve(workspace, relative ?? DEFAULT_REQUIREMENTS_FILE);
  }

  dispose(): void {
    this.fileWatcher?.dispose();
    for (const d of this.disposables) d.dispose();
  }

  private async read(): Promise<void> {
    const folder = this.ctx.workspaceFolder;
    if (!folder) return;
    const workspace = folder.uri.fsPath;
    const file = await this.resolveFile(workspace);
    this.watch(folder, file);
    const exists = await stat(file).then(
      (s) => s.isFile(),
      () => false,
    );
    if (!exists) {
      this.ctx.state.setDocumentProblem('missing', file);
    } else {
      try {
        const document = await this.ctx.engine.loadRequirements(workspace, file);
        this.ctx.state.setDocument(document, file);
      } catch (error) {
        this.ctx.log.warn(`the requirements document has problems: ${errorMessage(error)}`);
        this.ctx.state.setDocumentProblem('invalid', file, error instanceof Error ? error : new Error(String(error)));
      }
    }
    this.ctx.setContext('swarm.requirementsState', this.ctx.state.documentState);
  }

  private watch(folder: vscode.WorkspaceFolder, file: string): void {
    if (this.watchedFile === file) return;
    this.fileWatcher?.dispose();
    this.watchedFile = file;
    const relative = path.relative(folder.uri.fsPath, file).split(path.sep).join('/');
    this.fileWatcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, relative));
    const reload = (): void => void this.reload();
    this.fileWatcher.onDidChange(reload);
    this.fileWatcher.onDidCreate(reload);
    this.fileWatcher.onDidDelete(reload);
  }
}
