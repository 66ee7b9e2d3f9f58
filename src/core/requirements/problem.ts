import { SwarmInputError } from '../errors';

/**
 * One thing wrong with a requirements document, where it is. Lines and columns are 1-based, the end
 * is exclusive (the unist convention); the language server subtracts 1 for LSP ranges.
 */
export interface RequirementsProblem {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
  severity: 'error' | 'warning';
}

/** Bad requirements: a SwarmInputError (exit 2) at the first error, carrying every problem found. */
export class RequirementsError extends SwarmInputError {
  constructor(
    readonly file: string,
    /** Every problem, errors first in line order, then warnings. */
    readonly problems: RequirementsProblem[],
  ) {
    const errors = problems.filter((p) => p.severity === 'error');
    const first = errors[0] ?? problems[0];
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more problem${errors.length > 2 ? 's' : ''} in this file)` : '';
    super(`${first.message}${more}`, { file, line: first.line });
    this.name = 'RequirementsError';
  }
}

/** A problem spanning the rest of one line from a column (or the whole line). */
export function problemAt(
  text: string,
  lineStarts: readonly number[],
  line: number,
  message: string,
  column = 1,
  severity: RequirementsProblem['severity'] = 'error',
): RequirementsProblem {
  const start = lineStarts[line - 1] ?? text.length;
  const next = lineStarts[line] ?? text.length + 1;
  const lineLength = Math.max(0, next - 1 - start);
  const endColumn = Math.max(column + 1, lineLength + 1);
  return { line, column, endLine: line, endColumn, message, severity };
}

/** Offsets where each line starts, for offset → line:column conversions. */
export function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

export function positionOf(lineStarts: readonly number[], offset: number): { line: number; column: number } {
  let low = 0;
  let high = lineStarts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (lineStarts[mid] <= offset) low = mid;
    else high = mid - 1;
  }
  return { line: low + 1, column: offset - lineStarts[low] + 1 };
}

export function sortProblems(problems: RequirementsProblem[]): RequirementsProblem[] {
  const rank = (p: RequirementsProblem) => (p.severity === 'error' ? 0 : 1);
  return [...problems].sort((a, b) => rank(a) - rank(b) || a.line - b.line || a.column - b.column);
}
