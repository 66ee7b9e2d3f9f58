import assert from 'node:assert/strict';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadConfig } from '../../../src/core/config/loadConfig';
import { SwarmInputError } from '../../../src/core/errors';

async function workspaceWith(config?: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'swarm-config-'));
  if (config !== undefined) {
    await mkdir(path.join(dir, '.swarm'));
    await writeFile(path.join(dir, '.swarm', 'swarm.json'), config);
  }
  return dir;
}

describe('configuration', () => {
  it('fills every default of SPEC §7 when there is no file', async () => {
    const config = await loadConfig(await workspaceWith());
    assert.equal(config.model, 'gpt-4o-mini');
    assert.equal(config.baseUrl, 'https://api.openai.com/v1');
    assert.equal(config.concurrency, 4);
    assert.equal(config.requirementsFile, 'REQUIREMENTS.md');
    assert.deepEqual(config.recovery, { attempts: 3, backoffMs: [5000, 15000, 30000] });
    assert.deepEqual(config.gates, { requirementCoverage: 0.8, agentSuccessRate: 0.9, maxPlaceholderFiles: 0 });
    assert.deepEqual(config.rateLimit, { requestsPerMinute: 60, tokensPerMinute: 150000 });
    assert.equal(config.cache.enabled, true);
    assert.equal(config.budget.maxCostUsd, 5);
    assert.equal(config.approval, 'on-failure');
  });

  it('names an unknown key with its path', async () => {
    const dir = await workspaceWith(JSON.stringify({ recovery: { attempts: 2, backof: [1] } }));
    await assert.rejects(loadConfig(dir), (e: unknown) => e instanceof SwarmInputError && /unknown key "recovery\.backof"/.test(e.message) && /swarm\.json/.test(e.message));
  });

  it('names a wrong type with its path', async () => {
    const dir = await workspaceWith(JSON.stringify({ agents: [{ id: 'backend', maxTurns: 'many' }] }));
    await assert.rejects(loadConfig(dir), /"agents\.0\.maxTurns"/);
  });

  it('reports JSON syntax errors and a missing named file', async () => {
    await assert.rejects(loadConfig(await workspaceWith('{ "model": ')), /not valid JSON/);
    await assert.rejects(loadConfig(await workspaceWith(), 'nope.json'), /cannot read the configuration file .*nope\.json/);
  });

  it('applies overrides from flags and settings over the file', async () => {
    const dir = await workspaceWith(JSON.stringify({ model: 'file-model', concurrency: 2, cache: { enabled: true } }));
    const config = await loadConfig(dir, undefined, { model: 'flag-model', concurrency: undefined, cache: { enabled: false } });
    assert.equal(config.model, 'flag-model');
    assert.equal(config.concurrency, 2);
    assert.equal(config.cache.enabled, false);
  });
});
