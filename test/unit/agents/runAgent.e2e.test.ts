import { strict as assert } from 'node:assert';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runAgent } from '../../../src/core/agents/runAgent';
import { resolveTeam } from '../../../src/core/agents/team';
import { parseConfig } from '../../../src/core/config/loadConfig';
import { SwarmEvents } from '../../../src/core/events';
import { startLocalChatServer, type LocalChatServer } from '../../../src/core/llm/localServer/localChatServer';
import type { ScriptedReply } from '../../../src/core/llm/localServer/scriptedReply';
import { OpenAiCompatibleProvider } from '../../../src/core/llm/openAiCompatibleProvider';
import { readAuditLog, verifyAuditLog } from '../../../src/core/workspace/auditLog';
import { WorkspaceFiles } from '../../../src/core/workspace/workspaceFiles';
import { requirement } from './requirementFixture';

const COMPONENT = `import type { JSX } from 'react';

export function ProjectCard(props: { title: string; description: string }): JSX.Element {
  return (
    <article className="project-card">
      <h3>{props.title}</h3>
      <p>{props.description}</p>
    </article>
  );
}
`;

describe('runAgent through the OpenAI-compatible provider and a local chat server on 127.0.0.1', () => {
  let server: LocalChatServer;
  let root: string;

  afterEach(async () => {
    await server?.close();
    await rm(root, { recursive: true, force: true });
  });

  it('recovers from hostile output streamed in small chunks, writes within its paths and finishes', async () => {
    root = await mkdtemp(path.join(tmpdir(), 'swarm-agent-e2e-'));
    const replies: ScriptedReply[] = [
      { kind: 'message', content: 'Let me look around first.', toolCalls: [{ name: 'list_files', arguments: {} }], chunkSize: 3 },
      { kind: 'message', toolCalls: [{ name: 'write_file', arguments: '{"path": "src/components/ProjectCard.tsx", "content": "import' }], chunkSize: 5 },
      { kind: 'message', toolCalls: [{ name: 'write_file', arguments: '{"path": "src/components/Broken.tsx", "content": "export const x = 1;\\n"' }], finishReason: 'length', chunkSize: 7 },
      { kind: 'message', toolCalls: [{ name: 'exec', arguments: { command: 'cat /etc/passwd' } }] },
      { kind: 'message', toolCalls: [{ name: 'write_file', arguments: { path: '../../etc/cron.d/evil', content: '* * * * * root sh\n', requirements: [] } }] },
      { kind: 'message', content: 'Here is the component you asked for.' },
      {
        kind: 'message',
        toolCalls: [{ name: 'write_file', arguments: { path: 'src/components/ProjectCard.tsx', content: COMPONENT, requirements: ['REQ-001'] } }],
        chunkSize: 4,
      },
      { kind: 'message', toolCalls: [{ name: 'finish', arguments: { summary: 'ProjectCard renders a project', covered: ['REQ-001', 'REQ-404'] } }] },
      { kind: 'message', toolCalls: [{ name: 'finish', arguments: { summary: 'ProjectCard renders a project', covered: ['REQ-001'] } }] },
    ];
    server = await startLocalChatServer((_request, index) => replies[index] ?? { kind: 'error', status: 500, message: 'script exhausted' });
    const provider = new OpenAiCompatibleProvider({ baseUrl: server.baseUrl, apiKeys: ['sk-test-key-000'] });
    const frontend = resolveTeam(parseConfig({})).find((a) => a.id === 'frontend');
    assert.ok(frontend);
    const files = new WorkspaceFiles(root, { runId: 'run-e2e' });
    const events = new SwarmEvents();
    const steps: string[] = [];
    events.on('agent:step', (s) => steps.push(s.message));

    const outcome = await runAgent({
      runId: 'run-e2e',
      taskId: 'frontend-1',
      agent: frontend,
      attempt: 1,
      requirements: [requirement('REQ-001', 'Project cards', { criteria: ['Each card shows title and description'], capabilities: ['frontend'] })],
      provider,
      model: 'gpt-4o-mini',
      files,
      events,
    });

    assert.equal(outcome.stopReason, 'finish');
    assert.deepEqual(outcome.covered, ['REQ-001']);
    assert.equal(outcome.turns, 9);
    assert.deepEqual(outcome.files.map((f) => [f.path, f.requirements]), [['src/components/ProjectCard.tsx', ['REQ-001']]]);
    assert.equal(await readFile(path.join(root, 'src/components/ProjectCard.tsx'), 'utf8'), COMPONENT);
    assert.deepEqual(outcome.refused.map((r) => r.path), ['../../etc/cron.d/evil']);
    assert.deepEqual(outcome.toolErrors, [
      'turn 2: write_file: arguments are not valid JSON',
      'turn 3: write_file: arguments cut off at the output limit',
      'turn 4: call to unknown tool "exec"',
      'turn 6: reply 6 had no tool call',
      'turn 8: finish: invalid arguments: "covered[1]": "REQ-404" is not assigned to you; valid IDs: REQ-001',
    ]);
    assert.ok(steps.includes(`wrote src/components/ProjectCard.tsx (${Buffer.byteLength(COMPONENT)} B, REQ-001)`), steps.join('\n'));

    // What went over the wire: SPEC §3 tools with covered.items.enum, and every error given back as a tool result.
    const first = server.requests[0].body;
    assert.deepEqual(first.tools?.map((t) => t.function.name), ['write_file', 'read_file', 'list_files', 'finish']);
    const finishTool = first.tools?.find((t) => t.function.name === 'finish');
    assert.deepEqual((finishTool?.function.parameters as { properties: { covered: { items: unknown } } }).properties.covered.items, { type: 'string', enum: ['REQ-001'] });
    const lastTool = (index: number) => server.requests[index].body.messages.filter((m) => m.role === 'tool' || m.role === 'user').at(-1)?.content as string;
    assert.match(lastTool(2), /^error: the arguments of write_file are not valid JSON/);
    assert.match(lastTool(3), /^error: Your output was cut off at the output token limit \(finish_reason: length\)/);
    assert.match(lastTool(4), /^error: there is no tool "exec"/);
    assert.match(lastTool(5), /^error: the write to \.\.\/\.\.\/etc\/cron\.d\/evil was refused: the path escapes the workspace/);
    assert.match(lastTool(6), /^You replied without calling a tool/);
    assert.match(lastTool(8), /"REQ-404" is not assigned to you; valid IDs: REQ-001/);
    assert.equal(server.requests.length, 9);

    const audit = await readAuditLog(root);
    assert.deepEqual(audit.map((e) => [e.path, e.outcome, e.agent, e.runId, e.taskId]), [
      ['../../etc/cron.d/evil', 'refused', 'frontend', 'run-e2e', 'frontend-1'],
      ['src/components/ProjectCard.tsx', 'written', 'frontend', 'run-e2e', 'frontend-1'],
    ]);
    assert.equal((await verifyAuditLog(root)).ok, true);
    const auditText = await readFile(path.join(root, '.swarm/audit.jsonl'), 'utf8');
    assert.doesNotMatch(auditText, /sk-test-key-000/);
  });
});
