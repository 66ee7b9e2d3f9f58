import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RunSwarmResult } from '../../../src/core/engine/runOptions';
import { startScriptedServer, type ScriptedServer } from '../../fixtures/scriptedServer';
import { agentReply } from './support/scriptedAgentReplies';
import { setSwarmSetting, swarmApi, workspaceRoot } from './support/swarmExtension';

const REJECTED_KEY = 'sk-test-rejected-0000';
const ACCEPTED_KEY = 'sk-test-accepted-1111';

/** Keys from "Swarm: Set API Key" (SecretStorage) reach the OpenAI-compatible endpoint, rotate on 401, and are written nowhere. */
describe('API keys in SecretStorage', () => {
  let server: ScriptedServer | undefined;

  before(async () => {
    await swarmApi();
    server = await startScriptedServer({ acceptedKeys: [ACCEPTED_KEY], defaultReply: agentReply });
    const root = workspaceRoot();
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(root, 'key-requirements.md'), Buffer.from('# Keys\n\n- **KEY-1** (backend, must) The service lists its entries by name.\n'));
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(root, '.swarm', 'swarm.json'), Buffer.from(JSON.stringify({ cache: { enabled: false }, recovery: { backoffMs: [100, 100, 100] } })));
    await setSwarmSetting('requirementsFile', 'key-requirements.md');
    await setSwarmSetting('provider', 'openai-compatible');
    await setSwarmSetting('baseUrl', server.baseUrl);
  });

  after(async () => {
    await server?.close();
    await vscode.commands.executeCommand('swarm.setApiKey', []);
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(workspaceRoot(), '.swarm', 'swarm.json')).then(undefined, () => undefined);
    for (const key of ['requirementsFile', 'provider', 'baseUrl']) await setSwarmSetting(key, undefined);
  });

  it('rotates to the next stored key when the endpoint rejects one, and leaves no key in .swarm/', async () => {
    assert.ok(server);
    await vscode.commands.executeCommand('swarm.setApiKey', [REJECTED_KEY, ACCEPTED_KEY]);
    const result = await vscode.commands.executeCommand<RunSwarmResult | undefined>('swarm.run');
    assert.ok(result, 'Run Swarm returned no result (see the Swarm output channel)');
    assert.equal(result.report.status, 'passed', JSON.stringify(result.report.agents.map((a) => [a.id, a.status, a.errors])));
    // The first key is refused (401) before any agent starts; with only that key the run would stop.
    const used = new Set(server.authorizations());
    assert.deepEqual([...used], [ACCEPTED_KEY], 'the model calls should all carry the second stored key');

    const leaks: string[] = [];
    const scan = async (dir: vscode.Uri): Promise<void> => {
      for (const [name, type] of await vscode.workspace.fs.readDirectory(dir)) {
        const uri = vscode.Uri.joinPath(dir, name);
        if (type === vscode.FileType.Directory) await scan(uri);
        else if (type === vscode.FileType.File) {
          const text = Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('latin1');
          if (text.includes(REJECTED_KEY) || text.includes(ACCEPTED_KEY)) leaks.push(uri.fsPath);
        }
      }
    };
    await scan(vscode.Uri.joinPath(workspaceRoot(), '.swarm'));
    assert.deepEqual(leaks, [], 'a key was written into .swarm/');
  });
});
