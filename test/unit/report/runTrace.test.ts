import assert from 'node:assert/strict';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runSwarm } from '../../../src/core/engine/runSwarm';
import { SwarmEvents } from '../../../src/core/events';
import type { ReceivedChatRequest, ScriptedReply } from '../../../src/core/llm/localServer/scriptedReply';
import { readRunReport } from '../../../src/core/report/readRunReport';
import { goodFile, assignedIds, hasToolResults } from '../../fixtures/llm/bookshelfModel';
import { startScriptedServer, type ScriptedServer } from '../../fixtures/scriptedServer';

const fixtures = path.join(__dirname, '../../fixtures/requirements');

/** The bookshelf model's clean files, reused per agent: which file kind an agent's requirement gets. */
const KIND: Record<string, string> = { backend: 'BE', frontend: 'FE', ai: 'AI', tests: 'TS', docs: 'DOC', devops: 'OPS' };

function agentOf(request: ReceivedChatRequest): string {
  const system = String(request.body.messages.find((m) => m.role === 'system')?.content ?? '');
  const paths = /You may write only paths matching: ([^\n]+)/.exec(system)?.[1] ?? '';
  if (paths.includes('`src/server/**`')) return 'backend';
  if (paths.includes('`src/components/**`') || paths.includes('`web/**`')) return 'frontend';
  if (paths.includes('`src/ai/**`')) return 'ai';
  if (paths.includes('`test/**`')) return 'tests';
  if (paths.includes('`Dockerfile`')) return 'devops';
  if (paths.includes('`**/README.md`')) return 'docs';
  return 'architect';
}

/** A well-behaved team: each agent writes one clean file per requirement (its ID in the file), then finishes. */
function portfolioModel(request: ReceivedChatRequest): ScriptedReply {
  const ids = assignedIds(request);
  const agent = agentOf(request);
  if (!hasToolResults(request)) {
    if (agent === 'architect') {
      const design = `# Design\n\n${'The site has a server under src/server, pages under src/components, the assistant under src/ai, tests under test and docs under docs. '.repeat(3)}\n`;
      return { kind: 'message', toolCalls: [{ name: 'write_file', arguments: { path: 'docs/design.md', content: design, requirements: [] } }] };
    }
    return {
      kind: 'message',
      toolCalls: ids.map((id, i) => {
        const file = goodFile(`${KIND[agent]}-${i + 1}`);
        const name = id.toLowerCase();
        const where = file.path.replace(/[^/]+$/, '') + name + file.path.slice(file.path.lastIndexOf('.'));
        const mention = file.path.endsWith('.md') ? `\n\nCovers ${id}.\n` : file.path.endsWith('.yml') ? `\n# ${id}\n` : `\n// ${id}\n`;
        return { name: 'write_file', arguments: { path: agent === 'tests' ? `test/${name}.test.ts` : where, content: file.content + mention, requirements: [id] } };
      }),
    };
  }
  return { kind: 'message', toolCalls: [{ name: 'finish', arguments: { summary: `done: ${ids.join(', ')}`, covered: ids } }] };
}

describe('after a run, the report traces each requirement to agents and existing files', function () {
  this.timeout(120_000);
  let server: ScriptedServer | undefined;
  let ws: string | undefined;
  afterEach(async () => {
    await server?.close();
    if (ws) await rm(ws, { recursive: true, force: true });
  });

  it('the 12-requirement portfolio document: covered, with agents, files that exist and tests that mention the IDs', async () => {
    ws = await mkdtemp(path.join(tmpdir(), 'swarm-trace-'));
    await cp(path.join(fixtures, 'portfolio.md'), path.join(ws, 'REQUIREMENTS.md'));
    await mkdir(path.join(ws, '.swarm'));
    await writeFile(path.join(ws, '.swarm/swarm.json'), JSON.stringify({ recovery: { attempts: 2, backoffMs: [10] }, rateLimit: { requestsPerMinute: 6000, tokensPerMinute: 10000000 } }));
    server = await startScriptedServer();
    server.setDefault(portfolioModel);
    const result = await runSwarm({ workspace: ws, events: new SwarmEvents(), apiKeys: ['sk-test-key-123456'], overrides: { baseUrl: server.baseUrl, model: 'gpt-4o-mini' } });
    const report = await readRunReport(ws, result.report.runId);
    assert.equal(report.requirements.total, 12);
    const failures = report.requirements.items.filter((i) => i.status !== 'covered');
    assert.deepEqual(failures, [], JSON.stringify(report.agents.filter((a) => a.status !== 'succeeded'), null, 2));
    for (const item of report.requirements.items) {
      assert.ok(item.agents.length > 0, `${item.id} has agents`);
      assert.ok(item.files.length > 0, `${item.id} has files`);
      for (const file of item.files) assert.ok(existsSync(path.join(ws, file)), `${file} exists`);
    }
    const byId = new Map(report.requirements.items.map((i) => [i.id, i]));
    assert.deepEqual(byId.get('REQ-001')?.agents, ['backend']);
    assert.deepEqual(byId.get('REQ-001')?.files, ['src/server/req-001.ts']);
    assert.deepEqual(byId.get('REQ-010')?.tests, ['test/req-010.test.ts']);
    assert.equal(report.traceability?.length, 12);
    const markdown = await readFile(path.join(ws, '.swarm/runs', report.runId, 'report.md'), 'utf8');
    assert.match(markdown, /\| \*\*REQ-001\*\* \| Projects are stored in SQLite and served by GET \/api\/projects\. \| must \| ✅ covered \| backend \| `src\/server\/req-001\.ts` \|/);
  });
});
