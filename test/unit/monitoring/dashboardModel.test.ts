import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { SwarmEvents } from '../../../src/core/events';
import { parseDashboardRequest } from '../../../src/core/monitoring/dashboardModel';
import type { MonitorSnapshot } from '../../../src/core/monitoring/monitorSnapshot';
import { readPastRuns, readRunSnapshot } from '../../../src/core/monitoring/pastRuns';
import { writeRunMetrics } from '../../../src/core/monitoring/runMetricsFile';
import { RunMonitor } from '../../../src/core/monitoring/runMonitor';
import { publishSnapshots } from '../../../src/core/monitoring/snapshotPublisher';
import { finalReport, ManualClock, playScriptedRun, plan, RUN_ID } from './scriptedRun';

describe('dashboard data model', () => {
  describe('past runs', () => {
    let workspace: string;
    beforeEach(async () => {
      workspace = await mkdtemp(path.join(tmpdir(), 'swarm-history-runs-'));
    });
    afterEach(async () => {
      await rm(workspace, { recursive: true, force: true });
    });

    async function report(runId: string, startedAt: string, extra: Partial<typeof finalReport> = {}): Promise<void> {
      const dir = path.join(workspace, '.swarm', 'runs', runId);
      await mkdir(dir, { recursive: true });
      await writeFile(path.join(dir, 'report.json'), JSON.stringify({ ...finalReport, runId, startedAt, ...extra }));
    }

    it('lists finished runs newest first, summarised for the history chart', async () => {
      await report('run-a', '2025-03-01T10:00:00.000Z');
      await report('run-b', '2025-03-02T10:00:00.000Z', { status: 'passed', gates: finalReport.gates.map((g) => ({ ...g, passed: true })), placeholders: [] });
      await mkdir(path.join(workspace, '.swarm', 'runs', 'run-in-progress'), { recursive: true });
      const runs = await readPastRuns(workspace);
      assert.deepEqual(
        runs.map((r) => [r.runId, r.status, r.placeholderFiles]),
        [
          ['run-b', 'passed', 0],
          ['run-a', 'failed', 1],
        ],
      );
      assert.deepEqual(runs[1].requirements, { total: 3, covered: 2, coverage: 0.6667 });
      assert.equal(runs[1].costUsd, 0.00876);
      assert.deepEqual(runs[1].gates[2], { name: 'placeholder-files', passed: false });
      assert.deepEqual(await readPastRuns(path.join(workspace, 'nowhere')), []);
    });

    it("opens a past run's snapshot from metrics.json, else from its report; never outside the runs", async () => {
      const clock = new ManualClock();
      const events = new SwarmEvents();
      const monitor = new RunMonitor(events, { now: clock.now });
      playScriptedRun(events, clock);
      await writeRunMetrics(path.join(workspace, '.swarm', 'runs', RUN_ID), monitor);
      await report('report-only', '2025-03-01T10:00:00.000Z');
      assert.deepEqual(await readRunSnapshot(workspace, RUN_ID), monitor.snapshot());
      assert.equal((await readRunSnapshot(workspace, 'report-only'))?.status, 'failed');
      assert.equal(await readRunSnapshot(workspace, '../runs/' + RUN_ID), undefined);
      assert.equal(await readRunSnapshot(workspace, 'missing'), undefined);
    });
  });

  it('accepts only well-formed requests from the webview', () => {
    assert.deepEqual(parseDashboardRequest({ type: 'ready' }), { type: 'ready' });
    assert.deepEqual(parseDashboardRequest({ type: 'selectRun', runId: RUN_ID }), { type: 'selectRun', runId: RUN_ID });
    assert.deepEqual(parseDashboardRequest({ type: 'selectRun', runId: null }), { type: 'selectRun', runId: null });
    assert.deepEqual(parseDashboardRequest({ type: 'openFile', path: 'src/api.ts' }), { type: 'openFile', path: 'src/api.ts' });
    for (const bad of [null, 'ready', { type: 'exec', command: 'rm' }, { type: 'selectRun', runId: '../x' }, { type: 'openReport', runId: 7 }, { type: 'openFile', path: '' }]) {
      assert.equal(parseDashboardRequest(bad), undefined, JSON.stringify(bad));
    }
  });

  it('publishes live snapshots throttled, and at once when a run starts and ends', async () => {
    const events = new SwarmEvents();
    const monitor = new RunMonitor(events);
    const published: MonitorSnapshot[] = [];
    const stop = publishSnapshots(events, monitor, (s) => published.push(s), 50);
    events.emit('run:start', { runId: RUN_ID, workspace: '/w', plan, model: 'm', provider: 'p', demo: false, resumed: false });
    assert.equal(published.length, 1);
    assert.equal(published[0].status, 'running');
    for (let i = 0; i < 200; i++) events.emit('llm:call', { runId: RUN_ID, model: 'm', durationMs: 1, tokens: { prompt: 1, completion: 1 }, costUsd: 0, cached: false });
    assert.equal(published.length, 1, 'a burst is not published event by event');
    await new Promise((resolve) => setTimeout(resolve, 120));
    assert.equal(published.length, 2);
    assert.equal(published[1].totals.llmCalls, 200, 'the trailing publish has the whole burst');
    events.emit('run:end', { report: { ...finalReport, runId: RUN_ID }, reportDir: '/w' });
    assert.equal(published.length, 3);
    assert.equal(published[2].status, 'failed');
    stop();
    events.emit('llm:call', { runId: RUN_ID, model: 'm', durationMs: 1, tokens: { prompt: 1, completion: 1 }, costUsd: 0, cached: false });
    await new Promise((resolve) => setTimeout(resolve, 80));
    assert.equal(published.length, 3);
  });
});
