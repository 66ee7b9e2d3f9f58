import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import type { PlannedTask } from '../../../src/core/planning/plan';
import type { AgentRunStatus } from '../../../src/core/report/runReport';
import { runSchedule } from '../../../src/core/orchestrator/scheduler';
import { remainingPathLengths } from '../../../src/core/orchestrator/taskGraph';

const task = (id: string, dependsOn: string[] = []): PlannedTask => ({ id, agent: id.replace(/-\d+$/, ''), requirements: [], dependsOn });

describe('scheduler', () => {
  it('starts a task only after every task it depends on succeeded', async () => {
    const tasks = [task('architect'), task('backend', ['architect']), task('frontend', ['architect']), task('tests', ['backend', 'frontend']), task('docs', ['tests'])];
    const finished: string[] = [];
    const order: string[] = [];
    await runSchedule({
      tasks,
      concurrency: 4,
      settled: new Map(),
      blocked: () => assert.fail('nothing is blocked'),
      run: async (t) => {
        for (const dep of t.dependsOn) assert.ok(finished.includes(dep), `${t.id} started before ${dep} finished`);
        order.push(t.id);
        await sleep(5);
        finished.push(t.id);
        return 'succeeded';
      },
    });
    assert.deepEqual(order[0], 'architect');
    assert.deepEqual(order.slice(-2), ['tests', 'docs']);
    assert.equal(finished.length, 5);
  });

  it('runs independent tasks in parallel up to the concurrency', async () => {
    const tasks = ['a', 'b', 'c', 'd', 'e'].map((id) => task(id));
    let running = 0;
    let peak = 0;
    await runSchedule({
      tasks,
      concurrency: 3,
      settled: new Map(),
      blocked: () => undefined,
      run: async () => {
        peak = Math.max(peak, ++running);
        await sleep(10);
        running--;
        return 'succeeded';
      },
    });
    assert.equal(peak, 3);
  });

  it('skips the tasks behind a failure and reports why', async () => {
    const tasks = [task('backend'), task('tests', ['backend']), task('docs', ['tests']), task('frontend')];
    const blocked: [string, string][] = [];
    const result = await runSchedule({
      tasks,
      concurrency: 2,
      settled: new Map(),
      blocked: (t, reason) => blocked.push([t.id, reason]),
      run: async (t) => (t.id === 'backend' ? 'needs-approval' : 'succeeded'),
    });
    assert.equal(result.get('tests'), 'skipped');
    assert.equal(result.get('docs'), 'skipped');
    assert.equal(result.get('frontend'), 'succeeded');
    assert.match(blocked[0]![1], /prerequisite task backend ended needs-approval/);
  });

  it('does not run settled tasks again and starts their dependents', async () => {
    const ran: string[] = [];
    await runSchedule({
      tasks: [task('backend'), task('tests', ['backend'])],
      concurrency: 2,
      settled: new Map<string, AgentRunStatus>([['backend', 'succeeded']]),
      blocked: () => undefined,
      run: async (t) => {
        ran.push(t.id);
        return 'succeeded';
      },
    });
    assert.deepEqual(ran, ['tests']);
  });

  it('starts nothing new once cancelled', async () => {
    const controller = new AbortController();
    const ran: string[] = [];
    await runSchedule({
      tasks: [task('a'), task('b', ['a']), task('c', ['b'])],
      concurrency: 1,
      signal: controller.signal,
      settled: new Map(),
      blocked: () => undefined,
      run: async (t) => {
        ran.push(t.id);
        controller.abort();
        return 'succeeded';
      },
    });
    assert.deepEqual(ran, ['a']);
  });

  it('gives the longest remaining path the highest priority', () => {
    const lengths = remainingPathLengths([task('a'), task('b', ['a']), task('c', ['b']), task('d')]);
    assert.deepEqual(Object.fromEntries(lengths), { a: 3, b: 2, c: 1, d: 1 });
  });

  it('propagates an unexpected error from a task', async () => {
    await assert.rejects(
      runSchedule({
        tasks: [task('a'), task('b', ['a'])],
        concurrency: 1,
        settled: new Map(),
        blocked: () => undefined,
        run: async () => {
          throw new Error('boom');
        },
      }),
      /boom/,
    );
  });
});
