import assert from 'node:assert/strict';
import { register as globalRegistry } from 'prom-client';
import { SwarmEvents } from '../../../src/core/events';
import { RunMonitor } from '../../../src/core/monitoring/runMonitor';
import { promtool, requirePromtool } from './promtool';
import { ManualClock, playScriptedRun, RUN_ID } from './scriptedRun';

async function scriptedMonitor(): Promise<RunMonitor> {
  const clock = new ManualClock();
  const events = new SwarmEvents();
  const monitor = new RunMonitor(events, { now: clock.now });
  playScriptedRun(events, clock);
  return monitor;
}

/** `name{labels}` → value, from prom-client's own JSON view of the registry. */
async function samples(monitor: RunMonitor): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const metric of await monitor.registry.getMetricsAsJSON()) {
    for (const v of metric.values) {
      const labels = Object.entries(v.labels)
        .map(([k, val]) => `${k}=${String(val)}`)
        .sort()
        .join(',');
      out.set(`${(v as { metricName?: string }).metricName ?? metric.name}{${labels}}`, v.value);
    }
  }
  return out;
}

describe('Prometheus exposition (SPEC §6)', () => {
  it('exports the SPEC §6 metrics, every name prefixed swarm_', async () => {
    const monitor = await scriptedMonitor();
    const names = (await monitor.registry.getMetricsAsJSON()).map((m) => m.name);
    assert.ok(names.every((n) => n.startsWith('swarm_')), names.join(', '));
    const s = await samples(monitor);
    assert.equal(s.get('swarm_agent_runs_total{agent=architect,outcome=succeeded}'), 1);
    assert.equal(s.get('swarm_agent_runs_total{agent=backend,outcome=failed}'), 1);
    assert.equal(s.get('swarm_agent_duration_seconds_count{agent=backend,outcome=failed}'), 1);
    assert.equal(s.get('swarm_agent_duration_seconds_sum{agent=backend,outcome=failed}'), 6);
    assert.equal(s.get('swarm_agent_duration_seconds_bucket{agent=backend,le=5,outcome=failed}'), 0);
    assert.equal(s.get('swarm_agent_duration_seconds_bucket{agent=backend,le=10,outcome=failed}'), 1);
    assert.equal(s.get('swarm_llm_calls_total{model=gpt-4o-mini,status_code=200}'), 3);
    assert.equal(s.get('swarm_llm_calls_total{model=gpt-4o-mini,status_code=429}'), 1);
    assert.equal(s.get('swarm_llm_errors_total{model=gpt-4o-mini,status_code=429}'), 1);
    assert.equal(s.get('swarm_llm_errors_total{model=gpt-4o-mini,status_code=none}'), 1);
    assert.equal(s.get('swarm_llm_errors_total{model=gpt-4o-mini,status_code=200}'), undefined);
    assert.equal(s.get('swarm_tokens_total{kind=prompt,model=gpt-4o-mini}'), 4000);
    assert.equal(s.get('swarm_tokens_total{kind=completion,model=gpt-4o}'), 500);
    assert.equal(s.get('swarm_cost_usd_total{agent=frontend,model=gpt-4o}'), 0.0075);
    assert.equal(s.get('swarm_retries_total{agent=backend}'), 1);
    assert.equal(s.get('swarm_cache_hits_total{model=gpt-4o-mini}'), 1);
    assert.equal(s.get('swarm_requirement_coverage_ratio{}'), 0.6667);
    assert.equal(s.get('swarm_placeholder_files{}'), 1);
    assert.equal(s.get('swarm_gate_passed{gate=placeholder-files}'), 0);
    assert.equal(s.get('swarm_run_info{model=gpt-4o-mini,run_id=' + RUN_ID + ',status=failed}'), 1);
    assert.equal(s.get('swarm_run_duration_seconds{}'), 9);
    assert.equal(s.get('swarm_queue_depth{queue=llm}'), 0);
    assert.equal(s.get('swarm_anomalies_total{kind=error-rate-spike}'), 1);
  });

  it('keeps its own registry, never prom-client’s global one', async () => {
    await scriptedMonitor();
    const globalNames = (await globalRegistry.getMetricsAsJSON()).map((m) => m.name);
    assert.deepEqual(
      globalNames.filter((n) => n.startsWith('swarm_')),
      [],
    );
    // Two monitors in one process do not clash over metric names.
    const [a, b] = [new RunMonitor(), new RunMonitor()];
    assert.notEqual(a.registry, b.registry);
  });

  it('passes `promtool check metrics`, during a run, at its end, and before any run', async function () {
    requirePromtool(this);
    const clock = new ManualClock();
    const events = new SwarmEvents();
    const monitor = new RunMonitor(events, { now: clock.now });
    const idle = promtool(['check', 'metrics'], await monitor.metricsText());
    assert.ok(idle.ok, idle.output);
    playScriptedRun(events, clock, { end: false });
    const live = promtool(['check', 'metrics'], await monitor.metricsText());
    assert.ok(live.ok, live.output);
    playScriptedRun(events, clock);
    const ended = promtool(['check', 'metrics'], await monitor.metricsText());
    assert.ok(ended.ok, ended.output);
  });

  it('rebuilds exactly the same exposition from the persisted metrics', async () => {
    const monitor = await scriptedMonitor();
    const persisted = JSON.parse(JSON.stringify(monitor.toPersisted())) as ReturnType<RunMonitor['toPersisted']>;
    const rebuilt = RunMonitor.fromPersisted(persisted);
    // Series come out in the order they were first seen, which replay does not keep.
    const lines = async (m: RunMonitor) => (await m.metricsText()).split('\n').sort();
    assert.deepEqual(await lines(rebuilt), await lines(monitor));
    assert.deepEqual(rebuilt.snapshot(), monitor.snapshot());
  });

  it('brings the run duration up to date at every scrape', async () => {
    const clock = new ManualClock();
    const events = new SwarmEvents();
    const monitor = new RunMonitor(events, { now: clock.now });
    playScriptedRun(events, clock, { end: false });
    clock.advance(30_000);
    const s = await samples(monitor);
    assert.equal(s.get('swarm_run_duration_seconds{}'), 39);
  });
});
