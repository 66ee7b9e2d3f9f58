import assert from 'node:assert/strict';
import { OpenAiCompatibleProvider } from '../../../src/core/llm/openAiCompatibleProvider';
import { chatRequest } from '../../fixtures/llm/harness';
import { reply, startScriptedServer, type ScriptedServer } from '../../fixtures/scriptedServer';

describe('scripted server fixture', () => {
  let server: ScriptedServer;
  let provider: OpenAiCompatibleProvider;
  beforeEach(async () => {
    server = await startScriptedServer();
    provider = new OpenAiCompatibleProvider({ baseUrl: server.baseUrl, apiKeys: [] });
  });
  afterEach(() => server.close());

  const ask = (system: string, text = 'go') =>
    provider.complete(
      chatRequest(text, {
        messages: [
          { role: 'system', content: system },
          { role: 'user', content: text },
        ],
      }),
    );

  it('routes replies by the system prompt before the shared queue, in order', async () => {
    server.route('frontend agent', reply.text('f1'), reply.text('f2')).route(/backend/, reply.text('b1')).enqueue(reply.text('shared'));
    assert.equal((await ask('You are the backend agent.')).content, 'b1');
    assert.equal((await ask('You are the frontend agent.')).content, 'f1');
    assert.equal((await ask('You are the backend agent.')).content, 'shared', 'an exhausted route falls through to the queue');
    assert.equal((await ask('You are the frontend agent.')).content, 'f2');
    server.expectScriptConsumed();
    server.expectCalls(4);
  });

  it('answers a loud 400 when the script runs out, unless a default is set', async () => {
    await assert.rejects(ask('anyone'), /no reply queued for request #0/);
    server.setDefault((_request, index) => reply.text(`default ${index}`));
    assert.equal((await ask('anyone')).content, 'default 1');
  });

  it('fails an expectation with the requests it did receive', async () => {
    server.enqueue(reply.text('x'));
    await ask('sys', 'the question');
    assert.throws(() => server.expectCalls(2), /expected 2 model call\(s\), the scripted server received 1:\n {2}#0 .*the question/);
    server.enqueue(reply.text('unused'));
    assert.throws(() => server.expectScriptConsumed(), /1 scripted/);
    assert.throws(() => server.request(5), /no #5/);
  });
});
