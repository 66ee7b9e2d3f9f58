/** What the client and this server agree on (the client side is src/extension/server/). */

/** Client → server: files a run wrote, scanned even when they are not open. */
export const FILES_WRITTEN = 'swarm/filesWritten';
export interface FilesWrittenParams {
  files: { path: string; runId: string; agent: string; taskId: string }[];
}

/** Client → server: `.swarm/approvals.json` changed; reload it and publish again. */
export const APPROVALS_CHANGED = 'swarm/approvalsChanged';

/** Commands the quick fixes invoke; the client implements them. */
export const RETRY_AGENT_COMMAND = 'swarm.retryAgent';
export const APPROVE_PLACEHOLDER_COMMAND = 'swarm.approvePlaceholder';

export const DIAGNOSTIC_SOURCE = 'swarm';

/** Who wrote a file, from `.swarm/audit.jsonl` or `swarm/filesWritten`. */
export interface FileOrigin {
  agent: string;
  runId: string;
  taskId?: string;
}

/** `Diagnostic.data` of every placeholder diagnostic. */
export interface PlaceholderDiagnosticData extends Partial<FileOrigin> {
  rule: string;
  /** Workspace-relative, `/`-separated. */
  file: string;
  /** Sha-256 of the text the finding was made on (what "Approve anyway" records). */
  sha256: string;
  /** The rule's documentation, workspace-independent: `docs/rules/<rule>.md` in the extension. */
  doc: string;
  finding: { line: number; column: number; message: string; suggestion: string; severity: string };
}

export interface InitializationOptions {
  /** The workspace folder (absolute path); defaults to the first workspace folder. */
  workspace?: string;
  /** Base URI of the rule docs (e.g. `vscode.Uri.joinPath(extensionUri, 'docs/rules')`); defaults to the docs shipped beside the server. */
  ruleDocsBaseUri?: string;
}
