import * as path from 'node:path';
import type { Cmd, Ctx } from '../ctx';
import { addPlaceholderApproval } from '../approvals/placeholderApprovals';

/**
 * The language server's quick fix "approve this placeholder": `{ file, sha256, rule, line }`. Recorded
 * in `.swarm/approvals.json` and the audit log; the server is told to check again.
 */
export function approvePlaceholder(ctx: Ctx): Cmd {
  return async (arg?: unknown) => {
    const folder = ctx.workspaceFolder;
    if (!folder || typeof arg !== 'object' || arg === null) return false;
    const { file, sha256, rule, line } = arg as Record<string, unknown>;
    if (typeof file !== 'string' || typeof sha256 !== 'string' || typeof rule !== 'string') return false;
    const workspace = folder.uri.fsPath;
    const absolute = path.isAbsolute(file) ? file : path.join(workspace, file);
    const relative = path.relative(workspace, absolute).split(path.sep).join('/');
    const added = await addPlaceholderApproval(workspace, { file: relative, sha256, rule });
    if (added) {
      await ctx.engine.appendAudit(workspace, {
        runId: ctx.state.run?.runId ?? 'none',
        agent: 'user',
        action: 'approve',
        path: relative,
        sha256,
        outcome: 'approved',
        reason: `placeholder ${rule}${typeof line === 'number' ? ` at line ${line}` : ''} approved`,
        details: { kind: 'placeholder', rule, ...(typeof line === 'number' && { line }) },
      });
      ctx.log.info(`user approved the placeholder ${rule} in ${relative}${typeof line === 'number' ? `:${line}` : ''}`);
    }
    await ctx.ui.languageClient?.approvalsChanged();
    return added;
  };
}
