import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { SwarmEvents } from '../../../src/core/events';
import { readLastRunMetrics, readRunMetrics, writeRunMetrics } from '../../../src/core/monitoring/runMetricsFile';
import { RunMonitor } from '../../../src/core/monitoring/runMonitor';
import { promtool, requirePromtool } from './promtool';
import { finalReport, ManualClock, playScriptedRun, plan, RUN_ID } from './scriptedRun';

describe('persisted run metrics (.swarm/runs/<runId>/metrics.json, .swarm/metrics.prom)', () => {
  let workspace: string;
  beforeEach(async () => {
    workspace = await mkdtemp(path.join(tmpdir(), 'swarm-metrics-'));
  });
  afterEach(async () => {
    await rm(workspace, { recursive: true, force: true });
  });

  function runDir(runId: string): string {
    return path.join(workspace, '.swarm', 'runs', runId);
  }

  it('writes metrics.json and the node_exporter textfile, taking the final report before run:end', async () => {
    const clock = new ManualClock();
    const events = new SwarmEvents();
    const monitor = new RunMonitor(events, { now: clock.now });
    playScriptedRun(events, clock, { end: false });
    const written = await writeRunMetrics(runDir(RUN_ID), monitor, finalReport);
    assert.equal(written.metricsFile, path.join(runDir(RUN_ID), 'metrics.json'));
    assert.equal(written.textFile, path.join(workspace, '.swarm', 'metrics.prom'));
    const persisted = await readRunMetrics(runDir(RUN_ID));
    assert.equal(persisted?.snapshot.status, 'failed');
    assert.deepEqual(persisted?.snapshot.gates, finalReport.gates);
    const text = await readFile(written.textFile!, 'utf8');
    assert.match(text, /^swarm_gate_passed\{gate="placeholder-files"\} 0$/m);
    assert.match(text, /^swarm_run_info\{run_id="20250301-100000-abcd",model="gpt-4o-mini",status="failed"\} 1$/m);
    // The run:end that follows changes nothing.
    events.emit('run:end', { report: finalReport, reportDir: runDir(RUN_ID) });
    assert.deepEqual(monitor.toPersisted(), persisted);
  });

  it('takes report.json from the run directory when no report is passed and run:end has not come', async () => {
    const clock = new ManualClock();
    const events = new SwarmEvents();
    const monitor = new RunMonitor(events, { now: clock.now });
    playScriptedRun(events, clock, { end: false });
    await mkdir(runDir(RUN_ID), { recursive: true });
    await writeFile(path.join(runDir(RUN_ID), 'report.json'), JSON.stringify(finalReport));
    await writeRunMetrics(runDir(RUN_ID), monitor);
    assert.equal((await readRunMetrics(runDir(RUN_ID)))?.snapshot.status, 'failed');
  });

  it('finds the most recently finished run and rebuilds its metrics', async () => {
    for (const [runId, mtime] of [
      ['run-old', 1_000],
      ['run-new', 2_000],
    ] as const) {
      const clock = new ManualClock();
      const events = new SwarmEvents();
      const monitor = new RunMonitor(events, { now: clock.now });
      playScriptedRun(events, clock, { end: false, runId });
      await writeRunMetrics(runDir(runId), monitor, { ...finalReport, runId });
      await utimes(path.join(runDir(runId), 'metrics.json'), mtime, mtime);
    }
    await mkdir(runDir('run-in-progress'), { recursive: true });
    await writeFile(path.join(runDir('run-in-progress'), 'journal.jsonl'), '');
    const last = await readLastRunMetrics(workspace);
    assert.equal(last?.runId, 'run-new');
    assert.equal(last?.source, 'metrics.json');
    assert.match(await last!.monitor.metricsText(), /run_id="run-new"/);
  });

  it('rebuilds what a report supports when a run has no metrics.json, and says nothing it does not know', async () => {
    await mkdir(runDir('from-report'), { recursive: true });
    await writeFile(path.join(runDir('from-report'), 'report.json'), JSON.stringify({ ...finalReport, runId: 'from-report' }));
    const last = await readLastRunMetrics(workspace);
    assert.equal(last?.source, 'report.json');
    const text = await last!.monitor.metricsText();
    assert.match(text, /^swarm_agent_runs_total\{agent="backend",outcome="failed"\} 1$/m);
    assert.match(text, /^swarm_retries_total\{agent="backend"\} 1$/m);
    assert.match(text, /^swarm_tokens_total\{model="gpt-4o-mini",kind="prompt"\} 4500$/m);
    assert.match(text, /^swarm_placeholder_files 1$/m);
    assert.doesNotMatch(text, /^swarm_llm_calls_total\{/m, 'a report does not say which requests failed with which status');
    assert.deepEqual(last!.monitor.totals(), finalReport.totals);
  });

  it('passes promtool for metrics rebuilt from a report', async function () {
    requirePromtool(this);
    await mkdir(runDir('r'), { recursive: true });
    await writeFile(path.join(runDir('r'), 'report.json'), JSON.stringify(finalReport));
    const last = await readLastRunMetrics(workspace);
    const verdict = promtool(['check', 'metrics'], await last!.monitor.metricsText());
    assert.ok(verdict.ok, verdict.output);
  });

  it('skips a torn metrics.json for the report of the same run', async () => {
    await mkdir(runDir('torn'), { recursive: true });
    await writeFile(path.join(runDir('torn'), 'metrics.json'), '{"version":1,"snap');
    await writeFile(path.join(runDir('torn'), 'report.json'), JSON.stringify({ ...finalReport, runId: 'torn' }));
    const last = await readLastRunMetrics(workspace);
    assert.equal(last?.runId, 'torn');
    assert.equal(last?.source, 'report.json');
  });

  it("continues a resumed run's model usage from the earlier session's metrics.json", async () => {
    const first = new SwarmEvents();
    const clock = new ManualClock();
    const earlier = new RunMonitor(first, { now: clock.now });
    playScriptedRun(first, clock, { end: false });
    await writeRunMetrics(runDir(RUN_ID), earlier, { ...finalReport, status: 'needs-approval' });

    // A new process resumes it: the engine replays the finished tasks, then works on.
    const second = new SwarmEvents();
    const resumed = new RunMonitor(second, { now: clock.now, runId: RUN_ID, workspace });
    second.emit('run:start', { runId: RUN_ID, workspace, plan, model: 'gpt-4o-mini', provider: 'p', demo: false, resumed: true });
    for (const agent of finalReport.agents) {
      second.emit('agent:finish', { runId: RUN_ID, taskId: agent.taskId!, agent: agent.id, attempt: agent.attempts, summary: '', covered: [] });
      second.emit('task:end', { runId: RUN_ID, taskId: agent.taskId!, agent: agent.id, status: agent.status, attempts: agent.attempts, durationMs: agent.durationMs, files: agent.files, errors: agent.errors, tokens: agent.tokens, costUsd: agent.costUsd });
    }
    second.emit('llm:call', { runId: RUN_ID, taskId: 't-back', agent: 'backend', model: 'gpt-4o-mini', durationMs: 500, tokens: { prompt: 100, completion: 10 }, costUsd: 0.001, cached: false });
    await resumed.ready();

    const totals = resumed.totals();
    assert.equal(totals.llmCalls, finalReport.totals.llmCalls + 1);
    assert.equal(totals.cacheHits, finalReport.totals.cacheHits);
    assert.deepEqual(totals.tokens, { prompt: 4600, completion: 1610 });
    assert.ok(Math.abs(totals.costUsd - (finalReport.totals.costUsd + 0.001)) < 1e-9);
    assert.equal(totals.retries, 1, 'retries come back with the replayed tasks, counted once');
    const s = resumed.snapshot();
    assert.deepEqual(s.agents.find((a) => a.agent === 'backend')?.runs, { succeeded: 0, failed: 1, 'needs-approval': 0, skipped: 0 }, 'replayed tasks are not counted twice');
    assert.deepEqual(s.models.find((m) => m.model === 'gpt-4o-mini')?.callsByStatus, { '200': 4, '429': 1, none: 1 });
    assert.equal(s.errorsByKind['http-429'], 1);
    assert.equal(s.errorsByKind['agent-failed'], 1);
  });

  it('has no last run in a workspace without runs', async () => {
    assert.equal(await readLastRunMetrics(workspace), undefined);
  });
});
