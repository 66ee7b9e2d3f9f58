import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { promisify } from 'node:util';
import * as esbuild from 'esbuild';
import { DEFAULT_AGENT_IDS, loadDefaultTeam, parseAgentDefinition } from '../../../src/core/agents/defaultTeam';
import { resolveTeam, type TeamAgent } from '../../../src/core/agents/team';
import { parseConfig } from '../../../src/core/config/loadConfig';
import { SwarmInputError } from '../../../src/core/errors';
import { allowedPathsMatcher } from '../../../src/core/workspace/pathPolicy';

const repo = path.resolve(__dirname, '../../..');

describe('the team', () => {
  const team = resolveTeam(parseConfig({}));
  const byId = new Map(team.map((a) => [a.id, a]));
  const agent = (id: string): TeamAgent => byId.get(id) ?? assert.fail(`no agent ${id}`);

  it('has the default agents, each complete', () => {
    assert.deepEqual(team.map((a) => a.id), [...DEFAULT_AGENT_IDS]);
    for (const a of team) {
      assert.ok(a.role.length > 400, `${a.id} has a real role prompt`);
      assert.ok(a.capabilities.length > 0 && a.allowedPaths.length > 0 && a.maxTurns > 0 && a.timeoutMs >= 60_000, a.id);
      assert.equal(a.enabled, true);
      for (const dep of a.dependsOn) assert.ok(byId.has(dep), `${a.id} depends on ${dep}`);
      if (a.fallback) assert.ok(byId.has(a.fallback) && a.fallback !== a.id, `${a.id} falls back to ${a.fallback}`);
    }
  });

  it('orders the work: architect first, tests after the code, docs last, devops after backend', () => {
    assert.deepEqual(agent('architect').dependsOn, []);
    for (const id of ['backend', 'frontend', 'ai', 'devops', 'tests', 'docs']) assert.ok(agent(id).dependsOn.includes('architect'), id);
    for (const id of ['backend', 'frontend', 'ai']) assert.ok(agent('tests').dependsOn.includes(id), `tests after ${id}`);
    for (const id of ['architect', 'backend', 'frontend', 'ai', 'tests', 'devops']) assert.ok(agent('docs').dependsOn.includes(id), `docs after ${id}`);
    assert.ok(agent('devops').dependsOn.includes('backend'));
  });

  it('gives every specialist a fallback that can write where it writes', () => {
    for (const id of ['architect', 'backend', 'frontend', 'ai', 'tests', 'docs', 'devops']) assert.ok(agent(id).fallback, id);
    const samples: Record<string, string[]> = {
      backend: ['src/server/index.ts', 'src/routes/projects.ts'],
      frontend: ['src/components/ProjectCard.tsx', 'web/src/App.tsx'],
      ai: ['src/ai/aiService.ts'],
      tests: ['test/api.test.ts', 'src/components/Card.test.tsx'],
      docs: ['README.md', 'docs/api.md'],
      devops: ['Dockerfile', '.github/workflows/ci.yml'],
    };
    for (const [id, paths] of Object.entries(samples)) {
      const own = allowedPathsMatcher(agent(id).allowedPaths);
      const fallback = allowedPathsMatcher(agent(agent(id).fallback ?? '').allowedPaths);
      for (const p of paths) {
        assert.ok(own(p), `${id} may write ${p}`);
        assert.ok(fallback(p), `${id}'s fallback may write ${p}`);
      }
    }
  });

  it('keeps each agent to its own paths (least privilege)', () => {
    const may = (id: string, p: string) => allowedPathsMatcher(agent(id).allowedPaths)(p);
    assert.ok(!may('frontend', 'src/server/index.ts'));
    assert.ok(!may('backend', 'src/components/Card.tsx'));
    assert.ok(!may('docs', 'src/index.ts'));
    assert.ok(!may('tests', 'src/server/index.ts'));
    assert.ok(!may('devops', 'src/server/index.ts'));
    assert.ok(!may('ai', 'src/components/Card.tsx'));
    for (const a of team) assert.ok(!a.allowedPaths.includes('**'), `${a.id} is not allowed everywhere`);
  });

  it('the frontend prompt demands React + TypeScript components (TSX) with API integration, with examples', () => {
    const role = agent('frontend').role;
    assert.match(role, /React/);
    assert.match(role, /\.tsx/);
    assert.match(role, /```tsx\n[\s\S]*export function \w+\([\s\S]*useState[\s\S]*```/);
    assert.match(role, /fetch\('\/api\//);
    assert.match(role, /loading, error/);
  });

  it('the AI prompt demands a real service with a template fallback, caching and a rate limit — never a stub', () => {
    const role = agent('ai').role;
    assert.match(role, /never a stub/i);
    assert.match(role, /template fallback/i);
    assert.match(role, /caching/i);
    assert.match(role, /rate limit/i);
    assert.match(role, /chat\/completions/);
  });

  describe('merging the config', () => {
    it('overrides fields of a default agent by id and adds new agents', () => {
      const merged = resolveTeam(
        parseConfig({
          agents: [
            { id: 'frontend', allowedPaths: ['app/**'], maxTurns: 5, model: 'gpt-4o', fallback: 'backend' },
            { id: 'security', role: 'You audit security.', capabilities: ['security'], dependsOn: ['backend'], allowedPaths: ['security/**'] },
            { id: 'devops', enabled: false },
          ],
        }),
      );
      const m = new Map(merged.map((a) => [a.id, a]));
      const frontend = m.get('frontend');
      assert.deepEqual(frontend?.allowedPaths, ['app/**']);
      assert.equal(frontend?.maxTurns, 5);
      assert.equal(frontend?.model, 'gpt-4o');
      assert.equal(frontend?.fallback, 'backend');
      assert.equal(frontend?.role, agent('frontend').role, 'the role stays the default');
      assert.deepEqual(frontend?.dependsOn, ['architect']);
      const security = m.get('security');
      assert.deepEqual(
        { role: security?.role, capabilities: security?.capabilities, dependsOn: security?.dependsOn, allowedPaths: security?.allowedPaths, enabled: security?.enabled, maxTurns: security?.maxTurns },
        { role: 'You audit security.', capabilities: ['security'], dependsOn: ['backend'], allowedPaths: ['security/**'], enabled: true, maxTurns: 24 },
      );
      assert.equal(m.get('devops')?.enabled, false);
      assert.ok(!m.get('docs')?.dependsOn.includes('devops'), 'a disabled agent is nobody’s prerequisite');
      assert.equal(merged.at(-1)?.id, 'security');
    });

    const errors: [string, unknown[], RegExp][] = [
      ['an unknown fallback', [{ id: 'backend' }, { id: 'tests' }, { id: 'frontend', fallback: 'fullstak' }], /^agents\[2\]\.fallback: unknown agent "fullstak" \(the team has architect, backend/],
      ['an unknown dependency', [{ id: 'frontend', dependsOn: ['architect', 'designer'] }], /^agents\[0\]\.dependsOn\[1\]: unknown agent "designer"/],
      ['a fallback to itself', [{ id: 'backend', fallback: 'backend' }], /^agents\[0\]\.fallback: agent "backend" cannot be its own fallback/],
      ['a fallback to a disabled agent', [{ id: 'fullstack', enabled: false }, { id: 'backend', fallback: 'fullstack' }], /^agents\[1\]\.fallback: agent "fullstack" is disabled/],
      ['a dependency on itself', [{ id: 'backend', dependsOn: ['backend'] }], /^agents\[0\]\.dependsOn\[0\]: agent "backend" cannot depend on itself/],
      ['an agent configured twice', [{ id: 'backend' }, { id: 'backend', maxTurns: 3 }], /^agents\[1\]\.id: agent "backend" is configured twice \(also agents\[0\]\)/],
      ['a dependency cycle', [{ id: 'architect', dependsOn: ['tests'] }], /^agents\[0\]\.dependsOn: the agents depend on each other in a cycle: architect → tests → architect|tests → .* → architect/],
    ];
    for (const [what, agents, message] of errors) {
      it(`rejects ${what}, naming the key path`, () => {
        assert.throws(
          () => resolveTeam(parseConfig({ agents }), { configFile: '.swarm/swarm.json' }),
          (error: unknown) => {
            assert.ok(error instanceof SwarmInputError);
            assert.equal(error.exitCode, 2);
            assert.match(error.message.replace(/^\.swarm\/swarm\.json: /, ''), message);
            assert.ok(error.message.startsWith('.swarm/swarm.json: '));
            return true;
          },
        );
      });
    }
  });

  describe('agent files', () => {
    it('parse front matter and body, and say what is wrong with a broken one', () => {
      const ok = parseAgentDefinition('qa', '---\ncapabilities: [qa]\nmaxTurns: 3\ntimeoutMs: 60000\nallowedPaths: ["qa/**"]\n---\nYou test.\n');
      assert.deepEqual(ok, { id: 'qa', capabilities: ['qa'], dependsOn: [], maxTurns: 3, timeoutMs: 60000, allowedPaths: ['qa/**'], role: 'You test.' });
      assert.throws(() => parseAgentDefinition('qa', 'You test.'), /qa\.md: an agent file starts with YAML front matter/);
      assert.throws(() => parseAgentDefinition('qa', '---\ncapabilities: [qa]\nmaxTurns: 3\ntimeoutMs: 60000\n---\nYou test.'), /qa\.md: allowedPaths: /);
      assert.throws(() => parseAgentDefinition('qa', '---\ncapabilities: [qa]\nmaxTurns: 3\ntimeoutMs: 60000\nallowedPaths: [x]\n---\n  \n'), /role prompt .* is empty/);
    });

    it('load from the esbuild bundle too (resources/ next to dist/)', async function () {
      this.timeout(60_000);
      const dir = path.join(repo, '.cache', 'test-team-bundle');
      await mkdir(dir, { recursive: true });
      try {
        const entry = path.join(dir, 'entry.ts');
        await writeFile(entry, `import { resolveTeam } from '../../src/core/agents/team';\nconsole.log(JSON.stringify(resolveTeam({ agents: [] }).map((a) => [a.id, a.role.length])));\n`);
        await esbuild.build({ entryPoints: [entry], outfile: path.join(dir, 'bundle.js'), bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'silent' });
        const { stdout } = await promisify(execFile)(process.execPath, [path.join(dir, 'bundle.js')]);
        assert.deepEqual(JSON.parse(stdout), loadDefaultTeam().map((a) => [a.id, a.role.length]));
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  });
});
