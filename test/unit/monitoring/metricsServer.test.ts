import assert from 'node:assert/strict';
import { request } from 'node:http';
import { SwarmEvents } from '../../../src/core/events';
import { serveMetrics, type MetricsServer } from '../../../src/core/monitoring/metricsServer';
import { RunMonitor } from '../../../src/core/monitoring/runMonitor';
import { ManualClock, playScriptedRun } from './scriptedRun';

function get(url: string, method = 'GET'): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('serveMetrics (swarm.metrics.port)', () => {
  let server: MetricsServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('serves the current run on 127.0.0.1/metrics, following the provider at every scrape', async () => {
    const current: { monitor?: RunMonitor } = {};
    server = await serveMetrics(0, () => current.monitor?.registry);
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/metrics$/);

    const before = await get(server.url);
    assert.equal(before.status, 200);
    assert.match(before.type, /^text\/plain; version=0\.0\.4/);
    assert.match(before.body, /^# TYPE swarm_agent_runs_total counter$/m);
    assert.doesNotMatch(before.body, /swarm_agent_runs_total\{/);

    const clock = new ManualClock();
    const events = new SwarmEvents();
    current.monitor = new RunMonitor(events, { now: clock.now });
    playScriptedRun(events, clock, { end: false });
    const during = await get(server.url);
    assert.match(during.body, /^swarm_agent_runs_total\{agent="frontend",outcome="succeeded"\} 1$/m);
    assert.match(during.body, /^swarm_run_info\{.*status="running"\} 1$/m);
  });

  it('answers 404 elsewhere and 405 to other methods', async () => {
    server = await serveMetrics(0, () => undefined);
    assert.equal((await get(server.url.replace('/metrics', '/'))).status, 404);
    assert.equal((await get(server.url, 'POST')).status, 405);
    const head = await get(server.url, 'HEAD');
    assert.equal(head.status, 200);
    assert.equal(head.body, '');
  });

  it('rejects a port already taken', async () => {
    server = await serveMetrics(0, () => undefined);
    await assert.rejects(serveMetrics(server.port, () => undefined), /EADDRINUSE/);
  });
});
