import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  CodeActionKind,
  createConnection,
  DidChangeConfigurationNotification,
  FileChangeType,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type Diagnostic,
} from 'vscode-languageserver/node';
import { loadConfig } from '../core/config/loadConfig';
import { errorMessage } from '../core/errors';
import {
  canDetectSync,
  detectPlaceholdersSync,
  languageOf,
  preloadAllGrammars,
  preloadGrammarFor,
  type ExtraPattern,
} from '../core/placeholders';
import { validateRequirementsDocument } from '../core/requirements/diagnose';
import { approvedRules, parseApprovals, writtenFilesFromAudit, type Approval } from './audit';
import { buildCodeActions, findingToDiagnostic, requirementsDiagnostic, sha256 } from './mapping';
import { APPROVALS_CHANGED, FILES_WRITTEN, type FileOrigin, type FilesWrittenParams, type InitializationOptions } from './protocol';
import { DEFAULT_SETTINGS, isIncluded, normalizeSettings, severityFor, type PlaceholderSettings } from './settings';

/**
 * Swarm's language server: placeholder diagnostics for open documents (on every change, lightly
 * debounced) and for the files a run wrote (even when closed), quick fixes, and requirements-file
 * problems. Runs over IPC from the extension (`dist/server.js`), or `--stdio`.
 */

const DEBOUNCE_MS = 120;
const AUDIT_FILE = path.join('.swarm', 'audit.jsonl');
const APPROVALS_FILE = path.join('.swarm', 'approvals.json');

/** The rule docs shipped with Swarm (`docs/rules/` at the extension's root), found from sources and bundles. */
function defaultDocsBase(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'docs', 'rules');
    if (existsSync(path.join(candidate, 'todo-marker.md'))) return pathToFileURL(candidate).toString();
    if (path.dirname(dir) === dir) return 'docs/rules';
  }
}

export class SwarmLanguageServer {
  private readonly documents = new TextDocuments(TextDocument);
  private workspace: string | undefined;
  private docsBase = defaultDocsBase();
  private settings: PlaceholderSettings = DEFAULT_SETTINGS;
  private configPatterns: { disabledRules: string[]; extraPatterns: ExtraPattern[] } = { disabledRules: [], extraPatterns: [] };
  private requirementsFile = 'REQUIREMENTS.md';
  private approvals: Approval[] = [];
  /** Workspace-relative path → who wrote it; these files are checked even when closed. */
  private readonly written = new Map<string, FileOrigin>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private configurationPull = false;
  private grammars: Promise<void> | undefined;

  constructor(private readonly connection: Connection) {}

  listen(): void {
    const c = this.connection;
    c.onInitialize((params) => {
      const options = (params.initializationOptions ?? {}) as InitializationOptions;
      const folder = params.workspaceFolders?.[0]?.uri ?? params.rootUri ?? undefined;
      this.workspace = options.workspace ?? (folder?.startsWith('file:') ? fileURLToPath(folder) : undefined);
      if (options.ruleDocsBaseUri) this.docsBase = options.ruleDocsBaseUri.replace(/\/+$/, '');
      this.configurationPull = !!params.capabilities.workspace?.configuration;
      // Grammars load in the background; the first diagnostics wait for them.
      this.grammars = preloadAllGrammars().catch((error: unknown) => c.console.error(`Swarm: grammars did not load: ${errorMessage(error)}`));
      return {
        capabilities: {
          textDocumentSync: TextDocumentSyncKind.Incremental,
          codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        },
        serverInfo: { name: 'swarm' },
      };
    });
    c.onInitialized(() => {
      if (this.configurationPull) void c.client.register(DidChangeConfigurationNotification.type, undefined).catch(() => undefined);
      void this.startup();
    });
    c.onDidChangeConfiguration(() => void this.reloadSettings().then(() => this.revalidateAll()));
    c.onNotification(FILES_WRITTEN, (params: FilesWrittenParams) => void this.filesWritten(params));
    c.onNotification(APPROVALS_CHANGED, () => void this.reloadApprovals().then(() => this.revalidateAll()));
    c.onDidChangeWatchedFiles(({ changes }) => void this.watchedFilesChanged(changes));
    c.onCodeAction(async (params) => {
      const doc = this.documents.get(params.textDocument.uri);
      const text = doc?.getText() ?? (await this.readUri(params.textDocument.uri));
      return text === undefined ? [] : buildCodeActions(params.textDocument.uri, text, params.context.diagnostics);
    });
    this.documents.onDidChangeContent(({ document }) => this.schedule(document));
    this.documents.onDidClose(({ document }) => {
      clearTimeout(this.timers.get(document.uri));
      this.timers.delete(document.uri);
      const rel = this.relative(document.uri);
      // A file a run wrote stays checked from disk; anything else loses its diagnostics.
      if (rel && this.written.has(rel)) void this.checkFileOnDisk(rel);
      else void c.sendDiagnostics({ uri: document.uri, diagnostics: [] });
    });
    this.documents.listen(c);
    c.listen();
  }

