import assert from 'node:assert/strict';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import { ChatStreamAssembler } from '../../../src/core/llm/chatStreamAssembler';

function chunk(delta: Record<string, unknown>, finish: string | null = null, extra: Partial<ChatCompletionChunk> = {}): ChatCompletionChunk {
  return { id: 'c', object: 'chat.completion.chunk', created: 0, model: 'm', choices: [{ index: 0, delta, finish_reason: finish as never }], ...extra };
}

describe('chat stream assembler', () => {
  it('joins content and takes the final usage chunk', () => {
    const assembler = new ChatStreamAssembler();
    assembler.add(chunk({ role: 'assistant', content: '' }));
    assembler.add(chunk({ content: 'Hel' }));
    assembler.add(chunk({ content: 'lo' }));
    assert.equal(assembler.finished, false);
    assembler.add(chunk({}, 'stop'));
    assembler.add({ id: 'c', object: 'chat.completion.chunk', created: 0, model: 'm-2024', choices: [], usage: { prompt_tokens: 4, completion_tokens: 2, total_tokens: 6 } });
    assert.equal(assembler.finished, true);
    assert.deepEqual(assembler.result('m', 99), { content: 'Hello', toolCalls: [], finishReason: 'stop', usage: { promptTokens: 4, completionTokens: 2 }, model: 'm-2024' });
  });

  it('assembles interleaved tool calls by index', () => {
    const assembler = new ChatStreamAssembler();
    assembler.add(chunk({ tool_calls: [{ index: 0, id: 'a', type: 'function', function: { name: 'read_file', arguments: '' } }] }));
    assembler.add(chunk({ tool_calls: [{ index: 1, id: 'b', type: 'function', function: { name: 'list_files', arguments: '{"pat' } }] }));
    assembler.add(chunk({ tool_calls: [{ index: 0, function: { arguments: '{"path":' } }] }));
    assembler.add(chunk({ tool_calls: [{ index: 1, function: { arguments: 'tern":"*"}' } }] }));
    assembler.add(chunk({ tool_calls: [{ index: 0, function: { arguments: '"x"}' } }] }, 'tool_calls'));
    const result = assembler.result('m', 1);
    assert.deepEqual(result.toolCalls, [
      { id: 'a', name: 'read_file', arguments: '{"path":"x"}' },
      { id: 'b', name: 'list_files', arguments: '{"pattern":"*"}' },
    ]);
    assert.equal(result.content, null);
    assert.equal(result.finishReason, 'tool_calls');
  });

  it('copes with servers that omit the index or repeat the name, and estimates missing usage', () => {
    const assembler = new ChatStreamAssembler();
    assembler.add(chunk({ tool_calls: [{ id: 'a', function: { name: 'finish', arguments: '{"summary":' } }] }));
    assembler.add(chunk({ tool_calls: [{ function: { name: 'finish', arguments: '"ok"}' } }] }));
    assembler.add(chunk({ tool_calls: [{ id: 'b', function: { name: 'read_file', arguments: '{}' } }] }, 'tool_calls'));
    const result = assembler.result('m', 7);
    assert.deepEqual(
      result.toolCalls.map((c) => [c.id, c.name, c.arguments]),
      [
        ['a', 'finish', '{"summary":"ok"}'],
        ['b', 'read_file', '{}'],
      ],
    );
    assert.equal(result.usage.promptTokens, 7);
    assert.ok(result.usage.completionTokens > 0);
  });

  it('maps unknown finish reasons to other', () => {
    const assembler = new ChatStreamAssembler();
    assembler.add(chunk({ content: 'x' }, 'function_call'));
    assert.equal(assembler.result('m', 0).finishReason, 'other');
  });
});
