import type { RequirementsProblem } from './problem';
import type { Requirement } from './requirement';

/** What a format parser (Markdown, YAML, JSON) gives the checks that follow. */
export interface ParsedRequirements {
  requirements: Requirement[];
  /** Same index as `requirements`: the line where each prerequisite is named. */
  prerequisiteLines: Map<string, number>[];
  derivedIds: boolean;
  problems: RequirementsProblem[];
  /** Free-form PRDs: headings whose lists were taken as context, not requirements. */
  skippedSections: { heading: string; line: number }[];
}
