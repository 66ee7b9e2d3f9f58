import type { ConfigOverrides } from '../../core/config/loadConfig';
import type { SwarmConfig } from '../../core/config/schema';
import type { RollBackTarget } from '../../core/engine/rollBack';
import type { RunSwarmOptions, RunSwarmResult } from '../../core/engine/runOptions';
import type { RollbackPlan } from '../../core/checkpoints/checkpointStore';
import type { RunReport } from '../../core/report/runReport';
import type { RequirementsDocument } from '../../core/requirements/requirement';
import type { AuditEntryInput } from '../../core/workspace/auditLog';

export interface StoredReport {
  report: RunReport;
  /** The run's folder, `.swarm/runs/<id>/`, holding `report.json` and `report.md`. */
  reportDir: string;
}

/**
 * Everything the extension asks of the editor-free engine in `src/core`. The UI depends on this port
 * only, so the engine's modules load lazily, on first use, and activation stays fast.
 */
export interface SwarmEngine {
  runSwarm(options: RunSwarmOptions): Promise<RunSwarmResult>;
  loadConfig(workspace: string, overrides: ConfigOverrides): Promise<SwarmConfig>;
  /** Throws `SwarmInputError` with the file and line of the first problem. */
  loadRequirements(workspace: string, file: string): Promise<RequirementsDocument>;
  /** The given run's report, or the latest run's; undefined when there is none. */
  readRunReport(workspace: string, runId?: string): Promise<StoredReport | undefined>;
  /** Writes the bundled demo project (requirements and config) into `dir`. */
  prepareDemoWorkspace(dir: string): Promise<void>;
  appendAudit(workspace: string, entry: AuditEntryInput): Promise<void>;
  /** What rolling back a run (or one task's files) would restore and remove, and what the user changed since. */
  planRollBack(target: RollBackTarget): Promise<RollBackPlan>;
  /** Applies the plan; conflicting files are kept unless listed in `overwrite`. Audited by the engine. */
  applyRollBack(workspace: string, plan: RollBackPlan, overwrite: string[]): Promise<{ restored: string[]; removed: string[]; skipped: string[] }>;
}

export type RollBackPlan = RollbackPlan & { runId: string; taskId?: string };
