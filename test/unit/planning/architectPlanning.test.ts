import assert from 'node:assert/strict';
import { resolveTeam } from '../../../src/core/agents/team';
import { startLocalChatServer, type LocalChatServer } from '../../../src/core/llm/localServer/localChatServer';
import type { ScriptedReply } from '../../../src/core/llm/localServer/scriptedReply';
import { OpenAiCompatibleProvider } from '../../../src/core/llm/openAiCompatibleProvider';
import { planWithArchitect } from '../../../src/core/planning/architectPlanning';
import { parseRequirementsText } from '../../../src/core/requirements/parseRequirements';

const team = resolveTeam({ agents: [] });
const document = parseRequirementsText(
  'REQUIREMENTS.md',
  ['- A-1 (backend) Store the notes', '- A-2 Members export their notes as a spreadsheet', '- A-3 The export is documented in the user guide', '  - Depends on: A-2'].join('\n'),
).document;

describe('model-assisted planning (the architect)', () => {
  let server: LocalChatServer | undefined;
  const serve = async (reply: ScriptedReply) => {
    server = await startLocalChatServer(() => reply);
    return new OpenAiCompatibleProvider({ baseUrl: server.baseUrl, apiKeys: [] });
  };
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('asks once about the untagged requirements and moves the ones the architect reassigns, with its reason', async () => {
    const provider = await serve({
      kind: 'message',
      content: '```json\n{"assignments": [{"id": "A-2", "agent": "backend", "reason": "an export endpoint"}, {"id": "A-1", "agent": "docs"}, {"id": "A-3", "agent": "nobody"}]}\n```',
      usage: { promptTokens: 300, completionTokens: 40 },
    });
    const result = await planWithArchitect({ document, team, provider, model: 'gpt-4o-mini' });
    assert.equal(server?.requests.length, 1);
    const request = server?.requests[0].body;
    assert.equal(request?.tools, undefined, 'no tools: a JSON answer');
    const prompt = JSON.stringify(request?.messages);
    assert.match(prompt, /A-2: Members export their notes as a spreadsheet/);
    assert.doesNotMatch(prompt, /- A-1:/, 'tagged requirements are not asked about');
    assert.deepEqual(result.reassigned, [{ id: 'A-2', from: 'fullstack', to: 'backend', reason: 'architect: an export endpoint' }]);
    assert.deepEqual(result.usage, { promptTokens: 300, completionTokens: 40 });
    const backend = result.plan.tasks.find((t) => t.agent === 'backend');
    assert.deepEqual(backend?.requirements, ['A-1', 'A-2']);
    assert.equal(backend?.reasons?.['A-2'], 'architect: an export endpoint');
    assert.equal(result.plan.tasks.find((t) => t.requirements.includes('A-3'))?.agent, 'docs', 'an unknown agent is ignored');
  });

  it('keeps the deterministic plan when the answer is unusable, and says why', async () => {
    const provider = await serve({ kind: 'message', content: 'I would give A-2 to the backend.' });
    const result = await planWithArchitect({ document, team, provider, model: 'gpt-4o-mini' });
    assert.equal(result.note, 'the architect did not answer with a JSON object');
    assert.deepEqual(result.reassigned, []);
    assert.equal(result.plan.tasks.find((t) => t.requirements.includes('A-2'))?.agent, 'fullstack');
  });

  it('keeps the deterministic plan when the call fails', async () => {
    const provider = await serve({ kind: 'error', status: 400, message: 'model not found' });
    const result = await planWithArchitect({ document, team, provider, model: 'gpt-4o-mini' });
    assert.match(result.note ?? '', /^the architect could not be asked: /);
    assert.equal(result.asked, true);
  });

  it('does not call the model when every requirement is tagged', async () => {
    const provider = await serve({ kind: 'message', content: '{"assignments": []}' });
    const tagged = parseRequirementsText('R.md', '- A-1 (backend) One\n- A-2 (frontend) Two\n').document;
    const result = await planWithArchitect({ document: tagged, team, provider, model: 'gpt-4o-mini' });
    assert.equal(result.asked, false);
    assert.equal(server?.requests.length, 0);
  });
});
