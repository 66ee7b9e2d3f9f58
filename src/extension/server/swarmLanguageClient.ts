import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { Ctx } from '../ctx';
import type { WrittenFile } from '../run/runController';

/** The notifications the language server (`src/server/server.ts`) listens for. */
export const FILES_WRITTEN_NOTIFICATION = 'swarm/filesWritten';
export const APPROVALS_CHANGED_NOTIFICATION = 'swarm/approvalsChanged';

/**
 * The client of Swarm's language server (placeholder diagnostics and quick fixes, requirements
 * problems), over IPC. Started after activation returns, so activation stays fast.
 */
export class SwarmLanguageClient implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private readonly ready: Promise<LanguageClient | undefined>;

  private constructor(
    private readonly ctx: Ctx,
    serverModule: string,
  ) {
    this.ready = this.start(serverModule).catch((error: unknown) => {
      ctx.log.error(`the Swarm language server did not start: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    });
  }

  /** Undefined when the bundle has no server (a build without `dist/server.js`). */
  static create(ctx: Ctx): SwarmLanguageClient | undefined {
    const serverModule = ctx.asAbsolutePath('dist/server.js');
    if (!existsSync(serverModule)) {
      ctx.log.warn(`no language server at ${serverModule}: placeholder diagnostics are off`);
      return undefined;
    }
    return new SwarmLanguageClient(ctx, serverModule);
  }

  async filesWritten(files: WrittenFile[]): Promise<void> {
    const client = await this.ready;
    await client?.sendNotification(FILES_WRITTEN_NOTIFICATION, { files });
  }

  async approvalsChanged(): Promise<void> {
    const client = await this.ready;
    await client?.sendNotification(APPROVALS_CHANGED_NOTIFICATION, {});
  }

  dispose(): void {
    void this.client?.stop();
  }

  private async start(serverModule: string): Promise<LanguageClient> {
    const { LanguageClient, TransportKind } = await import('vscode-languageclient/node');
    const run = { module: serverModule, transport: TransportKind.ipc };
    this.client = new LanguageClient(
      'swarm',
      vscode.l10n.t('Swarm Language Server'),
      { run, debug: { ...run, options: { execArgv: ['--nolazy', '--inspect=6019'] } } },
      {
        documentSelector: [{ scheme: 'file' }],
        synchronize: { configurationSection: 'swarm.placeholders' },
        initializationOptions: { workspace: this.ctx.workspaceFolder?.uri.fsPath },
      },
    );
    await this.client.start();
    return this.client;
  }
}
