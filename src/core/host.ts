/**
 * What the engine may ask of whoever hosts it (the CLI or VS Code). Everything else flows one way,
 * as events. Kept small on purpose.
 */
export interface Host {
  /** Where logs go besides events, e.g. a LogOutputChannel; optional. */
  readonly name: 'cli' | 'vscode' | 'test';
}
