import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { reportCommand, runReport } from '../../../src/cli/commands/report';
import { SwarmInputError } from '../../../src/core/errors';
import { listRuns } from '../../../src/core/report/runDirectories';
import { locateRunReport, readRunReport } from '../../../src/core/report/readRunReport';
import { renderReportMarkdown } from '../../../src/core/report/reportMarkdown';
import type { RunReport } from '../../../src/core/report/runReport';
import { writeRunReport } from '../../../src/core/report/writeRunReport';
import { tempWorkspace } from '../requirements/tempWorkspace';

function sampleReport(runId: string): RunReport {
  return {
    runId,
    status: 'failed',
    requirements: {
      total: 3,
      covered: 1,
      coverage: 0.3333,
      items: [
        {
          id: 'REQ-001',
          title: 'Landing page lists projects | as cards',
          status: 'covered',
          agents: ['frontend'],
          files: ['web/index.html', 'web/app.js'],
          priority: 'must',
          criteria: ['Each card shows a title.'],
          evidence: { accepted: true, fileClaims: true, agentClaimed: true, placeholderFree: true },
          tests: ['test/landing.test.ts'],
        },
        {
          id: 'REQ-002',
          title: 'Contact form',
          status: 'partial',
          agents: ['backend'],
          files: ['src/server/contact.ts'],
          evidence: { accepted: true, fileClaims: true, agentClaimed: false, placeholderFree: false },
        },
        { id: 'REQ-003', title: 'Deploy', status: 'failed', agents: ['devops'], files: [] },
      ],
    },
    agents: [
      { id: 'frontend', taskId: 'frontend', status: 'succeeded', attempts: 1, durationMs: 1200, tokens: { prompt: 1000, completion: 200 }, costUsd: 0.0003, files: ['web/index.html'], errors: [] },
      { id: 'devops', taskId: 'devops', status: 'failed', attempts: 3, durationMs: 65000, tokens: { prompt: 3000, completion: 900 }, costUsd: 0.001, files: [], errors: ['validation failed 3 times'] },
    ],
    placeholders: [{ file: 'src/server/contact.ts', line: 12, rule: 'todo-comment', message: 'a TODO comment' }],
    gates: [
      { name: 'requirement-coverage', threshold: 0.8, actual: 0.3333, passed: false },
      { name: 'placeholder-files', threshold: 0, actual: 1, passed: false },
    ],
    totals: { durationMs: 70000, llmCalls: 9, retries: 2, cacheHits: 1, tokens: { prompt: 4000, completion: 1100 }, costUsd: 0.0013 },
    model: 'gpt-4o-mini',
  };
}

