import assert from 'node:assert/strict';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runSwarm } from '../../../src/core/engine/runSwarm';
import { SwarmEvents } from '../../../src/core/events';
import { goodTurn } from '../../fixtures/llm/bookshelfModel';
import { recordingEvents } from '../../fixtures/llm/harness';
import { startScriptedServer, type ScriptedServer } from '../../fixtures/scriptedServer';

const FIXTURE = path.join(__dirname, '..', '..', 'fixtures', 'requirements-e2e');
const GOOD_KEY = 'sk-accepted-run-key-8c41e2d7a9';
const BAD_KEY = 'sk-refused-run-key-3f90b6c1e5';

async function workspace(): Promise<string> {
  const ws = await mkdtemp(path.join(tmpdir(), 'swarm-llm-run-'));
  await cp(FIXTURE, ws, { recursive: true });
  await mkdir(path.join(ws, '.swarm'), { recursive: true });
  await writeFile(
    path.join(ws, '.swarm', 'swarm.json'),
    JSON.stringify({ recovery: { attempts: 3, backoffMs: [10, 10] }, rateLimit: { requestsPerMinute: 60_000, tokensPerMinute: 100_000_000 } }),
  );
  return ws;
}

async function everyFile(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

describe('model access in a whole run (runSwarm against the scripted server)', function () {
  this.timeout(120_000);
  let server: ScriptedServer;
  let ws: string;
  afterEach(async () => {
    await server?.close();
    if (ws) await rm(ws, { recursive: true, force: true });
  });

  it('no key reaches .swarm/, the workspace, the report or any event, with a rejected key rotated out and a server that echoes the key', async () => {
    server = await startScriptedServer({ acceptedKeys: [GOOD_KEY] });
    let echoed = false;
    server.setDefault((request) => {
      if (!echoed) {
        echoed = true;
        return { kind: 'error', status: 500, message: `upstream refused Authorization: Bearer ${GOOD_KEY}` };
      }
      return goodTurn(request);
    });
    ws = await workspace();
    const { events, recorded } = recordingEvents();
    const result = await runSwarm({ workspace: ws, events, apiKeys: [BAD_KEY, GOOD_KEY], overrides: { baseUrl: server.baseUrl, model: 'gpt-4o-mini' } });
    assert.equal(result.report.status, 'passed');
    assert.ok(echoed);

    const files = await everyFile(ws);
    assert.ok(files.some((f) => f.includes(`${path.sep}cache${path.sep}`)), 'the run wrote cache entries');
    assert.ok(files.some((f) => f.endsWith('report.json')));
    const output = [...(await Promise.all(files.map((f) => readFile(f, 'latin1')))), JSON.stringify(recorded), JSON.stringify(result)].join('\n');
    for (const key of [GOOD_KEY, BAD_KEY]) assert.ok(!output.includes(key), `found ${key.slice(0, 14)}… after the run`);
    assert.ok(recorded.some((e) => e.name === 'llm:error'), 'the echoing error went through the events, redacted');
  });

  it('a second identical run makes zero model calls and reports the cache hits', async () => {
    server = await startScriptedServer();
    server.setDefault((request) => goodTurn(request));
    ws = await workspace();
    const run = () => runSwarm({ workspace: ws, events: new SwarmEvents(), apiKeys: [GOOD_KEY], overrides: { baseUrl: server.baseUrl, model: 'gpt-4o-mini' } });
    const first = await run();
    assert.equal(first.report.status, 'passed');
    const calls = server.callCount;
    assert.ok(calls > 0);
    const second = await run();
    assert.equal(server.callCount, calls, 'no model call in the second run');
    assert.equal(second.report.status, 'passed');
    assert.equal(second.report.totals.cacheHits, first.report.totals.llmCalls);
    assert.equal(second.report.totals.costUsd, 0);
  });
});
