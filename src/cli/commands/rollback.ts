import { Command } from 'commander';
import * as path from 'node:path';
import { applyRollBack, planRollBack } from '../../core/engine/rollBack';

export function rollbackCommand(): Command {
  return new Command('rollback')
    .description("restore the workspace to before a run (or one task's files to before that task)")
    .option('--workspace <dir>', 'the workspace folder (default: the current folder)')
    .option('--run <id>', 'the run (default: the latest)')
    .option('--task <id>', "only this task's files")
    .option('--force', 'also overwrite files changed since the run (default: keep them)')
    .option('--dry-run', 'show what would change, change nothing')
    .option('--json', 'print the result as one JSON document')
    .action(async (flags: { workspace?: string; run?: string; task?: string; force?: boolean; dryRun?: boolean; json?: boolean }) => {
      const workspace = path.resolve(flags.workspace ?? '.');
      const plan = await planRollBack({ workspace, runId: flags.run, taskId: flags.task });
      const result = flags.dryRun ? undefined : await applyRollBack(workspace, plan, flags.force ? plan.conflicts : []);
      if (flags.json) {
        process.stdout.write(JSON.stringify({ runId: plan.runId, taskId: plan.taskId, restore: plan.restore, remove: plan.remove, conflicts: plan.conflicts, result }, null, 2) + '\n');
        return;
      }
      const what = plan.taskId ? `task ${plan.taskId} of run ${plan.runId}` : `run ${plan.runId}`;
      const lines = [`Roll back ${what}${flags.dryRun ? ' (dry run)' : ''}:`];
      for (const file of plan.restore) lines.push(`  restore  ${file}${plan.conflicts.includes(file) ? (flags.force ? '  (overwrites your changes)' : '  (kept: you changed it since)') : ''}`);
      for (const file of plan.remove) lines.push(`  remove   ${file}${plan.conflicts.includes(file) ? (flags.force ? '  (overwrites your changes)' : '  (kept: you changed it since)') : ''}`);
      if (!plan.restore.length && !plan.remove.length) lines.push('  nothing to change');
      if (result?.skipped.length) lines.push(`${result.skipped.length} file(s) kept because they changed since the run; use --force to overwrite them.`);
      process.stderr.write(lines.join('\n') + '\n');
    });
}
