import assert from 'node:assert/strict';
import { resolveTeam } from '../../../src/core/agents/team';
import { applyAssignmentOverrides, assignRequirements } from '../../../src/core/planning/assignRequirements';
import { parseRequirementsText } from '../../../src/core/requirements/parseRequirements';

const team = resolveTeam({ agents: [] });
const assign = (markdown: string) => assignRequirements(parseRequirementsText('R.md', markdown).document.requirements, team);

describe('requirement → agent', () => {
  it('explains word classification: the words that decided, the score and the runners-up', () => {
    const [a] = assign('- A-1 The API stores each order in the database\n  - The page shows an error when the API fails.\n');
    assert.equal(a.agent, 'backend');
    assert.equal(a.via, 'words');
    assert.equal(a.reason, 'words "api", "database" (score 4; next: frontend 1)');
  });

  it('a title word or a phrase decides; a single word in the criteria is only a hint', () => {
    const [strong, weak] = assign('- A-1 Deploy with Docker\n- A-2 Content processing\n  - Handles plain text, HTML and Markdown.\n');
    assert.equal(strong.agent, 'devops');
    assert.equal(weak.agent, 'fullstack');
    assert.equal(weak.reason, 'only a weak hint (words "html" for frontend, score 1 < 2): the generalist fullstack takes it');
  });

  it('tags decide over words; several tags go to the agent with most of them', () => {
    const [tagged, both] = assign('- A-1 (docs) The API stores orders in the database\n- A-2 (backend, api, frontend) Orders\n');
    assert.deepEqual([tagged.agent, tagged.via, tagged.reason], ['docs', 'tag', 'tag docs']);
    assert.equal(both.agent, 'backend');
    assert.equal(both.reason, 'tag backend, api (also frontend; backend matches most)');
  });

  it('an HTTP route is backend work', () => {
    const [route] = assign('- A-1 Orders come from GET /api/orders\n');
    assert.equal(route.agent, 'backend');
    assert.match(route.reason, /an HTTP route/);
  });

  it('overrides apply to untagged requirements and enabled agents only', () => {
    const assignments = assign('- A-1 (docs) A guide\n- A-2 Orders are exported\n- A-3 Orders are imported\n');
    const overrides = new Map([
      ['A-1', { agent: 'backend', reason: 'x' }],
      ['A-2', { agent: 'backend', reason: 'architect: an endpoint' }],
      ['A-3', { agent: 'nobody', reason: 'y' }],
    ]);
    const result = applyAssignmentOverrides(assignments, overrides, team);
    assert.deepEqual(
      result.map((a) => [a.requirement, a.agent, a.via]),
      [
        ['A-1', 'docs', 'tag'],
        ['A-2', 'backend', 'model'],
        ['A-3', 'fullstack', 'default'],
      ],
    );
  });
});
