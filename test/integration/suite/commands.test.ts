import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, swarmApi } from './support/swarmExtension';

describe('Swarm commands', () => {
  it('registers every command the manifest contributes', async () => {
    await swarmApi();
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as { contributes: { commands: { command: string }[] } };
    const contributed = manifest.contributes.commands.map((c) => c.command);
    assert.ok(contributed.length >= 12, `only ${contributed.length} commands contributed`);
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepEqual(
      contributed.filter((c) => !registered.has(c)),
      [],
    );
    for (const view of ['swarm.requirements.focus', 'swarm.agents.focus']) assert.ok(registered.has(view), `${view} is missing`);
  });

  it('toggles the not-covered filter of the Requirements view', async () => {
    const api = await swarmApi();
    await vscode.commands.executeCommand('swarm.filterRequirements');
    assert.equal(api.requirementsTree.filterNotCovered, true);
    await vscode.commands.executeCommand('swarm.clearRequirementsFilter');
    assert.equal(api.requirementsTree.filterNotCovered, false);
  });
});
