import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RunSwarmResult } from '../../../src/core/engine/runOptions';
import { ScriptedAgentModel, TEST_VENDOR } from './support/scriptedLanguageModel';
import { iconIdOf, setSwarmSetting, swarmApi, topLevelItems, waitFor, workspaceRoot } from './support/swarmExtension';

const LM_REQUIREMENTS = `# Service

- **LM-1** (backend, must) GET /api/projects returns the projects as JSON.
  - Each project has an id and a title.
- **LM-2** (backend, should) Projects are sorted by title.
`;

/**
 * A run through VS Code's Language Model API: a model provider registered by the test (vendor
 * \`swarm-test\`, declared by the test-only extension in fixtures/lm-test-vendor), reached only through
 * Swarm's vscode.lm adapter — no API key, no HTTP.
 */
describe('Run Swarm with VS Code’s language models', () => {
  const model = new ScriptedAgentModel();
  let registration: vscode.Disposable | undefined;
  let cancelledRunId: string | undefined;

  before(async () => {
    await swarmApi();
    try {
      registration = vscode.lm.registerLanguageModelChatProvider(TEST_VENDOR, model);
    } catch (error) {
      throw new Error(
        `cannot register the test vendor "${TEST_VENDOR}" (${String(error)}): the harness must load test/integration/suite/fixtures/lm-test-vendor as a second extensionDevelopmentPath`,
      );
    }
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(workspaceRoot(), 'lm-requirements.md'), Buffer.from(LM_REQUIREMENTS));
    // Short waits between attempts keep the test quick should validation reject one; no response
    // cache, so the second run asks the model again (and can be cancelled while it does).
    const config = { recovery: { backoffMs: [100, 100, 100] }, cache: { enabled: false } };
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(workspaceRoot(), '.swarm', 'swarm.json'), Buffer.from(JSON.stringify(config)));
    await setSwarmSetting('requirementsFile', 'lm-requirements.md');
    await setSwarmSetting('provider', 'vscode-lm');
    await setSwarmSetting('languageModel.vendor', TEST_VENDOR);
  });

  after(async () => {
    registration?.dispose();
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(workspaceRoot(), '.swarm', 'swarm.json'));
    for (const key of ['requirementsFile', 'provider', 'languageModel.vendor']) await setSwarmSetting(key, undefined);
  });

  it('offers the registered model to Swarm', async () => {
    const models = await waitFor('the test model in vscode.lm', async () => {
      const found = await vscode.lm.selectChatModels({ vendor: TEST_VENDOR });
      return found.length > 0 ? found : undefined;
    });
    assert.equal(models[0].vendor, TEST_VENDOR);
  });

  it('runs every task through the adapter, with tool calls and tool results', async () => {
    const api = await swarmApi();
    const result = await vscode.commands.executeCommand<RunSwarmResult | undefined>('swarm.run');
    assert.ok(result, 'Run Swarm returned no result (see the Swarm output channel)');
    assert.equal(result.report.status, 'passed', JSON.stringify(result.report.agents.map((a) => ({ id: a.id, status: a.status, errors: a.errors }))));
    assert.equal(result.report.requirements.coverage, 1);

    assert.ok(model.requests.length >= 2, `the test model got ${model.requests.length} request(s)`);
    const first = model.requests[0];
    assert.deepEqual([...first.toolNames].sort(), ['finish', 'list_files', 'read_file', 'write_file']);
    const answered = model.requests.find((r) => r.messages.some((m) => m.content.some((p) => p instanceof vscode.LanguageModelToolResultPart)));
    assert.ok(answered, 'no request carried a LanguageModelToolResultPart answering the write_file call');
    const assistant = answered.messages.find((m) => m.role === vscode.LanguageModelChatMessageRole.Assistant);
    assert.ok(assistant?.content.some((p) => p instanceof vscode.LanguageModelToolCallPart), 'the tool call was not replayed as a LanguageModelToolCallPart');

    assert.match(api.state.run?.provider ?? '', /^vscode-lm swarm-test\//);
    const items = await waitFor('both requirements covered in the tree', async () => {
      const top = await topLevelItems(api.requirementsTree);
      return top.length === 2 && top.every((i) => iconIdOf(i.item) === 'pass-filled') ? top : undefined;
    });
    assert.equal(items.length, 2);
    for (const file of result.report.agents.flatMap((a) => a.files)) {
      await vscode.workspace.fs.stat(vscode.Uri.joinPath(workspaceRoot(), file));
    }
  });

  it('cancels a run from the progress notification’s cancel (Swarm: Cancel Run)', async () => {
    const api = await swarmApi();
    model.delayMs = 30_000;
    const asked = model.requests.length;
    try {
      const running = vscode.commands.executeCommand<RunSwarmResult | undefined>('swarm.run');
      await waitFor('a task running', () => api.state.tasks().some((t) => t.state === 'running'));
      await waitFor('the model asked', () => model.requests.length > asked);
      await vscode.commands.executeCommand('swarm.cancelRun');
      const result = await running;
      if (result) {
        assert.equal(result.exitCode, 130);
        assert.equal(result.report.status, 'cancelled');
      }
      assert.ok(model.cancelled > 0, 'the model call in flight was not cancelled');
      cancelledRunId = api.state.run?.runId;
    } finally {
      model.delayMs = 0;
    }
  });

  it('resumes the cancelled run (Swarm: Resume Run) and finishes it', async () => {
    assert.ok(cancelledRunId, 'the cancel test left no run');
    const result = await vscode.commands.executeCommand<RunSwarmResult | undefined>('swarm.resume', cancelledRunId);
    assert.ok(result, 'Resume Run returned no result (see the Swarm output channel)');
    assert.equal(result.report.runId, cancelledRunId);
    assert.equal(result.report.status, 'passed');
  });

  it('waits for approval, shows Approve on the task, and finishes once approved (Swarm: Approve)', async function () {
    this.timeout(60_000);
    const api = await swarmApi();
    const config = { recovery: { backoffMs: [100, 100, 100] }, cache: { enabled: false }, approval: 'always' };
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(workspaceRoot(), '.swarm', 'swarm.json'), Buffer.from(JSON.stringify(config)));
    let result = await vscode.commands.executeCommand<RunSwarmResult | undefined>('swarm.run');
    const approved: string[] = [];
    for (let round = 0; result?.report.status === 'needs-approval' && round < 5; round++) {
      const waiting = api.state.tasksNeedingApproval();
      assert.ok(waiting.length > 0, 'the run waits for approval but no task shows it');
      const items = await topLevelItems(api.agentsTree);
      const item = items.find((i) => (i.node as { taskId?: string }).taskId === waiting[0].taskId)?.item;
      assert.equal(item?.contextValue, 'task needs-approval', 'the Approve / Reject / Retry buttons are keyed on this context value');
      approved.push(waiting[0].taskId);
      // As the inline button does: the command gets the tree node.
      result = await vscode.commands.executeCommand<RunSwarmResult | undefined>('swarm.approveTask', { kind: 'task', taskId: waiting[0].taskId });
    }
    assert.ok(result, 'no result after approving');
    assert.ok(approved.length > 0, 'the run never waited for approval');
    assert.equal(result.report.status, 'passed', JSON.stringify(result.report.agents.map((a) => [a.taskId ?? a.id, a.status])));
    const audit = Buffer.from(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(workspaceRoot(), '.swarm', 'audit.jsonl'))).toString('utf8');
    const approvals = audit.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { action: string; taskId?: string }).filter((e) => e.action === 'approve');
    assert.ok(approved.every((id) => approvals.some((e) => e.taskId === id)), `audit approvals: ${JSON.stringify(approvals)}`);
  });
});
