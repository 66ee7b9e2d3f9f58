// Run as a child process by auditLog.test.ts: appends N entries to a workspace's audit log.
//   node --import tsx appendAuditEntries.ts <workspace> <agent> <count> <start time, ms since the epoch>
import { setTimeout as sleep } from 'node:timers/promises';
import { AuditLog } from '../../../src/core/workspace/auditLog';

async function appendEntries(): Promise<void> {
  const [workspace, agent, count, startAt] = process.argv.slice(2);
  const log = new AuditLog(workspace);
  // All children start appending at the same moment, so their appends really contend.
  await sleep(Math.max(0, Number(startAt) - Date.now()));
  await Promise.all(
    Array.from({ length: Number(count) }, (_, i) =>
      log.append({ runId: `run-${agent}`, agent, action: 'write', path: `src/${agent}-${i}.ts`, sha256: 'a'.repeat(64), bytes: i, outcome: 'written' }),
    ),
  );
}

appendEntries().catch((error: unknown) => {
  process.stderr.write(String(error));
  process.exit(1);
});
