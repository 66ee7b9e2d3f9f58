import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { resolveTeam, type TeamAgent } from '../../../src/core/agents/team';
import { SwarmInputError } from '../../../src/core/errors';
import type { Plan } from '../../../src/core/planning/plan';
import { planToJson } from '../../../src/core/planning/planJson';
import { DESIGN_TASK_NOTE, planRequirements } from '../../../src/core/planning/planner';
import { parseRequirementsText } from '../../../src/core/requirements/parseRequirements';
import type { RequirementsDocument } from '../../../src/core/requirements/requirement';

const fixtures = path.join(__dirname, '../../fixtures/requirements');
const defaultTeam = resolveTeam({ agents: [] });

function documentOf(text: string, file = 'REQUIREMENTS.md'): RequirementsDocument {
  const { document, problems } = parseRequirementsText(file, text);
  assert.deepEqual(problems, []);
  return document;
}

/** SPEC §4's invariants: each requirement in exactly one task, acyclic, ordered, prerequisites before. */
function assertValidPlan(plan: Plan): void {
  const seen = new Map<string, string>();
  for (const task of plan.tasks) {
    for (const id of task.requirements) {
      assert.ok(!seen.has(id), `${id} is in ${seen.get(id)} and ${task.id}`);
      seen.set(id, task.id);
    }
  }
  for (const r of plan.requirements) assert.ok(seen.has(r.id) || plan.unassigned.some((u) => u.id === r.id), `${r.id} is planned or reported`);
  const position = new Map(plan.tasks.map((t, i) => [t.id, i]));
  assert.equal(position.size, plan.tasks.length, 'task ids are unique');
  for (const task of plan.tasks) {
    for (const dep of task.dependsOn) {
      assert.ok(position.has(dep), `${task.id} depends on unknown ${dep}`);
      assert.ok((position.get(dep) ?? 0) < (position.get(task.id) ?? 0), `${dep} comes before ${task.id}`);
    }
  }
  const closure = (taskId: string): Set<string> => {
    const out = new Set<string>();
    const stack = [taskId];
    while (stack.length) {
      const current = stack.pop();
      for (const dep of plan.tasks.find((t) => t.id === current)?.dependsOn ?? []) {
        if (out.has(dep)) continue;
        out.add(dep);
        stack.push(dep);
      }
    }
    return out;
  };
  for (const r of plan.requirements) {
    const own = seen.get(r.id);
    if (!own) continue;
    for (const p of r.dependsOn) {
      const holder = seen.get(p);
      if (holder && holder !== own) assert.ok(closure(own).has(holder), `${own} (${r.id}) waits for ${holder} (${p})`);
    }
  }
}

