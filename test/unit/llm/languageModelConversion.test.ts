import assert from 'node:assert/strict';
import { ApiKeyRejectedError } from '../../../src/core/llm/apiKeyRejectedError';
import {
  fromLanguageModelError,
  LanguageModelAnswerAssembler,
  toLanguageModelMessages,
  toLanguageModelTools,
} from '../../../src/core/llm/languageModelConversion';
import { WRITE_FILE_TOOL } from '../../fixtures/llm/harness';

describe('vscode.lm conversion (core half of the adapter)', () => {
  it('puts the system prompt first as user text, tool results in a user message after the calls, and merges same-role runs', () => {
    const messages = toLanguageModelMessages([
      { role: 'system', content: 'You are the tests agent.' },
      { role: 'user', content: 'Cover REQ-1.' },
      { role: 'assistant', content: 'Reading.', toolCalls: [{ id: 'c1', name: 'read_file', arguments: '{"path":"a.ts"}' }, { id: 'c2', name: 'list_files', arguments: '{bad' }] },
      { role: 'tool', toolCallId: 'c1', content: 'text of a.ts' },
      { role: 'tool', toolCallId: 'c2', content: 'error: unparseable arguments' },
    ]);
    assert.deepEqual(messages, [
      {
        role: 'user',
        parts: [
          { kind: 'text', text: 'You are the tests agent.' },
          { kind: 'text', text: 'Cover REQ-1.' },
        ],
      },
      {
        role: 'assistant',
        parts: [
          { kind: 'text', text: 'Reading.' },
          { kind: 'toolCall', callId: 'c1', name: 'read_file', input: { path: 'a.ts' } },
          { kind: 'toolCall', callId: 'c2', name: 'list_files', input: { unparsedArguments: '{bad' } },
        ],
      },
      {
        role: 'user',
        parts: [
          { kind: 'toolResult', callId: 'c1', text: 'text of a.ts' },
          { kind: 'toolResult', callId: 'c2', text: 'error: unparseable arguments' },
        ],
      },
    ]);
  });

  it('offers the tools with their JSON schema', () => {
    assert.deepEqual(toLanguageModelTools([WRITE_FILE_TOOL]), [{ name: 'write_file', description: WRITE_FILE_TOOL.description, inputSchema: WRITE_FILE_TOOL.parameters }]);
  });

  it('assembles streamed parts into an answer', () => {
    const assembler = new LanguageModelAnswerAssembler();
    assembler.addText('Writing ');
    assembler.addText('now.');
    assembler.addToolCall('t1', 'write_file', { path: 'a', content: 'b', requirements: [] });
    const answer = assembler.result('copilot-gpt-4o', { promptTokens: 12 });
    assert.equal(answer.content, 'Writing now.');
    assert.deepEqual(answer.toolCalls, [{ id: 't1', name: 'write_file', arguments: '{"path":"a","content":"b","requirements":[]}' }]);
    assert.equal(answer.finishReason, 'tool_calls');
    assert.equal(answer.usage.promptTokens, 12);
    assert.ok(answer.usage.completionTokens > 0);
  });

  it('gives LanguageModelError codes clear messages and the right retry class', () => {
    const consent = fromLanguageModelError('NoPermissions', 'denied', 'GPT-4o');
    assert.ok(consent instanceof ApiKeyRejectedError);
    assert.match(consent.message, /Manage Language Model Access|Set API Key/);
    const blocked = fromLanguageModelError('Blocked', 'quota', 'GPT-4o');
    assert.equal(blocked.retryable, true);
    assert.equal(blocked.status, 429);
    assert.equal(fromLanguageModelError('NotFound', 'gone', 'GPT-4o').retryable, false);
  });
});
