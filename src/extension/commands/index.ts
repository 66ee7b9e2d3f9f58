import type { CommandFactory } from '../ctx';
import { openDashboard } from '../dashboard/dashboard';
import { approvePlaceholder } from './approvePlaceholder';
import { createRequirements } from './createRequirements';
import { clearRequirementsFilter, filterRequirements, revealInRequirements } from './requirementsViewCommands';
import { cancelRun, resumeRun, runDemo, runSwarm } from './runCommands';
import { rollBack } from './rollBack';
import { setApiKey } from './setApiKey';
import { showReport } from './showReport';
import { approveTask, rejectTask, retryAgent } from './taskDecisions';

/** Every command the manifest contributes, by id. */
export const COMMANDS: Readonly<Record<string, CommandFactory>> = {
  'swarm.run': runSwarm,
  'swarm.runDemo': runDemo,
  'swarm.cancelRun': cancelRun,
  'swarm.resume': resumeRun,
  'swarm.setApiKey': setApiKey,
  'swarm.showReport': showReport,
  'swarm.retryAgent': retryAgent,
  'swarm.approveTask': approveTask,
  'swarm.rejectTask': rejectTask,
  'swarm.createRequirements': createRequirements,
  'swarm.revealInRequirements': revealInRequirements,
  'swarm.filterRequirements': filterRequirements,
  'swarm.clearRequirementsFilter': clearRequirementsFilter,
  'swarm.rollBack': rollBack,
  'swarm.approvePlaceholder': approvePlaceholder,
  'swarm.openDashboard': openDashboard,
};
