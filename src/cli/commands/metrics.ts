import { Command } from 'commander';
import { stat } from 'node:fs/promises';
import * as path from 'node:path';
import { SwarmInputError } from '../../core/errors';
import { readLastRunMetrics } from '../../core/monitoring/runMetricsFile';
import { RunMonitor } from '../../core/monitoring/runMonitor';

export interface CommandOutput {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

/**
 * `swarm metrics [--workspace DIR]`: the last finished run's metrics in Prometheus text exposition
 * (SPEC §4, §6), exit 0. Before any run it prints Swarm's metric families with zero or no samples,
 * still valid exposition, and says so on stderr: a scrape or a `| promtool check metrics` never breaks.
 */
export function metricsCommand(output: CommandOutput = process): Command {
  return new Command('metrics')
    .description("print the last run's metrics in Prometheus text exposition format")
    .option('--workspace <dir>', 'the workspace', '.')
    .action(async (options: { workspace: string }) => {
      const workspace = path.resolve(options.workspace);
      const info = await stat(workspace).catch(() => undefined);
      if (!info?.isDirectory()) throw new SwarmInputError(`the workspace ${workspace} is not a directory`);
      const last = await readLastRunMetrics(workspace);
      if (!last) {
        output.stderr.write(`swarm: no finished run in ${path.join(workspace, '.swarm', 'runs')} yet; printing the metric families without run data\n`);
        output.stdout.write(await new RunMonitor().metricsText());
        return;
      }
      if (last.source === 'report.json') {
        output.stderr.write(`swarm: run ${last.runId} has no metrics.json; metrics rebuilt from its report.json (model requests by status code and latency are not in a report)\n`);
      }
      output.stdout.write(await last.monitor.metricsText());
    });
}
