import { Command } from 'commander';
import * as path from 'node:path';
import { resolveTeam } from '../../core/agents/team';
import { DEFAULT_CONFIG_FILE, loadConfig } from '../../core/config/loadConfig';
import { estimatePlan } from '../../core/planning/estimatePlan';
import { formatPlan } from '../../core/planning/formatPlan';
import { planToJson } from '../../core/planning/planJson';
import { planRequirements } from '../../core/planning/planner';
import { loadRequirements } from '../../core/requirements/loadRequirements';
import { assertWorkspaceDirectory } from '../../core/workspace/workspaceDirectory';

export interface PlanFlags {
  workspace?: string;
  requirements?: string;
  config?: string;
  json?: boolean;
}

export interface CommandOutput {
  write(text: string): unknown;
}

/**
 * `swarm plan`: the plan without calling any model. Reads only; bad input throws SwarmInputError
 * (exit 2). `--requirements` and `--config` are relative to the workspace, as for `swarm run`.
 */
export async function runPlan(flags: PlanFlags, out: CommandOutput = process.stdout): Promise<number> {
  const workspace = path.resolve(flags.workspace ?? '.');
  await assertWorkspaceDirectory(workspace);
  const config = await loadConfig(workspace, flags.config);
  const document = await loadRequirements(workspace, flags.requirements ?? config.requirementsFile);
  const team = resolveTeam(config, { configFile: flags.config ?? DEFAULT_CONFIG_FILE });
  const plan = planRequirements(document, team);
  if (flags.json) out.write(`${JSON.stringify(planToJson(plan), null, 2)}\n`);
  else out.write(formatPlan(plan, document, estimatePlan(plan, team, { model: config.model, pricing: config.pricing })));
  return 0;
}

export function planCommand(out: CommandOutput = process.stdout): Command {
  return new Command('plan')
    .description('show the plan (requirements, tasks and their order) without calling any model')
    .option('--workspace <dir>', 'the workspace folder (default: the current folder)')
    .option('--requirements <file>', "the requirements file (default: REQUIREMENTS.md or the config's requirementsFile)")
    .option('--config <file>', 'the configuration file (default: .swarm/swarm.json)')
    .option('--json', 'print the plan as one JSON document (SPEC §4)')
    .action(async (flags: PlanFlags) => {
      process.exitCode = await runPlan(flags, out);
    });
}