  private async watchedFilesChanged(changes: { uri: string; type: FileChangeType }[]): Promise<void> {
    for (const change of changes) {
      const rel = this.relative(change.uri);
      if (rel === '.swarm/approvals.json') {
        await this.reloadApprovals();
        await this.revalidateAll();
      } else if (rel === '.swarm/audit.jsonl') await this.reloadAudit();
      else if (rel && this.written.has(rel) && !this.documents.get(change.uri)) {
        if (change.type === FileChangeType.Deleted) await this.connection.sendDiagnostics({ uri: change.uri, diagnostics: [] });
        else await this.checkFileOnDisk(rel);
      }
    }
  }

  private async startup(): Promise<void> {
    await Promise.all([this.reloadSettings(), this.reloadApprovals(), this.loadProjectConfig()]);
    await this.grammars;
    await this.reloadAudit();
    this.revalidateOpen();
  }

  private relative(uri: string): string | undefined {
    if (!uri.startsWith('file:')) return undefined;
    const absolute = fileURLToPath(uri);
    if (!this.workspace) return path.basename(absolute);
    const rel = path.relative(this.workspace, absolute);
    return rel.startsWith('..') || path.isAbsolute(rel) ? undefined : rel.split(path.sep).join('/');
  }

  private uriOf(rel: string): string {
    return pathToFileURL(path.join(this.workspace ?? '', rel)).toString();
  }

  private async readUri(uri: string): Promise<string | undefined> {
    try {
      return await fs.readFile(fileURLToPath(uri), 'utf8');
    } catch {
      return undefined;
    }
  }

  private async reloadSettings(): Promise<void> {
    if (!this.configurationPull) return;
    try {
      const [placeholders, requirementsFile] = (await this.connection.workspace.getConfiguration([{ section: 'swarm.placeholders' }, { section: 'swarm.requirementsFile' }])) as unknown[];
      this.settings = normalizeSettings(placeholders);
      if (typeof requirementsFile === 'string' && requirementsFile.trim()) this.requirementsFile = requirementsFile.trim();
    } catch (error) {
      this.connection.console.warn(`Swarm: could not read settings: ${errorMessage(error)}`);
    }
  }

  /** `placeholders.disabledRules`/`extraPatterns` from `.swarm/swarm.json` apply as in validation. */
  private async loadProjectConfig(): Promise<void> {
    if (!this.workspace) return;
    try {
      const config = await loadConfig(this.workspace);
      this.configPatterns = { disabledRules: config.placeholders.disabledRules, extraPatterns: config.placeholders.extraPatterns };
    } catch (error) {
      this.connection.console.warn(`Swarm: ${errorMessage(error)} (placeholder settings from .swarm/swarm.json ignored)`);
    }
  }

  private async reloadApprovals(): Promise<void> {
    if (!this.workspace) return;
    try {
      this.approvals = parseApprovals(await fs.readFile(path.join(this.workspace, APPROVALS_FILE), 'utf8'));
    } catch {
      this.approvals = [];
    }
  }

