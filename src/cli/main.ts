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
    .showHelpAfterError('(run "swarm --help" for usage)')
    .exitOverride();
  for (const command of [runCommand(), resumeCommand(), planCommand(), scanCommand(), reportCommand(), metricsCommand(), auditCommand(), rollbackCommand()]) {
    program.addCommand(command.exitOverride());
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

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`swarm: ${errorMessage(error)}\n`);
      process.exit(1);
    },
  );
}
