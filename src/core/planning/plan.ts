import type { Requirement } from '../requirements/requirement';

/** One agent and the requirements it takes on. */
export interface PlannedTask {
  id: string;
  agent: string;
  requirements: string[];
  /** Task ids that must be accepted before this one starts. */
  dependsOn: string[];
  /** Why these requirements went to this agent (tags, or the words that decided). */
  reasons?: Record<string, string>;
  /** Why a task exists beyond its requirements, e.g. the architect's design task that holds none. */
  note?: string;
}

export interface Plan {
  requirements: Requirement[];
  /** In an order where every task comes after the tasks it depends on. */
  tasks: PlannedTask[];
  /** Requirements no agent can take: reported, never dropped silently. */
  unassigned: { id: string; reason: string }[];
}
