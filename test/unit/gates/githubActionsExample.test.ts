import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import type { RunReport } from '../../../src/core/report/runReport';
import { finalReport, RUN_ID } from '../monitoring/scriptedRun';

interface Step {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  env?: Record<string, string>;
  with?: Record<string, unknown>;
}

const workflowFile = path.join(__dirname, '../../../docs/ci/github-actions.yml');

async function steps(): Promise<Step[]> {
  const workflow = parse(await readFile(workflowFile, 'utf8')) as { jobs: Record<string, { steps: Step[] }> };
  return workflow.jobs.swarm.steps;
}

/** Runs one step's script as the runner would (bash -e), in `cwd`, with GitHub's files and the step's env resolved by hand. */
function runStep(step: Step, cwd: string, env: Record<string, string>): { status: number | null; stdout: string } {
  const result = spawnSync('bash', ['-e', '-c', step.run!], { cwd, env: { PATH: process.env.PATH, ...env }, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout + result.stderr };
}

describe('docs/ci/github-actions.yml (the CI example)', () => {
  let workspace: string;
  beforeEach(async () => {
    workspace = await mkdtemp(path.join(tmpdir(), 'swarm-ci-'));
  });
  afterEach(async () => {
    await rm(workspace, { recursive: true, force: true });
  });

  it('runs `swarm run --json`, then, whatever happened, writes the summary, keeps the run and judges the gates', async () => {
    const all = await steps();
    const byId = (id: string) => all.find((s) => s.id === id);
    assert.match(byId('swarm')?.run ?? '', /^\s*swarm run --json > swarm-report\.json$/m);
    assert.equal(byId('swarm')?.env?.OPENAI_API_KEY, '${{ secrets.OPENAI_API_KEY }}');
    for (const id of ['summary', 'gates']) assert.equal(byId(id)?.if, 'always()', `${id} runs even when an earlier step failed`);
    const upload = all.find((s) => s.uses?.startsWith('actions/upload-artifact@'));
    assert.equal(upload?.if, 'always()');
    assert.match(String(upload?.with?.path), /\.swarm\/runs\//);
    assert.ok(all.indexOf(byId('gates')!) === all.length - 1, 'the gate check comes last, after the summary and the artifact');
    for (const step of all.filter((s) => s.run)) {
      assert.doesNotMatch(step.run!, /\$\{\{/, `step "${step.name}" passes expressions through env, never into the script`);
    }
  });

  async function lay(report: RunReport): Promise<void> {
    await mkdir(path.join(workspace, '.swarm', 'runs', report.runId), { recursive: true });
    await writeFile(path.join(workspace, 'swarm-report.json'), JSON.stringify(report));
    await writeFile(path.join(workspace, '.swarm', 'runs', report.runId, 'report.md'), `# Swarm run ${report.runId}\n\nStatus: **${report.status}**\n`);
  }

  it('puts report.md in the job summary and fails the job on a failed gate, annotating it', async function () {
    if (spawnSync('jq', ['--version']).status !== 0) {
      console.log('      (skipped: jq is not installed here; GitHub runners have it)');
      this.skip();
    }
    const all = await steps();
    await lay(finalReport);
    const summaryFile = path.join(workspace, 'summary.md');
    const summary = runStep(all.find((s) => s.id === 'summary')!, workspace, { GITHUB_STEP_SUMMARY: summaryFile, RUN_ID, SWARM_EXIT_CODE: '1' });
    assert.equal(summary.status, 0, summary.stdout);
    assert.equal(await readFile(summaryFile, 'utf8'), `# Swarm run ${RUN_ID}\n\nStatus: **failed**\n`);

    const gates = runStep(all.find((s) => s.id === 'gates')!, workspace, { SWARM_EXIT_CODE: '1' });
    assert.equal(gates.status, 1);
    assert.match(gates.stdout, /^::error title=Quality gate placeholder-files failed::placeholder-files: 1 against a threshold of 0$/m);
    assert.match(gates.stdout, /^::error title=Agent backend failed::t-back: placeholder code in src\/api\.ts$/m);
    assert.match(gates.stdout, /^Status: failed; gates passed: 0\/3$/m);
  });

  it('passes the job when every gate passed, and fails it when the swarm never ran', async function () {
    if (spawnSync('jq', ['--version']).status !== 0) this.skip();
    const all = await steps();
    const passed: RunReport = { ...finalReport, status: 'passed', gates: finalReport.gates.map((g) => ({ ...g, passed: true })), agents: [] };
    await lay(passed);
    const ok = runStep(all.find((s) => s.id === 'gates')!, workspace, { SWARM_EXIT_CODE: '0' });
    assert.equal(ok.status, 0, ok.stdout);
    assert.match(ok.stdout, /All quality gates passed\./);

    await rm(path.join(workspace, 'swarm-report.json'));
    const summaryFile = path.join(workspace, 'summary.md');
    const summary = runStep(all.find((s) => s.id === 'summary')!, workspace, { GITHUB_STEP_SUMMARY: summaryFile, RUN_ID: '', SWARM_EXIT_CODE: '' });
    assert.equal(summary.status, 0);
    assert.match(await readFile(summaryFile, 'utf8'), /Swarm produced no report/);
    const never = runStep(all.find((s) => s.id === 'gates')!, workspace, { SWARM_EXIT_CODE: '' });
    assert.equal(never.status, 1);
    assert.match(never.stdout, /The swarm did not run/);
  });
});