  /** Files the audit log says a run wrote: remember who wrote them and check them. */
  private async reloadAudit(): Promise<void> {
    if (!this.workspace) return;
    let jsonl: string;
    try {
      jsonl = await fs.readFile(path.join(this.workspace, AUDIT_FILE), 'utf8');
    } catch {
      return;
    }
    const files = writtenFilesFromAudit(jsonl);
    for (const [rel, entry] of files) this.written.set(rel, { agent: entry.agent, runId: entry.runId, ...(entry.taskId && { taskId: entry.taskId }) });
    await Promise.all([...files.keys()].filter((rel) => !this.documents.get(this.uriOf(rel))).map((rel) => this.checkFileOnDisk(rel)));
  }

  private async filesWritten(params: FilesWrittenParams): Promise<void> {
    for (const f of params?.files ?? []) {
      if (typeof f?.path !== 'string') continue;
      const rel = this.relative(pathToFileURL(f.path).toString());
      if (!rel) continue;
      this.written.set(rel, { agent: f.agent, runId: f.runId, taskId: f.taskId });
      const open = this.documents.get(this.uriOf(rel));
      if (open) this.schedule(open);
      else await this.checkFileOnDisk(rel);
    }
  }

  private schedule(document: TextDocument): void {
    clearTimeout(this.timers.get(document.uri));
    this.timers.set(
      document.uri,
      setTimeout(() => {
        this.timers.delete(document.uri);
        void this.publish(document.uri, document.getText(), document.version);
      }, DEBOUNCE_MS),
    );
  }

  private revalidateOpen(): void {
    for (const doc of this.documents.all()) void this.publish(doc.uri, doc.getText(), doc.version);
  }

  private async revalidateAll(): Promise<void> {
    this.revalidateOpen();
    await Promise.all([...this.written.keys()].filter((rel) => !this.documents.get(this.uriOf(rel))).map((rel) => this.checkFileOnDisk(rel)));
  }

  private async checkFileOnDisk(rel: string): Promise<void> {
    const uri = this.uriOf(rel);
    const text = await this.readUri(uri);
    await this.publish(uri, text ?? '', undefined);
  }

  private async publish(uri: string, text: string, version: number | undefined): Promise<void> {
    try {
      const diagnostics = await this.diagnose(uri, text);
      // A newer version is already scheduled or published: this result is stale.
      const open = this.documents.get(uri);
      if (version !== undefined && open && open.version !== version) return;
      await this.connection.sendDiagnostics({ uri, version, diagnostics });
    } catch (error) {
      this.connection.console.error(`Swarm: checking ${uri} failed: ${errorMessage(error)}`);
    }
  }

  /** The diagnostics of one document: requirements problems for the requirements file, placeholders otherwise. */
  async diagnose(uri: string, text: string): Promise<Diagnostic[]> {
    const rel = this.relative(uri);
    if (!rel) return [];
    if (rel === this.requirementsFile.replace(/\\/g, '/').replace(/^\.\//, '')) {
      return validateRequirementsDocument(rel, text).map(requirementsDiagnostic);
    }
    if (!languageOf(rel) || !isIncluded(this.settings, rel)) return [];
    if (!canDetectSync(rel)) await preloadGrammarFor(rel);
    const disabledRules = [...this.settings.disabledRules, ...this.configPatterns.disabledRules];
    const findings = detectPlaceholdersSync(rel, text, { disabledRules, extraPatterns: this.configPatterns.extraPatterns });
    const hash = sha256(text);
    const approved = approvedRules(this.approvals, rel, hash);
    const origin = this.written.get(rel);
    return findings
      .filter((f) => !approved.has(f.rule))
      .map((f) => findingToDiagnostic(f, { file: rel, sha256: hash, docsBase: this.docsBase, origin, severity: (rule, found) => severityFor(this.settings, rule, found) }));
  }
}

if (require.main === module) {
  new SwarmLanguageServer(createConnection(ProposedFeatures.all)).listen();
}
