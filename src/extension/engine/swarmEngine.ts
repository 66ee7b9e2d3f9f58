import type { ConfigOverrides } from '../../core/config/loadConfig';
import type { SwarmConfig } from '../../core/config/schema';
import type { RunSwarmOptions, RunSwarmResult } from '../../core/engine/runOptions';
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
}
