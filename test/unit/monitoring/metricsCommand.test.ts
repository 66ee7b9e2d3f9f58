import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { metricsCommand } from '../../../src/cli/commands/metrics';
import { SwarmInputError } from '../../../src/core/errors';
import { SwarmEvents } from '../../../src/core/events';
import { writeRunMetrics } from '../../../src/core/monitoring/runMetricsFile';
import { RunMonitor } from '../../../src/core/monitoring/runMonitor';
import { promtool, requirePromtool } from './promtool';
import { finalReport, ManualClock, playScriptedRun, RUN_ID } from './scriptedRun';

async function swarmMetrics(...args: string[]): Promise<{ stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const command = metricsCommand({ stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) } });
  await command.exitOverride().parseAsync(args, { from: 'user' });
  return { stdout, stderr };
}

describe('swarm metrics', () => {
  let workspace: string;
  beforeEach(async () => {
    workspace = await mkdtemp(path.join(tmpdir(), 'swarm-metrics-cli-'));
  });
  afterEach(async () => {
    await rm(workspace, { recursive: true, force: true });
  });

  async function finishedRun(): Promise<void> {
    const clock = new ManualClock();
    const events = new SwarmEvents();
    const monitor = new RunMonitor(events, { now: clock.now });
    playScriptedRun(events, clock);
    await writeRunMetrics(path.join(workspace, '.swarm', 'runs', RUN_ID), monitor, finalReport);
  }

  it("prints the last run's metrics in Prometheus text exposition", async () => {
    await finishedRun();
    const { stdout, stderr } = await swarmMetrics('--workspace', workspace);
    assert.equal(stderr, '');
    assert.match(stdout, /^# TYPE swarm_agent_runs_total counter$/m);
    assert.match(stdout, /^swarm_agent_runs_total\{agent="backend",outcome="failed"\} 1$/m);
    assert.match(stdout, /^swarm_placeholder_files 1$/m);
    assert.match(stdout, /^swarm_requirement_coverage_ratio 0\.6667$/m);
  });

  it("prints output that passes `promtool check metrics`", async function () {
    requirePromtool(this);
    await finishedRun();
    const { stdout } = await swarmMetrics('--workspace', workspace);
    const verdict = promtool(['check', 'metrics'], stdout);
    assert.ok(verdict.ok, verdict.output);
  });

  it('before any run, prints valid exposition without run data and says so on stderr', async function () {
    const { stdout, stderr } = await swarmMetrics('--workspace', workspace);
    assert.match(stderr, /no finished run in .*\.swarm.runs yet/);
    assert.match(stdout, /^swarm_requirement_coverage_ratio 0$/m);
    assert.doesNotMatch(stdout, /swarm_run_info\{/);
    requirePromtool(this);
    const verdict = promtool(['check', 'metrics'], stdout);
    assert.ok(verdict.ok, verdict.output);
  });

  it('refuses a workspace that is not a directory (exit 2)', async () => {
    await assert.rejects(swarmMetrics('--workspace', path.join(workspace, 'nope')), (error: unknown) => {
      assert.ok(error instanceof SwarmInputError);
      assert.match(error.message, /nope is not a directory/);
      return true;
    });
  });
});