describe('run report', () => {
  it('writes report.json (SPEC §5 plus the traceability matrix) and report.md, with no temporary files left', async () => {
    const ws = tempWorkspace({});
    try {
      const dir = path.join(ws.dir, '.swarm/runs/2026-11-25T22-40-00-123Z-ab12');
      await writeRunReport(dir, sampleReport('2026-11-25T22-40-00-123Z-ab12'));
      assert.deepEqual(readdirSync(dir).sort(), ['report.json', 'report.md']);
      const json = JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8')) as RunReport;
      for (const key of ['runId', 'status', 'requirements', 'agents', 'placeholders', 'gates', 'totals']) assert.ok(key in json, key);
      assert.deepEqual(json.traceability?.[0], {
        id: 'REQ-001',
        title: 'Landing page lists projects | as cards',
        status: 'covered',
        criteria: ['Each card shows a title.'],
        agents: ['frontend'],
        files: ['web/index.html', 'web/app.js'],
        tests: ['test/landing.test.ts'],
      });
      assert.equal(readFileSync(path.join(dir, 'report.md'), 'utf8'), renderReportMarkdown(json));
    } finally {
      ws.dispose();
    }
  });

  it('report.md reads well in a pull request: summary, gates, requirements, why not covered, agents, placeholders, totals', () => {
    const md = renderReportMarkdown(sampleReport('r1'));
    assert.match(md, /^# Swarm run `r1`: ❌ failed\n/);
    assert.match(md, /\*\*1 of 3\*\* requirements covered \(33\.3 %\) · 1 of 2 agent tasks succeeded · 1 file with placeholders · 1 min 10 s · 9 model calls · \$0\.0013/);
    assert.match(md, /\| `requirement-coverage` \| ≥ 0\.8 \| 0\.3333 \| ❌ \|/);
    assert.match(md, /\| `placeholder-files` \| ≤ 0 \| 1 \| ❌ \|/);
    assert.match(md, /\| \*\*REQ-001\*\* \| Landing page lists projects \\\| as cards \| must \| ✅ covered \| frontend \| `web\/index\.html`, `web\/app\.js` \| `test\/landing\.test\.ts` \|/);
    assert.match(md, /- \*\*REQ-002\*\* Contact form: 🟡 partial \(its agent did not claim it in finish; a file of it holds a placeholder\)/);
    assert.match(md, /\| `devops` \| devops \| ❌ failed \| 3 \| 1 min 5 s \| 3000 \/ 900 \| \$0\.0010 \| {2}\| validation failed 3 times \|/);
    assert.match(md, /- `src\/server\/contact\.ts:12` todo-comment: a TODO comment/);
    assert.match(md, /## Totals\n\n\| duration \|.*\n.*\n\| 1 min 10 s \| 9 \| 2 \| 1 \| 4000 \| 1100 \| \$0\.0013 \|/);
    for (const line of md.split('\n').filter((l) => l.startsWith('| **REQ'))) assert.equal(line.split(/(?<!\\)\|/).length - 2, 7, line);
  });

  it('reads the latest run that has a report, or the one asked for', async () => {
    const ws = tempWorkspace({});
    try {
      const runs = ['2026-11-25T22-40-00-123Z-aaaa', '2026-11-25T23-00-00-000Z-bbbb', '2026-11-26T01-00-00-000Z-cccc'];
      await writeRunReport(path.join(ws.dir, '.swarm/runs', runs[0]), sampleReport(runs[0]));
      await writeRunReport(path.join(ws.dir, '.swarm/runs', runs[1]), sampleReport(runs[1]));
      mkdirSync(path.join(ws.dir, '.swarm/runs', runs[2]), { recursive: true });
      assert.deepEqual(await listRuns(ws.dir), runs);
      assert.equal((await readRunReport(ws.dir)).runId, runs[1], 'the newest run is still running: the latest report');
      assert.equal((await readRunReport(ws.dir, runs[0])).runId, runs[0]);
      const located = await locateRunReport(ws.dir);
      assert.equal(located.dir, path.join(ws.dir, '.swarm', 'runs', runs[1]));
      await assert.rejects(readRunReport(ws.dir, runs[2]), (e: unknown) => e instanceof SwarmInputError && /run "2026-11-26T01-00-00-000Z-cccc" has no report yet/.test(e.message));
    } finally {
      ws.dispose();
    }
  });

  it('no such run, no run at all, a bad run id or a broken report are bad input (exit 2)', async () => {
    const ws = tempWorkspace({});
    try {
      const expectInput = async (promise: Promise<unknown>, message: RegExp) =>
        assert.rejects(promise, (e: unknown) => e instanceof SwarmInputError && e.exitCode === 2 && message.test(e.message));
      await expectInput(readRunReport(ws.dir), /there is no run in .*\.swarm\/runs: start one with "swarm run"/);
      await expectInput(readRunReport(ws.dir, 'nope'), /there is no run "nope" in /);
      await expectInput(readRunReport(ws.dir, '../etc'), /"\.\.\/etc" is not a run id/);
      const dir = path.join(ws.dir, '.swarm/runs/r1');
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, 'report.json'), '{ "runId": "r1" ');
      await expectInput(readRunReport(ws.dir, 'r1'), /report\.json: the run report is not valid JSON/);
      writeFileSync(path.join(dir, 'report.json'), '{ "runId": "r1" }');
      await expectInput(readRunReport(ws.dir, 'r1'), /not a run report/);
    } finally {
      ws.dispose();
    }
  });

  it('swarm report prints the Markdown report, or the JSON with --json; the command parses --run', async () => {
    const ws = tempWorkspace({});
    try {
      await writeRunReport(path.join(ws.dir, '.swarm/runs/r1'), sampleReport('r1'));
      let text = '';
      assert.equal(await runReport({ workspace: ws.dir }, { write: (t: string) => (text += t) }), 0);
      assert.match(text, /^# Swarm run `r1`/);
      text = '';
      const previous = process.exitCode;
      await reportCommand({ write: (t: string) => (text += t) }).parseAsync(['--workspace', ws.dir, '--run', 'r1', '--json'], { from: 'user' });
      assert.equal(process.exitCode, 0);
      process.exitCode = previous;
      const json = JSON.parse(text) as RunReport;
      assert.equal(json.runId, 'r1');
      assert.equal(json.traceability?.length, 3);
      await assert.rejects(runReport({ workspace: ws.dir, run: 'r2' }, { write: () => undefined }), SwarmInputError);
    } finally {
      ws.dispose();
    }
  });
});
