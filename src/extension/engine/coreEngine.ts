import type { StoredReport, SwarmEngine } from './swarmEngine';

/**
 * The engine port over `src/core`. Each module is imported on first use: esbuild keeps them in the
 * one bundle but runs their top-level code only then, which keeps activation fast.
 */
export function createCoreEngine(): SwarmEngine {
  return {
    async runSwarm(options) {
      const { runSwarm } = await import('../../core/engine/runSwarm');
      return runSwarm(options);
    },
    async loadConfig(workspace, overrides) {
      const { loadConfig } = await import('../../core/config/loadConfig');
      return loadConfig(workspace, undefined, overrides);
    },
    async loadRequirements(workspace, file) {
      const { loadRequirements } = await import('../../core/requirements/loadRequirements');
      return loadRequirements(workspace, file);
    },
    readRunReport,
    async prepareDemoWorkspace(dir) {
      const { prepareDemoWorkspace } = await import('../../core/demo/demoWorkspace');
      await prepareDemoWorkspace(dir);
    },
    async planRollBack(target) {
      const { planRollBack } = await import('../../core/engine/rollBack');
      return planRollBack(target);
    },
    async applyRollBack(workspace, plan, overwrite) {
      const { applyRollBack } = await import('../../core/engine/rollBack');
      return applyRollBack(workspace, plan, overwrite);
    },
    async appendAudit(workspace, entry) {
      const { AuditLog } = await import('../../core/workspace/auditLog');
      await new AuditLog(workspace).append(entry);
    },
  };
}

/**
 * The given run's report, or the latest that has one; undefined when there is none yet. A report
 * file that is not a run report still throws (its SwarmInputError names the file).
 */
async function readRunReport(workspace: string, runId?: string): Promise<StoredReport | undefined> {
  const [{ locateRunReport }, { SwarmInputError }] = await Promise.all([import('../../core/report/readRunReport'), import('../../core/errors')]);
  try {
    const located = await locateRunReport(workspace, runId);
    return { report: located.report, reportDir: located.dir };
  } catch (error) {
    if (error instanceof SwarmInputError && !error.location) return undefined;
    throw error;
  }
}
