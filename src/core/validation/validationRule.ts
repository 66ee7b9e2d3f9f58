import type { ValidationFinding } from '../events';
import type { Requirement } from '../requirements/requirement';
import type { PlaceholderReport } from '../report/runReport';

export interface WrittenFile {
  path: string;
  requirements: string[];
  content: string;
}

/** Everything a rule may look at: one attempt of one agent. */
export interface ValidationContext {
  agent: { id: string; capabilities: string[] };
  assigned: Requirement[];
  finished: boolean;
  covered: string[];
  /** The files this attempt wrote, with their final content. */
  files: WrittenFile[];
  placeholders: ReadonlyMap<string, PlaceholderReport[]>;
}

export interface ValidationRule {
  id: string;
  description: string;
  /** Applies only to agents with one of these ids or capabilities; all agents when absent. */
  appliesTo?: string[];
  check(context: ValidationContext): ValidationFinding[];
}
