import { Command } from 'commander';
import * as path from 'node:path';
import { locateRunReport } from '../../core/report/readRunReport';
import { renderReportMarkdown } from '../../core/report/reportMarkdown';
import type { CommandOutput } from './plan';

export interface ReportFlags {
  workspace?: string;
  run?: string;
  json?: boolean;
}

/** `swarm report`: a run's coverage and metrics (the latest run by default). No such run: SwarmInputError, exit 2. */
export async function runReport(flags: ReportFlags, out: CommandOutput = process.stdout): Promise<number> {
  const { report } = await locateRunReport(path.resolve(flags.workspace ?? '.'), flags.run);
  out.write(flags.json ? `${JSON.stringify(report, null, 2)}\n` : renderReportMarkdown(report));
  return 0;
}

export function reportCommand(out: CommandOutput = process.stdout): Command {
  return new Command('report')
    .description('show the coverage and metrics of a run')
    .option('--workspace <dir>', 'the workspace folder (default: the current folder)')
    .option('--run <id>', 'the run (default: the latest run with a report)')
    .option('--json', 'print the run report as one JSON document (SPEC §5)')
    .action(async (flags: ReportFlags) => {
      process.exitCode = await runReport(flags, out);
    });
}
