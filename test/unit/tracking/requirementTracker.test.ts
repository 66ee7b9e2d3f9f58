import assert from 'node:assert/strict';
import { resolveTeam } from '../../../src/core/agents/team';
import { SwarmEvents, type TaskState } from '../../../src/core/events';
import { planRequirements } from '../../../src/core/planning/planner';
import { parseRequirementsText } from '../../../src/core/requirements/parseRequirements';
import { RequirementTracker } from '../../../src/core/tracking/requirementTracker';
import { tempWorkspace } from '../requirements/tempWorkspace';

const team = resolveTeam({ agents: [] });
const runId = 'run-1';
const plan = planRequirements(
  parseRequirementsText(
    'REQUIREMENTS.md',
    ['- B-1 (backend) Store projects', '- B-2 (backend) Serve projects', '- F-1 (frontend) Show projects', '- T-1 (tests) Test the API', '- M-1 (mobile) An app'].join('\n'),
  ).document,
  team,
);

/** Emits a task's events the way the engine does, with defaults. */
function engine(events: SwarmEvents) {
  return {
    state: (taskId: string, agent: string, state: TaskState, attempt = 1, run = runId) => events.emit('task:state', { runId: run, taskId, agent, state, attempt }),
    write: (taskId: string, agent: string, file: string, requirements: string[], sha256 = 'sha') =>
      events.emit('file:written', { runId, taskId, agent, path: file, bytes: 10, sha256, requirements }),
    finish: (taskId: string, agent: string, covered: string[], attempt = 1) => events.emit('agent:finish', { runId, taskId, agent, attempt, summary: 'done', covered }),
    scan: (taskId: string, agent: string, file: string, count = 0) =>
      events.emit('placeholder:findings', {
        runId,
        taskId,
        agent,
        file,
        findings: Array.from({ length: count }, () => ({ file, line: 1, rule: 'todo-comment', message: 'TODO left', severity: 'error' as const })),
      }),
    validate: (taskId: string, agent: string, accepted: boolean, attempt = 1) => events.emit('validation:result', { runId, taskId, agent, attempt, accepted, findings: [] }),
    end: (taskId: string, agent: string, status: 'succeeded' | 'failed' | 'skipped' | 'needs-approval', files: string[], attempts = 1) =>
      events.emit('task:end', { runId, taskId, agent, status, attempts, durationMs: 5, files, errors: [], tokens: { prompt: 1, completion: 1 }, costUsd: 0 }),
  };
}

function statusLog(events: SwarmEvents): string[] {
  const log: string[] = [];
  events.on('requirement:status', (e) => log.push(`${e.id} ${e.status}`));
  return log;
}

