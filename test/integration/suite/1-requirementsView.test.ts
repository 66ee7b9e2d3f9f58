import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { childItems, iconIdOf, labelOf, swarmApi, topLevelItems, waitFor, workspaceRoot } from './support/swarmExtension';

// The fixture workspace `basic`: REQ-001 (frontend, must), REQ-002 (backend, must, depends on REQ-003), REQ-003.
describe('Requirements view before any run', () => {
  const requirementsUri = (): vscode.Uri => vscode.Uri.joinPath(workspaceRoot(), 'REQUIREMENTS.md');

  it('shows the workspace requirements as pending as soon as the folder is open', async () => {
    const api = await swarmApi();
    const items = await waitFor('three requirements in the tree', async () => {
      const top = await topLevelItems(api.requirementsTree);
      return top.length === 3 ? top : undefined;
    });
    assert.deepEqual(
      items.map((i) => labelOf(i.item).split(' ')[0]),
      ['REQ-001', 'REQ-002', 'REQ-003'],
    );
    for (const { item } of items) {
      assert.equal(iconIdOf(item), 'circle-large-outline', `${labelOf(item)} should show the pending icon`);
      assert.match(String(item.description), /^pending/);
    }
    assert.match(String(items[0].item.description), /must/);
    assert.equal(api.requirementsTree.describe(), '3 pending');
    assert.deepEqual(api.agentsTree.getChildren(), [], 'no tasks before a run');
  });

  it('lists criteria and prerequisites under a requirement', async () => {
    const api = await swarmApi();
    const [first, second] = await topLevelItems(api.requirementsTree);
    const criteria = (await childItems(api.requirementsTree, first.node)).map((c) => labelOf(c.item));
    assert.deepEqual(criteria, ['Each card shows title, description, tech tags and a link.', 'Cards come from GET /api/projects.']);
    const dependency = (await childItems(api.requirementsTree, second.node)).map((c) => labelOf(c.item));
    assert.ok(dependency.includes('Depends on REQ-003'), `children of REQ-002: ${JSON.stringify(dependency)}`);
  });

  it('re-reads the document when the file changes', async () => {
    const api = await swarmApi();
    const original = await vscode.workspace.fs.readFile(requirementsUri());
    const added = `${Buffer.from(original).toString('utf8').trimEnd()}\n- **REQ-004** (docs, could) A README explains how to run the site.\n`;
    try {
      await vscode.workspace.fs.writeFile(requirementsUri(), Buffer.from(added));
      const ids = await waitFor('REQ-004 in the tree', async () => {
        const labels = (await topLevelItems(api.requirementsTree)).map((i) => labelOf(i.item).split(' ')[0]);
        return labels.includes('REQ-004') ? labels : undefined;
      });
      assert.deepEqual(ids, ['REQ-001', 'REQ-002', 'REQ-003', 'REQ-004']);
    } finally {
      await vscode.workspace.fs.writeFile(requirementsUri(), original);
      await waitFor('the tree back to three requirements', () => api.requirementsTree.getChildren().length === 3);
    }
  });

  it('shows a requirement’s status when hovering its ID in the document', async () => {
    await swarmApi();
    const document = await vscode.workspace.openTextDocument(requirementsUri());
    const line = document.getText().split('\n').findIndex((l) => l.includes('REQ-002'));
    const position = new vscode.Position(line, document.lineAt(line).text.indexOf('REQ-002') + 2);
    const hovers = await waitFor('a hover on REQ-002', async () => {
      const result = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, position);
      const texts = result.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value)));
      return texts.some((t) => t.includes('REQ-002')) ? texts : undefined;
    });
    assert.ok(hovers.some((t) => /REQ-002\*\* · pending/.test(t)), `hover texts: ${JSON.stringify(hovers)}`);
  });
});
