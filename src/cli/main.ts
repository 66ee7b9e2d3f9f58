import { Command, CommanderError } from 'commander';
import { SwarmCancelledError, SwarmInputError, errorMessage } from '../core/errors';
import { version } from '../../package.json';
import { auditCommand } from './commands/audit';
import { metricsCommand } from './commands/metrics';
import { planCommand } from './commands/plan';
import { reportCommand } from './commands/report';
import { rollbackCommand } from './commands/rollback';
import { resumeCommand, runCommand } from './commands/run';
import { scanCommand } from './commands/scan';

export function buildProgram(): Command {
  const program = new Command('swarm')
    .description('Run a multi-agent LLM swarm on a requirements document, validated, traced and audited.')
    .version(version, '-v, --version')
    .showHelpAfterError()
    .exitOverride();
  for (const command of [runCommand(), resumeCommand(), planCommand(), scanCommand(), reportCommand(), metricsCommand(), auditCommand(), rollbackCommand()]) {
    // addCommand does not pass settings down: each command prints its own usage after a usage error.
    program.addCommand(command.exitOverride().showHelpAfterError());
  }
  return program;
}

/** Runs the CLI; resolves to the process exit code (SPEC §4). */
export async function main(argv: string[]): Promise<number> {
  process.exitCode = 0;
  try {
    await buildProgram().parseAsync(argv, { from: 'user' });
    return Number(process.exitCode ?? 0);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit 0; every usage error is bad input.
      return error.exitCode === 0 || error.code === 'commander.helpDisplayed' || error.code === 'commander.version' ? 0 : 2;
    }
    if (error instanceof SwarmInputError) {
      process.stderr.write(`swarm: ${error.message}\n`);
      return 2;
    }
    if (error instanceof SwarmCancelledError) {
      process.stderr.write(`swarm: ${error.message}\n`);
      return 130;
    }
    process.stderr.write(`swarm: unexpected error: ${errorMessage(error)}\n${error instanceof Error && process.env.SWARM_DEBUG ? (error.stack ?? '') : ''}`);
    return 1;
  }
}

/**
 * Exits once stdout and stderr are flushed: writes to a pipe are asynchronous, and exiting at once
 * cuts a large `--json` report short when the reader is slower than the writer.
 */
function exitWhenFlushed(code: number): void {
  const flushed = (stream: NodeJS.WriteStream) => new Promise<void>((resolve) => stream.write('', () => resolve()));
  void Promise.all([flushed(process.stdout), flushed(process.stderr)]).then(() => process.exit(code));
}

if (require.main === module) {
  main(process.argv.slice(2)).then(exitWhenFlushed, (error: unknown) => {
    process.stderr.write(`swarm: ${errorMessage(error)}\n`);
    exitWhenFlushed(1);
  });
}
