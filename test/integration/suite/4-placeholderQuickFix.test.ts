import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { swarmApi, waitFor, workspaceRoot } from './support/swarmExtension';

const STUB = `export function invoiceTotal(amounts: number[]): number {
  // TODO: implement the total
  throw new Error('not implemented');
}
`;

/** The language server flags a stub; its quick fix "Approve anyway" runs the extension's swarm.approvePlaceholder. */
describe('Placeholder diagnostics and the approve quick fix', () => {
  it('approves a placeholder: recorded in .swarm/approvals.json and the audit log, and the diagnostic goes away', async function () {
    this.timeout(60_000);
    await swarmApi();
    const uri = vscode.Uri.joinPath(workspaceRoot(), 'src', 'billing', 'invoice.ts');
    await vscode.workspace.fs.writeFile(uri, Buffer.from(STUB));
    await vscode.window.showTextDocument(uri);
    const swarmDiagnostics = (): vscode.Diagnostic[] => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'swarm');
    const found = await waitFor('placeholder diagnostics from the Swarm language server', () => (swarmDiagnostics().length > 0 ? swarmDiagnostics() : undefined), 30_000);

    const diagnostic = found[0];
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
    const approve = actions.find((a) => a.title === 'Approve anyway');
    assert.ok(approve?.command, `no "Approve anyway" quick fix; actions: ${JSON.stringify(actions.map((a) => a.title))}`);
    assert.equal(approve.command.command, 'swarm.approvePlaceholder');
    const rule = (approve.command.arguments?.[0] as { rule: string }).rule;
    const ofRule = (d: vscode.Diagnostic): boolean => d.code === rule || String((d.code as { value?: unknown } | undefined)?.value) === rule;
    assert.ok(swarmDiagnostics().some(ofRule), `no diagnostic of ${rule}: ${JSON.stringify(swarmDiagnostics().map((d) => d.code))}`);
    const added = await vscode.commands.executeCommand<boolean>(approve.command.command, ...(approve.command.arguments ?? []));
    assert.equal(added, true);

    const approvals = JSON.parse(Buffer.from(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(workspaceRoot(), '.swarm', 'approvals.json'))).toString('utf8')) as {
      approvals: { file: string; rule: string; sha256: string }[];
    };
    assert.ok(approvals.approvals.some((a) => a.file === 'src/billing/invoice.ts' && a.rule === rule), JSON.stringify(approvals));
    const audit = Buffer.from(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(workspaceRoot(), '.swarm', 'audit.jsonl'))).toString('utf8');
    assert.ok(
      audit.split('\n').some((line) => line.includes('"action":"approve"') && line.includes('src/billing/invoice.ts') && line.includes(rule)),
      'no approve entry for the placeholder in the audit log',
    );
    const line = (approve.command.arguments?.[0] as { line: number }).line;
    await waitFor(`the approved ${rule} finding gone`, () => !swarmDiagnostics().some(ofRule), 20_000);
    assert.ok(line >= 1);
  });
});
