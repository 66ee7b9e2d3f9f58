import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DEMO_FILES, DEMO_MODEL, demoFileContent } from '../../../src/core/demo/demoProject';
import { runSwarm } from '../../../src/core/engine/runSwarm';
import { SwarmInputError } from '../../../src/core/errors';
import { SwarmEvents, type SwarmEventMap } from '../../../src/core/events';

function npmTest(cwd: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile('npm', ['test'], { cwd, timeout: 60_000, env: { ...process.env, NODE_OPTIONS: '' } }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, output: `${stdout}\n${stderr}` });
    });
  });
}

describe('the offline demo, end to end (runSwarm with demo: true)', function () {
  this.timeout(120_000);
  let workspace: string;

  beforeEach(async () => {
    workspace = await mkdtemp(path.join(tmpdir(), 'swarm-demo-run-'));
  });
  afterEach(async () => {
    await rm(workspace, { recursive: true, force: true });
  });

  it('builds Team Notes: passes every gate with full coverage after catching the stub, and the app’s own tests pass', async () => {
    const events = new SwarmEvents();
    let start: SwarmEventMap['run:start'] | undefined;
    const validations: SwarmEventMap['validation:result'][] = [];
    events.on('run:start', (e) => (start = e));
    events.on('validation:result', (e) => validations.push(e));

    const { report, exitCode, reportDir } = await runSwarm({ workspace, demo: true, events });

    assert.equal(report.status, 'passed', JSON.stringify(report.agents.filter((a) => a.status !== 'succeeded'), null, 2));
    assert.equal(exitCode, 0);
    assert.equal(report.requirements.coverage, 1);
    assert.equal(report.requirements.total, 6);
    assert.deepEqual(report.placeholders, []);
    assert.ok(report.gates.every((g) => g.passed));
    assert.equal(report.demo, true);
    assert.equal(report.model, DEMO_MODEL);
    assert.equal(start?.demo, true);
    assert.equal(start?.model, DEMO_MODEL);

    assert.equal(report.totals.retries, 1, 'the one scripted failure, and nothing else, is retried');
    const backend = report.agents.find((a) => a.requirements?.includes('DEMO-1'))!;
    assert.equal(backend.attempts, 2);
    for (const agent of report.agents.filter((a) => a !== backend)) assert.equal(agent.attempts, 1, `${agent.id}: ${agent.errors.join('; ')}`);
    assert.deepEqual(
      report.agents.map((a) => a.id),
      ['architect', 'backend', 'frontend', 'tests', 'docs'],
    );
    assert.match(backend.errors.join('\n'), /server\/notesStore\.js.*(not-implemented-throw|todo-marker)/);
    const rejected = validations.find((v) => !v.accepted)!;
    assert.equal(rejected.agent, 'backend');
    assert.ok(rejected.findings.some((f) => f.rule === 'no-placeholder' && f.file === 'server/notesStore.js'));
    assert.ok(report.totals.llmCalls > 20);
    assert.ok(report.totals.tokens.prompt > 0 && report.totals.tokens.completion > 0);

    for (const file of DEMO_FILES) assert.equal(await readFile(path.join(workspace, file.path), 'utf8'), demoFileContent(file), file.path);
    for (const item of report.requirements.items) assert.equal(item.status, 'covered', item.id);
    assert.deepEqual((await readdir(reportDir)).filter((f) => f.startsWith('report.')).sort(), ['report.json', 'report.md']);

    const { code, output } = await npmTest(workspace);
    assert.equal(code, 0, output);
    assert.match(output, /pass 14\b/);
  });

  it('runs again in the same folder, and refuses a folder with other requirements, writing nothing', async () => {
    const first = await runSwarm({ workspace, demo: true, events: new SwarmEvents() });
    const second = await runSwarm({ workspace, demo: true, events: new SwarmEvents() });
    assert.equal(first.report.status, 'passed');
    assert.equal(second.report.status, 'passed');
    assert.notEqual(first.report.runId, second.report.runId);

    const other = await mkdtemp(path.join(tmpdir(), 'swarm-demo-other-'));
    try {
      await writeFile(path.join(other, 'REQUIREMENTS.md'), '# Mine\n\n- **APP-1** (backend, must) My own thing.\n');
      await assert.rejects(runSwarm({ workspace: other, demo: true, events: new SwarmEvents() }), SwarmInputError);
      assert.deepEqual(await readdir(other), ['REQUIREMENTS.md']);
      await assert.rejects(stat(path.join(other, '.swarm')));
    } finally {
      await rm(other, { recursive: true, force: true });
    }
  });
});
