import { Command } from 'commander';
import { existsSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { SwarmInputError } from '../../core/errors';
import { verifyAuditLog } from '../../core/workspace/auditLog';

/** `swarm audit verify [--workspace DIR] [--json]`: checks the hash chain of `.swarm/audit.jsonl`. Exit 0 intact, 1 tampered, 2 bad input. */
export function auditCommand(): Command {
  const audit = new Command('audit').description("the workspace's audit log of every write, approval, rejection and rollback");
  audit
    .command('verify')
    .description('check that .swarm/audit.jsonl is intact: every entry unchanged, none removed, inserted or reordered (exit 1 if not)')
    .option('--workspace <dir>', 'the workspace', '.')
    .option('--json', 'print the result as one JSON document')
    .exitOverride()
    .action(async (options: { workspace: string; json?: boolean }) => {
      const workspace = path.resolve(options.workspace);
      if (!existsSync(workspace) || !statSync(workspace).isDirectory()) throw new SwarmInputError(`the workspace ${workspace} is not a directory`);
      const result = await verifyAuditLog(workspace);
      if (options.json) {
        process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      } else if (result.ok) {
        process.stdout.write(result.entries ? `audit log intact: ${result.entries} entries verified (${result.file})\n` : `no audit entries yet (${result.file})\n`);
      } else {
        process.stdout.write(`audit log TAMPERED at line ${result.brokenAt} of ${result.file}: ${result.reason}\n(${result.entries} entries before it verify)\n`);
      }
      process.exitCode = result.ok ? 0 : 1;
    });
  return audit;
}
