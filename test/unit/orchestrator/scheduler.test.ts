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

describe('adaptation', () => {
  it('bounds timeouts from history', async () => {
    const { adaptiveTimeout } = await import('../../../src/core/orchestrator/adaptation');
    assert.equal(adaptiveTimeout(120_000, undefined), 120_000);
    assert.equal(adaptiveTimeout(120_000, 20_000), 60_000);
    assert.equal(adaptiveTimeout(120_000, 1_000), 30_000);
    assert.equal(adaptiveTimeout(120_000, 200_000), 240_000);
  });

  it('halves concurrency on a rate limit and adds one back per success', async () => {
    const { AimdConcurrency } = await import('../../../src/core/orchestrator/adaptation');
    const aimd = new AimdConcurrency(8);
    aimd.rateLimited();
    assert.equal(aimd.current, 4);
    aimd.rateLimited();
    aimd.rateLimited();
    aimd.rateLimited();
    assert.equal(aimd.current, 1);
    assert.equal(aimd.rateLimited(), false);
    aimd.succeeded();
    assert.equal(aimd.current, 2);
    for (let i = 0; i < 20; i++) aimd.succeeded();
    assert.equal(aimd.current, 8);
  });

  it('applies a lowered concurrency to tasks it starts afterwards', async () => {
    let limit = 4;
    let running = 0;
    let peakAfterDrop = 0;
    let dropped = false;
    await runSchedule({
      tasks: [task('first'), ...['a', 'b', 'c', 'd', 'e', 'f'].map((id) => task(id, ['first']))],
      concurrency: 4,
      currentConcurrency: () => limit,
      settled: new Map(),
      blocked: () => undefined,
      run: async (t) => {
        running++;
        if (dropped) peakAfterDrop = Math.max(peakAfterDrop, running);
        if (t.id === 'first') {
          limit = 1;
          dropped = true;
        }
        await sleep(5);
        running--;
        return 'succeeded';
      },
    });
    assert.equal(peakAfterDrop, 1);
  });
});
