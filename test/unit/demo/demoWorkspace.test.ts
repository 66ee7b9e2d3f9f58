import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { prepareDemoWorkspace } from '../../../src/core/demo/demoWorkspace';
import { SwarmInputError } from '../../../src/core/errors';
import { resourcePath } from '../../../src/core/resources';

describe('demo workspace', () => {
  let root: string;

  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'swarm-demo-workspace-'));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('creates the folder and copies the bundled requirements, not the model’s answers', async () => {
    const dir = path.join(root, 'nested', 'swarm-demo');
    const { requirementsFile } = await prepareDemoWorkspace(dir);
    assert.equal(requirementsFile, 'REQUIREMENTS.md');
    assert.deepEqual(await readdir(dir), ['REQUIREMENTS.md']);
    assert.equal(await readFile(path.join(dir, requirementsFile), 'utf8'), await readFile(resourcePath('demo', 'REQUIREMENTS.md'), 'utf8'));
  });

  it('runs again in a folder a previous demo prepared, keeping what the agents wrote', async () => {
    await prepareDemoWorkspace(root);
    await mkdir(path.join(root, 'server'));
    await writeFile(path.join(root, 'server', 'app.js'), 'export {};\n');
    await prepareDemoWorkspace(root);
    assert.deepEqual((await readdir(root)).sort(), ['REQUIREMENTS.md', 'server']);
    assert.equal(await readFile(path.join(root, 'server', 'app.js'), 'utf8'), 'export {};\n');
  });

  it('never overwrites a different REQUIREMENTS.md: a SwarmInputError names it and nothing changes', async () => {
    const mine = '# My project\n\n- **APP-1** (backend) Something of mine.\n';
    await writeFile(path.join(root, 'REQUIREMENTS.md'), mine);
    await assert.rejects(prepareDemoWorkspace(root), (error: unknown) => {
      assert.ok(error instanceof SwarmInputError);
      assert.equal(error.exitCode, 2);
      assert.match(error.message, new RegExp(`${path.join(root, 'REQUIREMENTS.md').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} already exists with other content`));
      assert.match(error.message, /does not overwrite/);
      return true;
    });
    assert.equal(await readFile(path.join(root, 'REQUIREMENTS.md'), 'utf8'), mine);
  });

  it('refuses a path that is a file', async () => {
    const file = path.join(root, 'not-a-folder');
    await writeFile(file, 'x');
    await assert.rejects(prepareDemoWorkspace(file), (error: unknown) => error instanceof SwarmInputError && /is not a directory/.test(error.message));
  });
});
