export const MOSCOW = ['must', 'should', 'could', 'wont'] as const;
export type Priority = (typeof MOSCOW)[number];

/** One requirement of the document, with where it came from. */
export interface Requirement {
  /** `REQ-001`, or `R-1`… for a free-form PRD. */
  id: string;
  /** First line of the requirement's text, without the ID and tags. */
  title: string;
  /** The rest of its own text (not the criteria). */
  description: string;
  /** Nested list items, except `Depends on:` lines. */
  criteria: string[];
  /** IDs of prerequisite requirements. */
  dependsOn: string[];
  /** Capability tags such as `frontend`, `backend`, or custom ones. */
  capabilities: string[];
  priority?: Priority;
  /** The heading the requirement stands under, kept as context. */
  section?: string;
  source: { file: string; line: number };
}

export interface RequirementsDocument {
  file: string;
  /** True when the document had no IDs and they were derived (`R-1`, `R-2`, …). */
  derivedIds: boolean;
  requirements: Requirement[];
  /** Free-form PRDs: headings whose lists were read as context (Introduction, Usage, …), not requirements. */
  contextSections?: { heading: string; line: number }[];
}
