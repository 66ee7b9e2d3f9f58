import assert from 'node:assert/strict';
import { SwarmEvents } from '../../../src/core/events';
import { RunMonitor } from '../../../src/core/monitoring/runMonitor';
import { finalReport, ManualClock, playScriptedRun, plan, RUN_ID } from './scriptedRun';

function monitored(options: ConstructorParameters<typeof RunMonitor>[1] = {}) {
  const clock = new ManualClock();
  const events = new SwarmEvents();
  const monitor = new RunMonitor(events, { now: clock.now, ...options });
  return { clock, events, monitor };
}

describe('RunMonitor', () => {
  it('counts agent runs by agent and outcome, retries, model requests by status code, tokens, cost and cache hits', () => {
    const { clock, events, monitor } = monitored();
    playScriptedRun(events, clock);
    const s = monitor.snapshot();
    const agents = Object.fromEntries(s.agents.map((a) => [a.agent, a]));
    assert.deepEqual(agents.architect.runs, { succeeded: 1, failed: 0, 'needs-approval': 0, skipped: 0 });
    assert.deepEqual(agents.backend.runs, { succeeded: 0, failed: 1, 'needs-approval': 0, skipped: 0 });
    assert.equal(agents.backend.retries, 1);
    assert.equal(agents.backend.llmCalls, 2);
    assert.equal(agents.backend.llmErrors, 1, 'the network error carries no agent');
    assert.equal(agents.backend.cacheHits, 1);
    assert.equal(agents.backend.validationRejections, 2);
    assert.equal(agents.backend.filesRefused, 1);
    assert.equal(agents.frontend.durationMs, 3000);

    const models = Object.fromEntries(s.models.map((m) => [m.model, m]));
    assert.deepEqual(models['gpt-4o-mini'].callsByStatus, { '200': 3, '429': 1, none: 1 });
    assert.deepEqual(models['gpt-4o'].callsByStatus, { '200': 1 });
    assert.deepEqual(models['gpt-4o-mini'].tokens, { prompt: 4000, completion: 1100 });
    assert.equal(models['gpt-4o-mini'].retries, 1);
    assert.equal(models['gpt-4o-mini'].cacheHits, 1);
    assert.equal(models['gpt-4o-mini'].latencyMs.p50, 900);
    assert.equal(models['gpt-4o-mini'].latencyMs.p95, 1200);

    const cost = Object.fromEntries(s.costs.map((c) => [`${c.model}/${c.agent}`, c.costUsd]));
    assert.deepEqual(Object.keys(cost).sort(), ['gpt-4o-mini/architect', 'gpt-4o-mini/backend', 'gpt-4o/frontend']);
    assert.ok(Math.abs(cost['gpt-4o-mini/backend'] - 0.00099) < 1e-12);
    assert.deepEqual(s.errorsByKind, { 'http-429': 1, network: 1, validation: 2, 'refused-write': 1, 'agent-failed': 1 });
  });

  it('produces SPEC §5 totals that match the report the run ends with', () => {
    const { clock, events, monitor } = monitored();
    playScriptedRun(events, clock);
    assert.deepEqual(monitor.totals(), finalReport.totals);
  });

  it('follows coverage, placeholder files and the task queue live, then takes the report as final', () => {
    const { clock, events, monitor } = monitored();
    playScriptedRun(events, clock, { end: false });
    let s = monitor.snapshot();
    assert.equal(s.status, 'running');
    assert.equal(s.requirements.total, 3);
    assert.equal(s.requirements.covered, 2);
    assert.equal(s.requirements.coverage, 2 / 3);
    assert.deepEqual(s.requirements.byStatus, { pending: 0, 'in-progress': 0, covered: 2, partial: 0, missing: 0, failed: 1 });
    assert.equal(s.files.placeholderFiles, 1);
    assert.equal(s.files.written, 3);
    assert.deepEqual(s.queue, { tasks: 0, llm: 0 });

    events.emit('run:end', { report: finalReport, reportDir: '/tmp/ws/.swarm/runs/x' });
    s = monitor.snapshot();
    assert.equal(s.status, 'failed');
    assert.equal(s.requirements.coverage, 0.6667);
    assert.deepEqual(
      s.gates.map((g) => [g.name, g.passed]),
      [
        ['requirement-coverage', false],
        ['agent-success-rate', false],
        ['placeholder-files', false],
      ],
    );
    assert.equal(s.elapsedMs, 9000);
    assert.equal(s.endedAt, new Date(clock.ms).toISOString());
  });

  it('derives the task queue from task states until the orchestrator reports it', () => {
    const { events, monitor } = monitored();
    events.emit('run:start', { runId: RUN_ID, workspace: '/w', plan, model: 'm', provider: 'p', demo: false, resumed: false });
    assert.equal(monitor.snapshot().queue.tasks, 1, 'only t-arch is ready at the start; the others are blocked');
    events.emit('task:state', { runId: RUN_ID, taskId: 't-arch', agent: 'architect', state: 'running', attempt: 1 });
    assert.equal(monitor.snapshot().queue.tasks, 0);
    events.emit('queue:depth', { runId: RUN_ID, queue: 'tasks', depth: 5 });
    events.emit('task:state', { runId: RUN_ID, taskId: 't-back', agent: 'backend', state: 'pending', attempt: 0 });
    assert.equal(monitor.snapshot().queue.tasks, 5, 'an explicit depth wins over the derived one');
  });

  it('draws each task as segments of attempts and states on the run timeline', () => {
    const { clock, events, monitor } = monitored();
    playScriptedRun(events, clock);
    const tasks = Object.fromEntries(monitor.snapshot().tasks.map((t) => [t.taskId, t]));
    assert.deepEqual(tasks['t-back'].segments, [
      { attempt: 1, state: 'running', startMs: 2000, endMs: 3500 },
      { attempt: 1, state: 'retrying', startMs: 3500, endMs: 5000 },
      { attempt: 2, state: 'running', startMs: 5000, endMs: 9000 },
    ]);
    assert.deepEqual(tasks['t-arch'].segments, [
      { attempt: 1, state: 'running', startMs: 0, endMs: 1000 },
      { attempt: 1, state: 'validating', startMs: 1000, endMs: 2000 },
    ]);
    assert.equal(tasks['t-back'].attempts, 2);
    assert.equal(tasks['t-back'].retries, 1);
    assert.equal(tasks['t-back'].state, 'failed');
    assert.equal(tasks['t-back'].durationMs, 6000);
    assert.deepEqual(tasks['t-back'].dependsOn, ['t-arch']);
  });

  it('judges health over a sliding window: old failures fall out of it', () => {
    const { clock, events, monitor } = monitored({ healthWindowMs: 60_000 });
    playScriptedRun(events, clock, { end: false });
    let health = monitor.health();
    assert.deepEqual(health.llm, { requests: 6, errors: 2, errorRate: 2 / 6 });
    assert.deepEqual(health.agents, { ended: 3, succeeded: 2, successRate: 2 / 3 });
    assert.equal(health.status, 'degraded');
    clock.advance(61_000);
    events.emit('llm:call', { runId: RUN_ID, model: 'gpt-4o-mini', durationMs: 100, tokens: { prompt: 1, completion: 1 }, costUsd: 0, cached: false });
    health = monitor.health();
    assert.deepEqual(health.llm, { requests: 1, errors: 0, errorRate: 0 });
    assert.equal(health.agents.ended, 0);
    assert.equal(health.status, 'healthy');
  });

  it('flags an error-rate spike once, and again only after it cleared', () => {
    const { events, monitor } = monitored();
    const seen: string[] = [];
    monitor.onAnomaly((a) => seen.push(a.kind));
    events.emit('run:start', { runId: RUN_ID, workspace: '/w', plan, model: 'm', provider: 'p', demo: false, resumed: false });
    const call = () => events.emit('llm:call', { runId: RUN_ID, model: 'm', durationMs: 10, tokens: { prompt: 1, completion: 1 }, costUsd: 0, cached: false });
    const fail = () => events.emit('llm:error', { runId: RUN_ID, model: 'm', status: 500, message: 'boom', willRetry: true });
    for (let i = 0; i < 4; i++) call();
    fail();
    assert.deepEqual(seen, [], '1 in 5 is under the 25% spike threshold');
    fail();
    assert.deepEqual(seen, ['error-rate-spike'], '2 in 6 is over it');
    fail();
    assert.deepEqual(seen, ['error-rate-spike'], 'flagged once while it lasts');
    for (let i = 0; i < 40; i++) call();
    fail();
    assert.deepEqual(seen, ['error-rate-spike'], 'the rate is low again: cleared, not flagged');
    for (let i = 0; i < 20; i++) fail();
    assert.deepEqual(seen, ['error-rate-spike', 'error-rate-spike']);
    const anomaly = monitor.snapshot().anomalies[0];
    assert.equal(anomaly.threshold, 0.25);
    assert.equal(anomaly.message, '33% of the last 6 model requests failed (threshold 25%)');
  });

  it("flags a task far slower than its agent's historical p95, live and at its end", () => {
    const history = Array.from({ length: 20 }, (_, i) => ({ agent: 'architect', durationMs: 1000 + i * 100, attempts: 1, outcome: 'succeeded' as const, time: '2025-01-01T00:00:00Z' }));
    const { clock, events, monitor } = monitored({ history });
    events.emit('run:start', { runId: RUN_ID, workspace: '/w', plan, model: 'm', provider: 'p', demo: false, resumed: false });
    events.emit('task:state', { runId: RUN_ID, taskId: 't-arch', agent: 'architect', state: 'running', attempt: 1 });
    clock.advance(2000);
    events.emit('agent:step', { runId: RUN_ID, taskId: 't-arch', agent: 'architect', attempt: 1, message: 'thinking' });
    assert.equal(monitor.snapshot().anomalies.length, 0, 'p95 is 2800 ms; 2 s is normal');
    clock.advance(3000);
    events.emit('agent:step', { runId: RUN_ID, taskId: 't-arch', agent: 'architect', attempt: 1, message: 'still thinking' });
    const [anomaly] = monitor.snapshot().anomalies;
    assert.equal(anomaly.kind, 'slow-task');
    assert.equal(anomaly.taskId, 't-arch');
    assert.equal(anomaly.threshold, 2800 * 1.5);
    events.emit('task:end', { runId: RUN_ID, taskId: 't-arch', agent: 'architect', status: 'succeeded', attempts: 1, durationMs: 5000, files: [], errors: [], tokens: { prompt: 0, completion: 0 }, costUsd: 0 });
    assert.equal(monitor.snapshot().anomalies.length, 1, 'one flag per task');
    assert.equal(monitor.snapshot().tasks.find((t) => t.taskId === 't-arch')?.slow, true);
  });

  it('flags cost rising faster than coverage against the budget', () => {
    const { events, monitor } = monitored({ budgetUsd: 1 });
    events.emit('run:start', { runId: RUN_ID, workspace: '/w', plan, model: 'm', provider: 'p', demo: false, resumed: false });
    const spend = (usd: number) => events.emit('llm:call', { runId: RUN_ID, agent: 'backend', model: 'm', durationMs: 10, tokens: { prompt: 1, completion: 1 }, costUsd: usd, cached: false });
    spend(0.2);
    events.emit('requirement:status', { runId: RUN_ID, id: 'REQ-1', status: 'covered' });
    spend(0.2);
    assert.equal(monitor.snapshot().anomalies.length, 0, '40% spent, 33% covered');
    spend(0.3);
    const [anomaly] = monitor.snapshot().anomalies;
    assert.equal(anomaly?.kind, 'cost-outpacing-coverage');
    assert.match(anomaly.message, /70% of the \$1 budget is spent but coverage is 33%/);
  });

  it('starts over when a different run starts, and keeps its state for the same run resumed', () => {
    const { clock, events, monitor } = monitored();
    playScriptedRun(events, clock);
    events.emit('run:start', { runId: RUN_ID, workspace: '/tmp/ws', plan, model: 'gpt-4o-mini', provider: 'p', demo: false, resumed: true });
    assert.equal(monitor.snapshot().totals.llmCalls, 6);
    assert.equal(monitor.snapshot().status, 'running');
    events.emit('run:start', { runId: 'another-run', workspace: '/tmp/ws', plan, model: 'gpt-4o-mini', provider: 'p', demo: false, resumed: false });
    const s = monitor.snapshot();
    assert.equal(s.runId, 'another-run');
    assert.equal(s.totals.llmCalls, 0);
    assert.equal(s.agents.length, 0);
    assert.equal(s.tasks.every((t) => t.segments.length === 0), true);
  });

  it('gives a JSON-serializable snapshot', () => {
    const { clock, events, monitor } = monitored();
    playScriptedRun(events, clock);
    const s = monitor.snapshot();
    assert.deepEqual(JSON.parse(JSON.stringify(s)), s);
  });

  it('stops listening after dispose', () => {
    const { events, monitor } = monitored();
    monitor.dispose();
    events.emit('run:start', { runId: RUN_ID, workspace: '/w', plan, model: 'm', provider: 'p', demo: false, resumed: false });
    assert.equal(monitor.snapshot().status, 'idle');
  });
});
