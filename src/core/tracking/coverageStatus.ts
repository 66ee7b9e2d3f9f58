import type { LiveRequirementStatus } from '../events';
import type { RequirementStatus } from '../report/runReport';

/** The four conditions of *covered* (SPEC issue 4): each one true or not. */
export interface CoverageEvidence {
  /** Its task's output was accepted by validation (and not rejected afterwards). */
  accepted: boolean;
  /** At least one accepted file claims it in `write_file`. */
  fileClaims: boolean;
  /** Its agent listed it in `finish`'s `covered`. */
  agentClaimed: boolean;
  /** It has files, and none of them holds a placeholder. */
  placeholderFree: boolean;
}

/** Where the requirement's task is. */
export type TaskPhase = 'unassigned' | 'not-started' | 'working' | 'accepted' | 'ended-succeeded' | 'ended-needs-approval' | 'ended-failed' | 'ended-skipped';

/**
 * *covered* when all four conditions hold, *partial* when some do, *missing* when none does (or it was
 * never worked on), *failed* when its task failed. Before the task has a verdict: pending / in progress.
 */
export function coverageStatus(phase: TaskPhase, evidence: CoverageEvidence): LiveRequirementStatus {
  switch (phase) {
    case 'unassigned':
    case 'ended-skipped':
      return 'missing';
    case 'ended-failed':
      return 'failed';
    case 'not-started':
      return 'pending';
    case 'working':
      return 'in-progress';
    default: {
      const held = [evidence.accepted, evidence.fileClaims, evidence.agentClaimed, evidence.placeholderFree].filter(Boolean).length;
      return held === 4 ? 'covered' : held > 0 ? 'partial' : 'missing';
    }
  }
}

/** A live status as the report states it: what has not finished is not covered. */
export function finalStatus(status: LiveRequirementStatus): RequirementStatus {
  return status === 'pending' || status === 'in-progress' ? 'missing' : status;
}
