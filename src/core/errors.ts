/** Bad input of any kind (requirements, config, CLI usage, missing key): exit code 2, nothing written. */
export class SwarmInputError extends Error {
  readonly exitCode = 2;
  constructor(
    message: string,
    /** Where the problem is, when it is in a file. */
    readonly location?: { file: string; line?: number; column?: number },
  ) {
    super(location ? `${location.file}${location.line ? `:${location.line}` : ''}${location.column ? `:${location.column}` : ''}: ${message}` : message);
    this.name = 'SwarmInputError';
  }
}

/** The run was cancelled by the user (Ctrl-C, VS Code's cancel button): exit code 130. */
export class SwarmCancelledError extends Error {
  readonly exitCode = 130;
  constructor(message = 'The run was cancelled.') {
    super(message);
    this.name = 'SwarmCancelledError';
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