describe('RequirementTracker', () => {
  it('starts pending (missing for a requirement no agent takes), goes in progress, then covered when all four conditions hold', () => {
    const events = new SwarmEvents();
    const tracker = new RequirementTracker(plan, events, { runId });
    const log = statusLog(events);
    const e = engine(events);
    assert.deepEqual(tracker.liveStatuses(), [
      { id: 'B-1', status: 'pending' },
      { id: 'B-2', status: 'pending' },
      { id: 'F-1', status: 'pending' },
      { id: 'T-1', status: 'pending' },
      { id: 'M-1', status: 'missing' },
    ]);
    e.state('backend', 'backend', 'running');
    e.write('backend', 'backend', 'src/server/projects.ts', ['B-1', 'B-2']);
    e.scan('backend', 'backend', 'src/server/projects.ts');
    e.finish('backend', 'backend', ['B-1', 'B-2']);
    assert.equal(tracker.status('B-1'), 'in-progress');
    e.validate('backend', 'backend', true);
    e.end('backend', 'backend', 'succeeded', ['src/server/projects.ts']);
    assert.deepEqual(log, ['B-1 in-progress', 'B-2 in-progress', 'B-1 covered', 'B-2 covered']);
    const item = tracker.snapshot()[0];
    assert.deepEqual(item, {
      id: 'B-1',
      title: 'Store projects',
      status: 'covered',
      agents: ['backend'],
      files: ['src/server/projects.ts'],
      criteria: [],
      evidence: { accepted: true, fileClaims: true, agentClaimed: true, placeholderFree: true },
      tests: [],
    });
    assert.deepEqual(
      tracker.snapshot().map((r) => r.status),
      ['covered', 'covered', 'missing', 'missing', 'missing'],
      'what has not run is reported missing',
    );
  });

  it('is partial when the agent did not claim it, or when one of its files holds a placeholder', () => {
    const events = new SwarmEvents();
    const tracker = new RequirementTracker(plan, events, { runId });
    const e = engine(events);
    e.state('backend', 'backend', 'running');
    e.write('backend', 'backend', 'src/a.ts', ['B-1']);
    e.write('backend', 'backend', 'src/b.ts', ['B-2']);
    e.scan('backend', 'backend', 'src/a.ts');
    e.scan('backend', 'backend', 'src/b.ts', 2);
    e.finish('backend', 'backend', ['B-2']);
    e.validate('backend', 'backend', true);
    e.end('backend', 'backend', 'succeeded', ['src/a.ts', 'src/b.ts']);
    const [b1, b2] = tracker.snapshot();
    assert.equal(b1.status, 'partial');
    assert.deepEqual(b1.evidence, { accepted: true, fileClaims: true, agentClaimed: false, placeholderFree: true });
    assert.equal(b2.status, 'partial');
    assert.deepEqual(b2.evidence, { accepted: true, fileClaims: true, agentClaimed: true, placeholderFree: false });
  });

  it('is failed when its task failed, missing when it was skipped', () => {
    const events = new SwarmEvents();
    const tracker = new RequirementTracker(plan, events, { runId });
    const e = engine(events);
    e.state('backend', 'backend', 'running');
    e.write('backend', 'backend', 'src/a.ts', ['B-1']);
    e.validate('backend', 'backend', false);
    e.end('backend', 'backend', 'failed', ['src/a.ts']);
    e.end('frontend', 'frontend', 'skipped', []);
    assert.deepEqual(
      tracker.snapshot().map((r) => `${r.id} ${r.status}`),
      ['B-1 failed', 'B-2 failed', 'F-1 missing', 'T-1 missing', 'M-1 missing'],
    );
  });

  it('a retried task starts over: the rejected attempt\'s finish no longer counts', () => {
    const events = new SwarmEvents();
    const tracker = new RequirementTracker(plan, events, { runId });
    const log = statusLog(events);
    const e = engine(events);
    e.state('backend', 'backend', 'running', 1);
    e.write('backend', 'backend', 'src/a.ts', ['B-1', 'B-2']);
    e.finish('backend', 'backend', ['B-1', 'B-2'], 1);
    e.validate('backend', 'backend', false, 1);
    e.state('backend', 'backend', 'retrying', 2);
    e.write('backend', 'backend', 'src/a.ts', ['B-1', 'B-2']);
    e.scan('backend', 'backend', 'src/a.ts');
    e.validate('backend', 'backend', true, 2);
    assert.equal(tracker.status('B-1'), 'partial', 'accepted, but attempt 2 has not claimed it');
    e.finish('backend', 'backend', ['B-1'], 2);
    e.end('backend', 'backend', 'succeeded', ['src/a.ts'], 2);
    assert.equal(tracker.status('B-1'), 'covered');
    assert.equal(tracker.status('B-2'), 'partial');
    assert.deepEqual(log.filter((l) => l.startsWith('B-1')), ['B-1 in-progress', 'B-1 partial', 'B-1 covered']);
  });

  it('a file rewritten by another task carries the claims of its latest write', () => {
    const events = new SwarmEvents();
    const tracker = new RequirementTracker(plan, events, { runId });
    const e = engine(events);
    for (const [task, claims] of [
      ['backend', ['B-1', 'B-2']],
      ['frontend', ['F-1']],
    ] as const) {
      e.state(task, task, 'running');
      e.write(task, task, 'src/shared/api.ts', [...claims]);
      e.scan(task, task, 'src/shared/api.ts');
      e.finish(task, task, [...claims]);
      e.validate(task, task, true);
      e.end(task, task, 'succeeded', ['src/shared/api.ts']);
    }
    const byId = new Map(tracker.snapshot().map((r) => [r.id, r]));
    assert.equal(byId.get('F-1')?.status, 'covered');
    assert.deepEqual(byId.get('F-1')?.files, ['src/shared/api.ts']);
    assert.equal(byId.get('B-1')?.status, 'partial');
    assert.deepEqual(byId.get('B-1')?.files, []);
    assert.deepEqual(byId.get('B-1')?.evidence?.fileClaims, false);
  });

  it('counts a file another task wrote for the requirement, and lists both agents; a fallback agent is listed too', () => {
    const events = new SwarmEvents();
    const tracker = new RequirementTracker(plan, events, { runId });
    const e = engine(events);
    e.state('backend', 'fullstack', 'running');
    e.write('backend', 'fullstack', 'src/a.ts', ['B-1']);
    e.scan('backend', 'fullstack', 'src/a.ts');
    e.finish('backend', 'fullstack', ['B-1', 'B-2']);
    e.validate('backend', 'fullstack', true);
    e.end('backend', 'fullstack', 'succeeded', ['src/a.ts']);
    e.state('tests', 'tests', 'running');
    e.write('tests', 'tests', 'test/b.test.ts', ['T-1', 'B-2']);
    e.scan('tests', 'tests', 'test/b.test.ts');
    e.finish('tests', 'tests', ['T-1']);
    e.validate('tests', 'tests', true);
    e.end('tests', 'tests', 'succeeded', ['test/b.test.ts']);
    const b2 = tracker.snapshot()[1];
    assert.equal(b2.status, 'covered');
    assert.deepEqual(b2.agents, ['fullstack', 'tests']);
    assert.deepEqual(b2.files, ['test/b.test.ts']);
  });

  it('follows a replayed task (no task:state) and ignores other runs', () => {
    const events = new SwarmEvents();
    const tracker = new RequirementTracker(plan, events, { runId });
    const e = engine(events);
    e.state('frontend', 'frontend', 'running', 1, 'another-run');
    assert.equal(tracker.status('F-1'), 'pending');
    e.write('frontend', 'frontend', 'web/index.html', ['F-1']);
    e.scan('frontend', 'frontend', 'web/index.html');
    e.finish('frontend', 'frontend', ['F-1'], 2);
    e.validate('frontend', 'frontend', true, 2);
    e.end('frontend', 'frontend', 'succeeded', ['web/index.html'], 2);
    assert.equal(tracker.status('F-1'), 'covered');
  });

  it('needs approval: the output is not accepted yet', () => {
    const events = new SwarmEvents();
    const tracker = new RequirementTracker(plan, events, { runId });
    const e = engine(events);
    e.state('frontend', 'frontend', 'running');
    e.write('frontend', 'frontend', 'web/index.html', ['F-1']);
    e.finish('frontend', 'frontend', ['F-1']);
    e.validate('frontend', 'frontend', true);
    e.state('frontend', 'frontend', 'needs-approval');
    e.end('frontend', 'frontend', 'needs-approval', ['web/index.html']);
    const f1 = tracker.snapshot()[2];
    assert.equal(f1.status, 'partial');
    assert.deepEqual(f1.evidence, { accepted: false, fileClaims: false, agentClaimed: true, placeholderFree: false });
  });

  it('traces tests that mention an ID: accepted test files of the run and the workspace\'s own test files', async () => {
    const ws = tempWorkspace({
      'test/api.test.ts': "describe('B-1 and B-2', () => {});\n",
      'tests/test_store.py': '# covers B-1\n',
      'src/a.ts': '// B-1 is not a test file\n',
      'ignored/x.test.ts': '// B-1\n',
      '.gitignore': 'ignored/\n',
      'node_modules/pkg/a.test.js': '// B-1\n',
    });
    try {
      const events = new SwarmEvents();
      const tracker = new RequirementTracker(plan, events, { runId, workspace: ws.dir });
      const e = engine(events);
      e.state('tests', 'tests', 'running');
      e.write('tests', 'tests', 'test/api.test.ts', ['T-1']);
      e.scan('tests', 'tests', 'test/api.test.ts');
      e.finish('tests', 'tests', ['T-1']);
      e.validate('tests', 'tests', true);
      e.end('tests', 'tests', 'succeeded', ['test/api.test.ts']);
      assert.deepEqual(tracker.snapshot()[0].tests, ['test/api.test.ts']);
      await tracker.traceWorkspaceTests();
      const rows = tracker.matrix();
      assert.deepEqual(rows[0], { id: 'B-1', title: 'Store projects', status: 'missing', criteria: [], agents: ['backend'], files: [], tests: ['test/api.test.ts', 'tests/test_store.py'] });
      assert.deepEqual(rows[1].tests, ['test/api.test.ts']);
      assert.deepEqual(rows[3].files, ['test/api.test.ts']);
    } finally {
      ws.dispose();
    }
  });

  it('lists only files that exist in the workspace, and stops listening when disposed', () => {
    const ws = tempWorkspace({ 'src/kept.ts': 'export const x = 1;\n' });
    try {
      const events = new SwarmEvents();
      const tracker = new RequirementTracker(plan, events, { runId, workspace: ws.dir });
      const e = engine(events);
      e.write('backend', 'backend', 'src/kept.ts', ['B-1']);
      e.write('backend', 'backend', 'src/gone.ts', ['B-1']);
      assert.deepEqual(tracker.snapshot()[0].files, ['src/kept.ts']);
      tracker.dispose();
      e.write('backend', 'backend', 'src/kept.ts', ['B-2']);
      assert.deepEqual(tracker.snapshot()[0].files, ['src/kept.ts']);
    } finally {
      ws.dispose();
    }
  });
});
