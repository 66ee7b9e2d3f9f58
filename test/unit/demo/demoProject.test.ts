import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { transform } from 'esbuild';
import picomatch from 'picomatch';
import { loadDefaultTeam } from '../../../src/core/agents/defaultTeam';
import { DEMO_FILES, DEMO_READS, DEMO_REQUIREMENT_IDS, DESIGN_TASK, demoFileContent } from '../../../src/core/demo/demoProject';
import { loadRequirements } from '../../../src/core/requirements/loadRequirements';
import { resourcePath } from '../../../src/core/resources';

/** Writes the Team Notes app as the demo model writes it (final files, or the first attempt's). */
async function writeProject(dir: string, variant: 'final' | 'first-attempt' = 'final'): Promise<void> {
  for (const file of DEMO_FILES) {
    await mkdir(path.join(dir, path.dirname(file.path)), { recursive: true });
    await writeFile(path.join(dir, file.path), demoFileContent(file, variant));
  }
}

function npmTest(cwd: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile('npm', ['test'], { cwd, timeout: 60_000, env: { ...process.env, NODE_OPTIONS: '' } }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, output: `${stdout}\n${stderr}` });
    });
  });
}

const LOADERS = { '.ts': 'ts', '.tsx': 'tsx', '.js': 'js' } as const;

describe('demo project (what the demo model writes)', function () {
  this.timeout(60_000);
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'swarm-demo-project-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('has the six requirements the model is scripted for, across backend, frontend, tests and docs', async () => {
    const document = await loadRequirements(resourcePath('demo'), 'REQUIREMENTS.md');
    assert.deepEqual(
      document.requirements.map((r) => r.id),
      [...DEMO_REQUIREMENT_IDS],
    );
    assert.deepEqual([...new Set(document.requirements.flatMap((r) => r.capabilities))].sort(), ['backend', 'docs', 'frontend', 'tests']);
    assert.ok(document.requirements.every((r) => r.priority && r.criteria.length >= 2));
    assert.deepEqual(document.requirements.find((r) => r.id === 'DEMO-5')?.dependsOn, ['DEMO-1', 'DEMO-2']);
  });

  it('writes each file within the allowed paths of the agent that takes its requirement', async () => {
    const document = await loadRequirements(resourcePath('demo'), 'REQUIREMENTS.md');
    const team = loadDefaultTeam();
    for (const file of DEMO_FILES) {
      const capability = file.owner === DESIGN_TASK ? 'architecture' : document.requirements.find((r) => r.id === file.owner)!.capabilities[0]!;
      const agent = team.find((a) => a.capabilities.includes(capability))!;
      assert.ok(picomatch(agent.allowedPaths, { dot: true })(file.path), `${agent.id} may not write ${file.path}`);
    }
    for (const id of DEMO_REQUIREMENT_IDS) assert.ok(DEMO_FILES.some((f) => f.owner === id && f.implements.includes(id)), `${id}'s task writes a file that claims it`);
    for (const reads of Object.values(DEMO_READS)) {
      for (const read of reads) assert.ok(read === 'REQUIREMENTS.md' || DEMO_FILES.some((f) => f.path === read), `${read} is a demo file`);
    }
  });

  it('writes files that parse: TypeScript and TSX transpile, JavaScript and JSON parse', async () => {
    for (const file of DEMO_FILES) {
      const ext = path.extname(file.path);
      const content = demoFileContent(file);
      if (ext === '.json') JSON.parse(content);
      else if (ext in LOADERS) await transform(content, { loader: LOADERS[ext as keyof typeof LOADERS], sourcefile: file.path, format: 'esm', jsx: 'automatic' });
      assert.ok(content.trim().length > 0, `${file.path} is not empty`);
    }
    const stub = DEMO_FILES.find((f) => f.stubOnFirstAttempt)!;
    await transform(demoFileContent(stub, 'first-attempt'), { loader: 'js', format: 'esm' });
  });

  it('writes a project whose own tests pass with npm test', async () => {
    await writeProject(dir);
    const { code, output } = await npmTest(dir);
    assert.equal(code, 0, output);
    assert.match(output, /pass 14\b/);
    assert.match(output, /fail 0\b/);
  });

  it('writes tests that catch the first attempt’s stub store', async () => {
    await writeProject(dir, 'first-attempt');
    const { code, output } = await npmTest(dir);
    assert.notEqual(code, 0, output);
    assert.match(output, /Not implemented/);
  });
});