describe('planner', () => {
  it('plans the portfolio document: architect first, tests after the code, docs last, every requirement once', () => {
    const doc = documentOf(readFileSync(path.join(fixtures, 'portfolio.md'), 'utf8'), 'portfolio.md');
    const plan = planRequirements(doc, defaultTeam);
    assertValidPlan(plan);
    assert.deepEqual(
      plan.tasks.map((t) => [t.id, t.requirements.join(' '), t.dependsOn.join(' ')]),
      [
        ['architect', '', ''],
        ['backend', 'REQ-001 REQ-002 REQ-003', 'architect'],
        ['frontend', 'REQ-004 REQ-005 REQ-006 REQ-007', 'architect backend'],
        ['ai', 'REQ-008 REQ-009', 'architect backend'],
        ['devops', 'REQ-012', 'architect backend'],
        ['tests', 'REQ-010', 'architect backend frontend ai'],
        ['docs', 'REQ-011', 'architect backend frontend ai devops tests'],
      ],
    );
    assert.equal(plan.tasks[0].note, DESIGN_TASK_NOTE);
    assert.equal(plan.tasks[1].reasons?.['REQ-001'], 'tag backend');
    assert.match(plan.tasks[2].reasons?.['REQ-006'] ?? '', /^words "layout", "mobile", "responsive", "screen"/);
    assert.match(plan.tasks[3].reasons?.['REQ-009'] ?? '', /^words "assistant", "embedding", "vector"/);
    assert.deepEqual(plan.unassigned, []);
  });

  it('gives the same plan for the Markdown, YAML and JSON forms of the document', () => {
    const plans = ['portfolio.md', 'portfolio.yaml', 'portfolio.json'].map((f) =>
      planToJson(planRequirements(documentOf(readFileSync(path.join(fixtures, f), 'utf8'), f), defaultTeam)),
    );
    assert.deepEqual(plans[1], plans[0]);
    assert.deepEqual(plans[2], plans[0]);
  });

  it('is deterministic', () => {
    const doc = documentOf(readFileSync(path.join(fixtures, 'portfolio.md'), 'utf8'));
    assert.deepEqual(planRequirements(doc, defaultTeam), planRequirements(doc, defaultTeam));
  });

  it('splits an agent into backend and backend-2 when a backend requirement needs a frontend one', () => {
    const doc = documentOf(
      [
        '- B-1 (backend) Store the projects',
        '- F-1 (frontend) Show the projects',
        '  - Depends on: B-1',
        '- B-2 (backend) Record which project cards the page rendered',
        '  - Depends on: F-1',
        '- B-3 (backend) Serve the contact form',
      ].join('\n'),
    );
    const plan = planRequirements(doc, defaultTeam);
    assertValidPlan(plan);
    assert.deepEqual(
      plan.tasks.map((t) => [t.id, t.agent, t.requirements.join(' '), t.dependsOn.join(' ')]),
      [
        ['architect', 'architect', '', ''],
        ['backend', 'backend', 'B-1 B-3', 'architect'],
        ['frontend', 'frontend', 'F-1', 'architect backend'],
        ['backend-2', 'backend', 'B-2', 'architect backend frontend'],
      ],
    );
  });

  it('does not split agents that do not wait for each other: frontend may follow ai within one round', () => {
    const doc = documentOf(['- A-1 (ai) Summarise the notes', '- F-1 (frontend) Show the summary', '  - Depends on: A-1', '- A-2 (ai) Tag the notes', '- F-2 (frontend) Show the tags'].join('\n'));
    const plan = planRequirements(doc, defaultTeam);
    assertValidPlan(plan);
    assert.deepEqual(
      plan.tasks.map((t) => [t.id, t.requirements.join(' '), t.dependsOn.join(' ')]),
      [
        ['architect', '', ''],
        ['ai', 'A-1 A-2', 'architect'],
        ['frontend', 'F-1 F-2', 'architect ai'],
      ],
    );
  });

  it('waits for a later round of an upstream agent too: docs come after backend-2', () => {
    const doc = documentOf(['- B-1 (backend) One', '- F-1 (frontend) Two', '  - Depends on: B-1', '- B-2 (backend) Three', '  - Depends on: F-1', '- D-1 (docs) Document it'].join('\n'));
    const plan = planRequirements(doc, defaultTeam);
    assertValidPlan(plan);
    const docs = plan.tasks.find((t) => t.agent === 'docs');
    assert.deepEqual(docs?.dependsOn, ['architect', 'backend', 'frontend', 'backend-2']);
    assert.equal(plan.tasks.at(-1)?.agent, 'docs');
  });

  it('reports a requirement no agent can take instead of dropping it', () => {
    const doc = documentOf('- M-1 (mobile) An iOS app\n- B-1 (backend) An API\n');
    const plan = planRequirements(doc, defaultTeam);
    assertValidPlan(plan);
    assert.deepEqual(plan.unassigned, [
      { id: 'M-1', reason: 'tagged mobile, but no enabled agent has this capability: add or enable one in "agents" of .swarm/swarm.json' },
    ]);
    assert.deepEqual(planToJson(plan).unassigned, plan.unassigned);
    assert.deepEqual(
      plan.requirements.map((r) => r.id),
      ['M-1', 'B-1'],
    );
  });

  it('uses custom agents from the config and the fallback of a disabled agent', () => {
    const team = resolveTeam({
      agents: [
        { id: 'mobile', capabilities: ['mobile', 'ios'], dependsOn: ['backend'] },
        { id: 'frontend', enabled: false },
      ],
    });
    const doc = documentOf('- M-1 (mobile) An iOS app\n- F-1 (frontend) A web page\n- B-1 (backend) An API\n- P-1 The ios app shows a badge for unread messages\n');
    const plan = planRequirements(doc, team);
    assertValidPlan(plan);
    const agentOf = (id: string) => plan.tasks.find((t) => t.requirements.includes(id))?.agent;
    assert.equal(agentOf('M-1'), 'mobile');
    assert.equal(agentOf('F-1'), 'fullstack');
    assert.match(plan.tasks.find((t) => t.agent === 'fullstack')?.reasons?.['F-1'] ?? '', /frontend is disabled, its fallback fullstack takes it/);
    assert.equal(agentOf('P-1'), 'mobile', 'a custom capability word classifies');
    assert.deepEqual(plan.tasks.find((t) => t.agent === 'mobile')?.dependsOn, ['architect', 'backend']);
  });

  it('without an architect in the team there is no design task', () => {
    const team = resolveTeam({ agents: [{ id: 'architect', enabled: false }, { id: 'docs', fallback: 'fullstack' }] });
    const plan = planRequirements(documentOf('- B-1 (backend) An API\n'), team);
    assert.deepEqual(
      plan.tasks.map((t) => [t.id, t.dependsOn.join(' ')]),
      [['backend', '']],
    );
  });

  it('refuses a document with a cycle or an unknown prerequisite, however it was built', () => {
    const cyclic: RequirementsDocument = {
      file: 'x',
      derivedIds: false,
      requirements: [
        { id: 'A-1', title: 'a', description: '', criteria: [], dependsOn: ['A-2'], capabilities: [], source: { file: 'x', line: 1 } },
        { id: 'A-2', title: 'b', description: '', criteria: [], dependsOn: ['A-1'], capabilities: [], source: { file: 'x', line: 2 } },
      ],
    };
    assert.throws(() => planRequirements(cyclic, defaultTeam), (e: unknown) => e instanceof SwarmInputError && /prerequisite cycle among A-1, A-2/.test(e.message));
    cyclic.requirements[1].dependsOn = ['A-9'];
    cyclic.requirements[0].dependsOn = [];
    assert.throws(() => planRequirements(cyclic, defaultTeam), /A-2 depends on A-9/);
  });

  it('keeps prerequisites within one task in order, and readable ids when an agent id looks like a task id', () => {
    const team: TeamAgent[] = [
      ...defaultTeam,
      { id: 'backend-2', role: 'second backend', capabilities: ['legacy'], dependsOn: [], maxTurns: 5, timeoutMs: 60000, allowedPaths: ['**'], enabled: true },
    ];
    const doc = documentOf(['- B-2 (backend) Second', '  - Depends on: B-1', '- B-1 (backend) First', '- F-1 (frontend) Page', '  - Depends on: B-1', '- B-3 (backend) Third', '  - Depends on: F-1', '- L-1 (legacy) Old'].join('\n'));
    const plan = planRequirements(doc, team);
    assertValidPlan(plan);
    assert.deepEqual(plan.tasks.find((t) => t.id === 'backend')?.requirements, ['B-1', 'B-2']);
    assert.deepEqual(plan.tasks.find((t) => t.agent === 'backend-2')?.requirements, ['L-1']);
    assert.equal(plan.tasks.find((t) => t.requirements.includes('B-3'))?.id, 'backend-3');
  });
});
