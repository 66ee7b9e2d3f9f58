import assert from 'node:assert/strict';
import { agentToolDefinitions, agentToolSchemas } from '../../../src/core/agents/agentTools';
import { buildSystemPrompt, buildTaskMessage } from '../../../src/core/agents/agentPrompt';
import { readAgentConversation } from '../../../src/core/demo/agentConversation';
import type { ChatMessage } from '../../../src/core/llm/chatProvider';
import type { ReceivedChatRequest } from '../../../src/core/llm/localServer/scriptedReply';
import { toOpenAiMessages, toOpenAiTools } from '../../../src/core/llm/openAiWireFormat';
import type { Requirement } from '../../../src/core/requirements/requirement';

const requirement = (id: string): Requirement => ({
  id,
  title: `title of ${id}`,
  description: '',
  criteria: [],
  dependsOn: [],
  capabilities: ['backend'],
  source: { file: 'REQUIREMENTS.md', line: 1 },
});

const agent = {
  id: 'backend',
  role: 'You are the backend engineer. No placeholders, no TODO, no "not implemented".',
  capabilities: ['backend'],
  dependsOn: [],
  maxTurns: 24,
  timeoutMs: 600000,
  allowedPaths: ['server/**'],
};

/** A request body exactly as the engine's provider sends it: the real prompt builders, tools and wire format. */
function body(ids: string[], messages: ChatMessage[]): ReceivedChatRequest['body'] {
  const system = buildSystemPrompt({ agent: agent as never, requirements: ids.map(requirement), maxFileBytes: 512 * 1024 });
  return {
    model: 'swarm-demo-model',
    stream: true,
    messages: toOpenAiMessages([{ role: 'system', content: system }, ...messages]) as unknown as Record<string, unknown>[],
    tools: toOpenAiTools(agentToolDefinitions(agentToolSchemas(ids))) as ReceivedChatRequest['body']['tools'],
  };
}

const task = (ids: string[]): ChatMessage => ({ role: 'user', content: buildTaskMessage({ requirements: ids.map(requirement), attempt: 1 }) });
const call = (id: string, name: string, args: Record<string, unknown>): ChatMessage => ({
  role: 'assistant',
  content: null,
  toolCalls: [{ id, name, arguments: JSON.stringify(args) }],
});
const result = (id: string, content: string): ChatMessage => ({ role: 'tool', toolCallId: id, content });

describe('demo model: reading an agent conversation', () => {
  it('takes the assigned IDs from the finish tool’s enum', () => {
    const conversation = readAgentConversation(body(['DEMO-1', 'DEMO-2'], [task(['DEMO-1', 'DEMO-2'])]));
    assert.equal(conversation.isAgentTurn, true);
    assert.deepEqual(conversation.assigned, ['DEMO-1', 'DEMO-2']);
    assert.equal(conversation.retry, false);
    assert.equal(conversation.attempt.listing, undefined);
  });

  it('is not an agent turn without a finish tool', () => {
    const conversation = readAgentConversation({ model: 'm', messages: [{ role: 'user', content: 'hello' }] });
    assert.equal(conversation.isAgentTurn, false);
    assert.deepEqual(conversation.assigned, []);
  });

  it('follows progress through list, read, write and finish calls', () => {
    const conversation = readAgentConversation(
      body(['DEMO-2'], [
        task(['DEMO-2']),
        call('c1', 'list_files', {}),
        result('c1', 'server/notesStore.js\nREQUIREMENTS.md'),
        call('c2', 'read_file', { path: 'server/notesStore.js' }),
        result('c2', '// TODO: a read file that mentions a placeholder is content, not findings'),
        call('c3', 'write_file', { path: 'server/app.js', content: 'x', requirements: ['DEMO-2'] }),
        result('c3', 'ok: 1 byte written'),
      ]),
    );
    assert.equal(conversation.retry, false, 'read_file results are never taken for findings');
    assert.equal(conversation.attempt.listing, 'server/notesStore.js\nREQUIREMENTS.md');
    assert.deepEqual([...conversation.attempt.read], ['server/notesStore.js']);
    assert.deepEqual([...conversation.attempt.written], ['server/app.js']);
    assert.equal(conversation.attempt.finished, false);
  });

  it('recognises a retry from the engine’s retry message, and starts the attempt there', () => {
    const retryMessage = buildTaskMessage({
      requirements: [requirement('DEMO-1')],
      attempt: 2,
      retry: {
        findings: [{ rule: 'no-placeholder', file: 'server/notesStore.js', line: 22, message: 'not-implemented-throw: throws "Not implemented"', suggestion: 'Implement it.' }],
        previousFiles: ['server/notesStore.js'],
      },
    });
    const conversation = readAgentConversation(body(['DEMO-1'], [{ role: 'user', content: retryMessage }]));
    assert.equal(conversation.retry, true);
    assert.match(conversation.feedback ?? '', /server\/notesStore\.js:22/);
    assert.equal(conversation.attempt.written.size, 0);
  });

  it('recognises findings given back later in the same conversation, counting only what follows them', () => {
    const conversation = readAgentConversation(
      body(['DEMO-1'], [
        task(['DEMO-1']),
        call('c1', 'write_file', { path: 'server/notesStore.js', content: 'x', requirements: ['DEMO-1'] }),
        result('c1', 'ok'),
        call('c2', 'finish', { summary: 'done', covered: ['DEMO-1'] }),
        result('c2', 'Rejected by validation: server/notesStore.js:12 placeholder'),
        call('c3', 'read_file', { path: 'server/notesStore.js' }),
        result('c3', 'x'),
      ]),
    );
    assert.equal(conversation.retry, true);
    assert.deepEqual([...conversation.attempt.read], ['server/notesStore.js']);
    assert.equal(conversation.attempt.written.size, 0);
    assert.equal(conversation.attempt.finished, false);
  });

  it('reads text from content parts too', () => {
    const conversation = readAgentConversation({
      model: 'm',
      messages: [
        { role: 'system', content: 'no placeholders' },
        { role: 'user', content: [{ type: 'text', text: 'Implement DEMO-1.' }] },
        { role: 'user', content: [{ type: 'text', text: '1. server/notesStore.js:3: a placeholder [no-placeholder]' }] },
      ],
    });
    assert.equal(conversation.retry, true);
  });
});
