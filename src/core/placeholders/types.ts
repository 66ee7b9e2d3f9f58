/** One place where a file holds placeholder or stub content instead of real work. */
export interface PlaceholderFinding {
  /** Workspace-relative path, as given to the detector. */
  file: string;
  /** 1-based line of the first character. */
  line: number;
  /** 1-based column (UTF-16 code units, as LSP counts) of the first character. */
  column: number;
  /** 1-based line of the end. */
  endLine: number;
  /** 1-based column just past the last character (exclusive end, as LSP ranges). */
  endColumn: number;
  rule: string;
  severity: Severity;
  message: string;
  /** Written for the model that produced the file: a concrete instruction to fix it. */
  suggestion: string;
}

export type Severity = 'error' | 'warning' | 'info';

export interface ExtraPattern {
  id: string;
  /** A regular expression source (`TODO\(\w+\)`) or a literal with flags (`/hack/i`). Plain sources are case-insensitive. */
  pattern: string;
  message: string;
}

export interface DetectorOptions {
  /** Rule ids that are not reported. */
  disabledRules?: string[];
  /** Project-specific phrases, matched in comments, strings and prose (never in code). */
  extraPatterns?: ExtraPattern[];
  /** Requirement ids the author says this file implements (enables `tiny-claimed-file`). */
  claimedRequirements?: string[];
}

export interface PlaceholderRule {
  id: string;
  severity: Severity;
  description: string;
  languages: string[];
}
