import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RunSwarmResult } from '../../../src/core/engine/runOptions';
import { childItems, iconIdOf, labelOf, swarmApi, topLevelItems, waitFor, workspaceRoot } from './support/swarmExtension';

/** "Swarm: Run Demo" in an open folder without a requirements document: the offline demo, end to end. */
describe('Run Demo', () => {
  let result: RunSwarmResult | undefined;

  before(async () => {
    const api = await swarmApi();
    // The demo goes into the open folder only when it has no REQUIREMENTS.md of its own.
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(workspaceRoot(), 'REQUIREMENTS.md'));
    await api.reloadRequirements();
  });

  it('writes the demo project and passes', async () => {
    result = await vscode.commands.executeCommand<RunSwarmResult | undefined>('swarm.runDemo');
    assert.ok(result, 'Run Demo returned no result (see the Swarm output channel)');
    assert.equal(result.report.status, 'passed', JSON.stringify(result.report.gates));
    assert.equal(result.report.demo, true);
    assert.ok(result.report.requirements.total >= 4, `the demo has ${result.report.requirements.total} requirements`);
  });

  it('fills the Requirements view: every requirement covered, with its agents and files', async () => {
    const api = await swarmApi();
    assert.ok(result);
    const total = result.report.requirements.total;
    const items = await waitFor('the demo requirements in the tree', async () => {
      const top = await topLevelItems(api.requirementsTree);
      return top.length === total ? top : undefined;
    });
    for (const { item } of items) {
      assert.equal(iconIdOf(item), 'pass-filled', `${labelOf(item)} is not shown covered`);
      assert.match(String(item.description), /^covered/);
    }
    assert.equal(api.requirementsTree.describe(), `${total}/${total} covered (100%)`);
    const children = await childItems(api.requirementsTree, items[0].node);
    assert.ok(children.some((c) => c.item.contextValue === 'agent'), 'no agent under the first requirement');
    assert.ok(children.some((c) => c.item.contextValue === 'file'), 'no file under the first requirement');
  });

  it('fills the Agents view with the tasks, each succeeded, with attempts and tokens', async () => {
    const api = await swarmApi();
    assert.ok(result);
    const tasks = await topLevelItems(api.agentsTree);
    assert.equal(tasks.length, result.report.agents.length);
    for (const { item } of tasks) {
      assert.equal(iconIdOf(item), 'pass-filled', `${labelOf(item)}: ${String(item.description)}`);
      assert.match(String(item.description), /succeeded · attempt \d/);
      assert.equal(item.contextValue, 'task succeeded');
    }
    assert.ok(
      tasks.some(({ item }) => /attempt [2-9]/.test(String(item.description))),
      'the demo’s scripted stub should have been caught and retried by one agent',
    );
  });

  it('opens a file when its node is clicked', async function () {
    this.timeout(60_000); // the first editor of a language starts its language features
    const api = await swarmApi();
    const [first] = await topLevelItems(api.requirementsTree);
    const file = (await childItems(api.requirementsTree, first.node)).find((c) => c.item.contextValue === 'file');
    assert.ok(file?.item.command, 'a file node without a command');
    await vscode.commands.executeCommand(file.item.command.command, ...(file.item.command.arguments ?? []));
    const editor = await waitFor('an editor on the file', () => vscode.window.activeTextEditor);
    const expected = (file.item.resourceUri as vscode.Uri).fsPath;
    assert.equal(editor.document.uri.fsPath, expected);
    assert.ok(expected.startsWith(workspaceRoot().fsPath + path.sep), `${expected} is outside the workspace`);
  });

  it('reveals the open file’s requirement in the Requirements view', async function () {
    this.timeout(60_000);
    const api = await swarmApi();
    const [first] = await topLevelItems(api.requirementsTree);
    const file = (await childItems(api.requirementsTree, first.node)).find((c) => c.item.contextValue === 'file');
    assert.ok(file?.item.resourceUri);
    await vscode.window.showTextDocument(file.item.resourceUri);
    const revealed = await vscode.commands.executeCommand<string[] | undefined>('swarm.revealInRequirements');
    const requirementId = labelOf(first.item).split(' ')[0];
    assert.ok(revealed?.includes(requirementId), `Reveal in Requirements found ${JSON.stringify(revealed)}, expected ${requirementId}`);
  });

  it('shows the report in the Markdown preview', async () => {
    const uri = await vscode.commands.executeCommand<vscode.Uri | undefined>('swarm.showReport');
    assert.ok(uri, 'Show Report found no report');
    assert.equal(path.basename(uri.fsPath), 'report.md');
    const text = Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8');
    assert.ok(text.length > 0);
  });

  it('rolls back one task’s files (Swarm: Roll Back)', async () => {
    const api = await swarmApi();
    assert.ok(result);
    const docs = result.report.agents.find((a) => a.id === 'docs' && a.files.length > 0);
    assert.ok(docs, `no docs task with files: ${JSON.stringify(result.report.agents.map((a) => [a.id, a.files]))}`);
    const taskId = docs.taskId ?? docs.id;
    const rolledBack = await vscode.commands.executeCommand<{ restored: string[]; removed: string[]; skipped: string[] } | undefined>('swarm.rollBack', {
      taskId,
      runId: api.state.run?.runId,
      confirm: false,
    });
    assert.ok(rolledBack, 'Roll Back returned nothing (see the Swarm output channel)');
    assert.deepEqual([...rolledBack.restored, ...rolledBack.removed].sort(), [...docs.files].sort());
    for (const file of rolledBack.removed) {
      await assert.rejects(Promise.resolve(vscode.workspace.fs.stat(vscode.Uri.joinPath(workspaceRoot(), file))), `${file} should be gone`);
    }
  });

  it('shows a run that ended elsewhere (the CLI) from its report.json', async () => {
    const api = await swarmApi();
    assert.ok(result);
    const newer = structuredClone(result.report);
    newer.runId = `${result.report.runId.slice(0, -4)}zzzz`;
    newer.status = 'failed';
    const first = newer.requirements.items[0];
    first.status = 'partial';
    first.evidence = { accepted: true, fileClaims: true, agentClaimed: true, placeholderFree: false };
    // As a run does: its folder (and journal) first, the report at its end.
    const dir = vscode.Uri.joinPath(workspaceRoot(), '.swarm', 'runs', newer.runId);
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(dir, 'journal.jsonl'), Buffer.from(''));
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(dir, 'report.json'), Buffer.from(JSON.stringify(newer)));
    const item = await waitFor('the newer report in the Requirements view', async () => {
      const top = await topLevelItems(api.requirementsTree);
      const shown = top.find((i) => labelOf(i.item).startsWith(`${first.id} `));
      return api.state.run?.runId === newer.runId && shown ? shown.item : undefined;
    });
    assert.equal(iconIdOf(item), 'circle-large-filled');
    assert.equal(String(item.description).split(' · ')[0], 'partial 3/4');
  });
});
