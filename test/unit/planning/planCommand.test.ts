import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { planCommand, runPlan } from '../../../src/cli/commands/plan';
import { resolveTeam } from '../../../src/core/agents/team';
import { SwarmInputError } from '../../../src/core/errors';
import { estimatePlan } from '../../../src/core/planning/estimatePlan';
import { planRequirements } from '../../../src/core/planning/planner';
import { parseRequirementsText } from '../../../src/core/requirements/parseRequirements';
import { tempWorkspace } from '../requirements/tempWorkspace';

const fixtures = path.join(__dirname, '../../fixtures/requirements');
const portfolio = readFileSync(path.join(fixtures, 'portfolio.md'), 'utf8');

async function plan(flags: Parameters<typeof runPlan>[0]): Promise<string> {
  let text = '';
  const code = await runPlan(flags, { write: (t: string) => (text += t) });
  assert.equal(code, 0);
  return text;
}

describe('swarm plan', () => {
  it('--json prints exactly the SPEC §4 shape', async () => {
    const json = JSON.parse(await plan({ workspace: fixtures, requirements: 'portfolio.md', json: true })) as Record<string, unknown[]>;
    assert.deepEqual(Object.keys(json), ['requirements', 'tasks']);
    assert.equal(json.requirements.length, 12);
    for (const r of json.requirements) assert.deepEqual(Object.keys(r as object), ['id', 'title', 'criteria', 'dependsOn']);
    for (const t of json.tasks) assert.deepEqual(Object.keys(t as object), ['id', 'agent', 'requirements', 'dependsOn']);
    assert.deepEqual(json.requirements[1], {
      id: 'REQ-002',
      title: 'Contact messages are accepted by POST /api/contact and stored.',
      criteria: ['Name, email and message are required; an invalid email is answered with 400 and a reason.'],
      dependsOn: ['REQ-001'],
    });
    assert.deepEqual(json.tasks[1], { id: 'backend', agent: 'backend', requirements: ['REQ-001', 'REQ-002', 'REQ-003'], dependsOn: ['architect'] });
  });

  it('prints a readable plan: every requirement once, tasks in order, reasons and the estimate', async () => {
    const text = await plan({ workspace: fixtures, requirements: 'portfolio.md' });
    assert.match(text, /^Plan for portfolio\.md: 12 requirements, 7 tasks, 7 agents\n/);
    for (let n = 1; n <= 12; n++) {
      const id = `REQ-${String(n).padStart(3, '0')}`;
      assert.equal(text.split(`${id}  `).length - 1, 1, `${id} listed once`);
    }
    const order = ['architect', 'backend', 'frontend', 'ai', 'devops', 'tests', 'docs'].map((t) => text.indexOf(`. ${t} `));
    assert.deepEqual([...order].sort((a, b) => a - b), order);
    assert.ok(order.every((i) => i > 0));
    assert.match(text, / {2}2\. backend\s+after architect\n/);
    assert.match(text, /REQ-002 {2}must {4}Contact messages are accepted by POST \/api\/contact and stored\. {2}\[needs REQ-001\]\n\s+↳ tag backend\n/);
    assert.match(text, /Estimate \(first attempts; a retry costs about as much again\): ~\d+ model calls, ~\d+k prompt \+ ~\d+k completion tokens, ≈ \$0\.\d\d\n/);
    assert.match(text, /gpt-4o-mini: \d+ calls, ≈ \$0\.\d+ at \$0\.15 \/ \$0\.60 per million prompt \/ completion tokens/);
  });

  it('prices the estimate from the config, per agent model, and says when a model has no known price', async () => {
    const ws = tempWorkspace({
      'REQUIREMENTS.md': portfolio,
      '.swarm/swarm.json': JSON.stringify({
        model: 'my-local-llama',
        agents: [{ id: 'frontend', model: 'house-model' }],
        pricing: { 'house-model': { promptPerMillion: 1, completionPerMillion: 2 } },
      }),
    });
    try {
      const text = await plan({ workspace: ws.dir });
      assert.match(text, /house-model: \d+ calls, ≈ \$\d\.\d+ at \$1\.00 \/ \$2\.00 per million/);
      assert.match(text, /my-local-llama: \d+ calls, no known price: add "pricing": \{ "my-local-llama"/);
    } finally {
      ws.dispose();
    }
  });

  it('estimates more calls for more requirements, within the agents\' turn limits', () => {
    const team = resolveTeam({ agents: [] });
    const small = planRequirements(parseRequirementsText('a.md', '- A-1 (backend) One\n').document, team);
    const big = planRequirements(parseRequirementsText('b.md', Array.from({ length: 30 }, (_, i) => `- A-${i + 1} (backend) Item ${i}`).join('\n')).document, team);
    const s = estimatePlan(small, team, { model: 'gpt-4o-mini' });
    const b = estimatePlan(big, team, { model: 'gpt-4o-mini' });
    assert.ok(b.llmCalls > s.llmCalls);
    const backendTurns = team.find((a) => a.id === 'backend')?.maxTurns ?? 0;
    assert.equal(b.llmCalls, 4 + backendTurns, 'design task 4 turns, backend capped at its turn limit');
    assert.ok((b.costUsd ?? 0) > (s.costUsd ?? 0));
  });

  it('a bad configuration is exit 2 naming the key, and nothing is written', async () => {
    const ws = tempWorkspace({ 'REQUIREMENTS.md': portfolio, '.swarm/swarm.json': '{ "agents": [ { "id": "frontend", "dependsOn": ["nobody"] } ] }' });
    try {
      const before = ws.snapshot();
      const error = await plan({ workspace: ws.dir }).catch((e: unknown) => e);
      assert.ok(error instanceof SwarmInputError);
      assert.equal(error.exitCode, 2);
      assert.match(error.message, /agents\[0\]\.dependsOn\[0\]: unknown agent "nobody"/);
      assert.deepEqual(ws.snapshot(), before);
    } finally {
      ws.dispose();
    }
  });

  it('a workspace that does not exist is bad input', async () => {
    const error = await plan({ workspace: path.join(fixtures, 'no-such-dir') }).catch((e: unknown) => e);
    assert.ok(error instanceof SwarmInputError);
    assert.match(error.message, /the workspace .*no-such-dir does not exist/);
  });

  it('the commander command parses its options and prints the plan', async () => {
    let text = '';
    const previous = process.exitCode;
    await planCommand({ write: (t: string) => (text += t) }).parseAsync(['--workspace', fixtures, '--requirements', 'portfolio.yaml', '--json'], { from: 'user' });
    assert.equal(process.exitCode, 0);
    process.exitCode = previous;
    assert.equal((JSON.parse(text) as { tasks: unknown[] }).tasks.length, 7);
  });
});
