import { parseRequirementsText } from './parseRequirements';
import type { RequirementsProblem } from './problem';

export type RequirementsDiagnostic = RequirementsProblem;

/**
 * The errors `swarm plan` and `swarm run` stop at, as diagnostics for the requirements file open in an
 * editor: 1-based lines and columns, end exclusive. `file` only decides the format (by extension).
 */
export function diagnoseRequirements(file: string, text: string): RequirementsDiagnostic[] {
  return parseRequirementsText(file, text).problems;
}

/** The same, under the name the language server uses for its validators. */
export const validateRequirementsDocument = (uri: string, text: string): RequirementsDiagnostic[] => diagnoseRequirements(uri, text);
