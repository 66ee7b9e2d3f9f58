import { Command, InvalidArgumentError, Option } from 'commander';
import * as path from 'node:path';
import { runSwarm } from '../../core/engine/runSwarm';
import { apiKeysFromEnv } from '../../core/llm/apiKeys';
import type { RunSwarmOptions } from '../../core/engine/runOptions';
import { SwarmEvents } from '../../core/events';
import { ProgressRenderer } from '../progressRenderer';
import { formatSummary } from '../summary';

interface RunFlags {
  workspace?: string;
  requirements?: string;
  config?: string;
  baseUrl?: string;
  model?: string;
  concurrency?: number;
  json?: boolean;
  cache: boolean;
  verbose?: boolean;
  demo?: string | boolean;
  run?: string;
  approve?: string[];
  reject?: string[];
  retry?: string[];
}

export function runCommand(): Command {
  return withRunOptions(new Command('run').description('run the swarm on the workspace'))
    .addOption(new Option('--demo [dir]', 'run the bundled example offline with the scripted demo model (default dir: ./swarm-demo)'))
    .action(async (flags: RunFlags) => {
      const demoDir = flags.demo === undefined || flags.demo === false ? undefined : flags.demo === true ? 'swarm-demo' : flags.demo;
      process.exitCode = await execute(flags, { demo: demoDir !== undefined, workspace: demoDir ?? flags.workspace ?? '.' });
    });
}

export function resumeCommand(): Command {
  return withRunOptions(new Command('resume').description('continue an interrupted or waiting run from its journal'))
    .option('--run <id>', 'the run to resume (default: the latest)')
    .option('--approve <task...>', 'accept the output of tasks that wait for approval')
    .option('--reject <task...>', 'reject the output of tasks that wait for approval')
    .option('--retry <task...>', 'run these tasks again')
    .action(async (flags: RunFlags) => {
      process.exitCode = await execute(flags, {
        workspace: flags.workspace ?? '.',
        resume: { runId: flags.run, approve: flags.approve, reject: flags.reject, retry: flags.retry },
      });
    });
}

function withRunOptions(command: Command): Command {
  return command
    .option('--workspace <dir>', 'the workspace folder (default: the current folder)')
    .option('--requirements <file>', 'the requirements file (default: REQUIREMENTS.md or the config\'s requirementsFile)')
    .option('--config <file>', 'the configuration file (default: .swarm/swarm.json)')
    .option('--base-url <url>', 'an OpenAI-compatible endpoint (default: OPENAI_BASE_URL or the config)')
    .option('--model <name>', 'the model every agent uses unless its config names another')
    .option('--concurrency <n>', 'agents running at once', positiveInteger)
    .option('--no-cache', 'do not use the response cache')
    .option('--json', 'print the run report as one JSON document on stdout')
    .option('--verbose', 'print every agent step');
}

async function execute(flags: RunFlags, how: Pick<RunSwarmOptions, 'demo' | 'resume'> & { workspace: string }): Promise<number> {
  const events = new SwarmEvents();
  const renderer = new ProgressRenderer(events, process.stderr, flags.verbose);
  const controller = new AbortController();
  let interrupts = 0;
  const onSigint = () => {
    interrupts++;
    if (interrupts > 1) process.exit(130);
    process.stderr.write('\nswarm: cancelling (press Ctrl-C again to quit at once)…\n');
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigint);
  try {
    const result = await runSwarm({
      workspace: path.resolve(how.workspace),
      requirementsFile: flags.requirements,
      configFile: flags.config,
      overrides: {
        baseUrl: flags.baseUrl ?? process.env.OPENAI_BASE_URL,
        model: flags.model,
        concurrency: flags.concurrency,
        cache: flags.cache ? undefined : { enabled: false },
      },
      apiKeys: apiKeysFromEnv(process.env),
      demo: how.demo,
      resume: how.resume,
      signal: controller.signal,
      events,
    });
    renderer.stop();
    process.stderr.write(formatSummary(result.report, result.reportDir));
    if (flags.json) process.stdout.write(JSON.stringify(result.report, null, 2) + '\n');
    return result.exitCode;
  } finally {
    renderer.dispose();
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigint);
  }
}

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new InvalidArgumentError('expected a whole number from 1 to 64');
  return n;
}
