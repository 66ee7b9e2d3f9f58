import { readdir, readFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { RunReport } from '../../core/report/runReport';
import type { StoredReport, SwarmEngine } from './swarmEngine';

const RUNS_DIR = path.join('.swarm', 'runs');

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
    async appendAudit(workspace, entry) {
      const { AuditLog } = await import('../../core/workspace/auditLog');
      await new AuditLog(workspace).append(entry);
    },
  };
}

/** The given run's `report.json`, or the newest run's that has one (run ids sort by start time). */
async function readRunReport(workspace: string, runId?: string): Promise<StoredReport | undefined> {
  const runsDir = path.join(workspace, RUNS_DIR);
  const ids = runId ? [runId] : (await readdir(runsDir).catch(() => [] as string[])).sort().reverse();
  for (const id of ids) {
    const reportDir = path.join(runsDir, id);
    try {
      const report = JSON.parse(await readFile(path.join(reportDir, 'report.json'), 'utf8')) as RunReport;
      return { report, reportDir };
    } catch {
      // An interrupted run has a journal but no report: look at the one before.
    }
  }
  return undefined;
}
