import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { writeRunReport } from '../../../src/core/report/writeRunReport';
import { tempWorkspace } from '../requirements/tempWorkspace';

const root = path.resolve(__dirname, '../../..');
const fixtures = path.join(root, 'test/fixtures/requirements');

/** `swarm …` as a user runs it: a separate process, exit code, stdout and stderr. */
function swarm(args: string[], cwd = root): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli/main.ts'), ...args], {
      cwd,
      env: { ...process.env, OPENAI_API_KEY: '', SWARM_API_KEY: '', OPENAI_BASE_URL: 'http://127.0.0.1:9' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('swarm plan and swarm report, as a new user runs them', function () {
  this.timeout(180_000);

  it('plan --json: one JSON document, every requirement of the 12-requirement document once, tasks after their prerequisites', async () => {
    const { code, stdout, stderr } = await swarm(['plan', '--workspace', fixtures, '--requirements', 'portfolio.md', '--json']);
    assert.equal(code, 0, stderr);
    const plan = JSON.parse(stdout) as { requirements: { id: string; dependsOn: string[] }[]; tasks: { id: string; requirements: string[]; dependsOn: string[] }[] };
    assert.equal(plan.requirements.length, 12);
    const taskOf = new Map(plan.tasks.flatMap((t) => t.requirements.map((r) => [r, t.id] as const)));
    assert.equal(taskOf.size, 12);
    assert.equal(plan.tasks.flatMap((t) => t.requirements).length, 12);
    const index = new Map(plan.tasks.map((t, i) => [t.id, i]));
    for (const r of plan.requirements) {
      for (const p of r.dependsOn) assert.ok((index.get(taskOf.get(p) ?? '') ?? -1) <= (index.get(taskOf.get(r.id) ?? '') ?? -1), `${p} before ${r.id}`);
    }
  });

  it('plan (readable) prints the plan and the estimate; YAML gives the same JSON plan', async () => {
    const readable = await swarm(['plan', '--requirements', 'portfolio.md'], fixtures);
    assert.equal(readable.code, 0, readable.stderr);
    assert.match(readable.stdout, /^Plan for portfolio\.md: 12 requirements, 7 tasks, 7 agents/);
    assert.match(readable.stdout, /Estimate .*model calls/);
    const [md, yaml] = await Promise.all([
      swarm(['plan', '--workspace', fixtures, '--requirements', 'portfolio.md', '--json']),
      swarm(['plan', '--workspace', fixtures, '--requirements', 'portfolio.yaml', '--json']),
    ]);
    assert.equal(yaml.stdout, md.stdout);
  });

  for (const [name, content, message] of [
    ['a prerequisite cycle', '- DP-3 One\n  - Depends on: DP-7\n- DP-7 Two\n  - Depends on: DP-3\n', 'swarm: REQUIREMENTS.md:2: prerequisite cycle: DP-3 → DP-7 → DP-3\n'],
    ['a duplicate ID', '- A-1 One\n- A-1 Two\n', 'swarm: REQUIREMENTS.md:2: duplicate ID A-1: it is already used at line 1\n'],
    ['an empty document', '', 'swarm: REQUIREMENTS.md:1: the requirements document is empty\n'],
  ] as const) {
    it(`plan and run exit 2 on ${name}, print the problem and write nothing`, async () => {
      const ws = tempWorkspace({ 'REQUIREMENTS.md': content });
      try {
        const before = ws.snapshot();
        for (const command of ['plan', 'run']) {
          const result = await swarm([command, '--workspace', ws.dir]);
          assert.equal(result.code, 2, `${command}: ${result.stderr}`);
          assert.equal(result.stderr, message, command);
          assert.equal(result.stdout, '', command);
          assert.deepEqual(ws.snapshot(), before, `${command} left the workspace unchanged`);
        }
      } finally {
        ws.dispose();
      }
    });
  }

  it('report: exit 2 without a run or for an unknown run; the report of a run otherwise', async () => {
    const ws = tempWorkspace({});
    try {
      const none = await swarm(['report', '--workspace', ws.dir]);
      assert.equal(none.code, 2);
      assert.match(none.stderr, /^swarm: there is no run in .*: start one with "swarm run"\n$/);
      const report = JSON.parse(readFileSync(path.join(fixtures, 'report-sample.json'), 'utf8')) as Parameters<typeof writeRunReport>[1];
      await writeRunReport(path.join(ws.dir, '.swarm/runs', report.runId), report);
      const unknown = await swarm(['report', '--workspace', ws.dir, '--run', 'no-such-run']);
      assert.equal(unknown.code, 2);
      assert.match(unknown.stderr, /there is no run "no-such-run"/);
      const json = await swarm(['report', '--workspace', ws.dir, '--json']);
      assert.equal(json.code, 0, json.stderr);
      assert.equal((JSON.parse(json.stdout) as { runId: string }).runId, report.runId);
      const markdown = await swarm(['report', '--workspace', ws.dir, '--run', report.runId]);
      assert.equal(markdown.code, 0);
      assert.match(markdown.stdout, /^# Swarm run `2026-11-25T22-40-00-123Z-ab12`: ✅ passed/);
    } finally {
      ws.dispose();
    }
  });
});
