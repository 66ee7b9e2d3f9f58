import { strict as assert } from 'node:assert';
import { allowedPathsMatcher, normalizeAgentPath, protectedPathReason, secretFileReason } from '../../../src/core/workspace/pathPolicy';

describe('pathPolicy', () => {
  describe('normalizeAgentPath', () => {
    const refused: [string, RegExp][] = [
      ['', /empty/],
      ['   ', /empty/],
      ['../x', /escapes/],
      ['..', /escapes/],
      ['src/../../x', /escapes/],
      ['..\\x', /escapes/],
      ['src\\..\\..\\etc\\passwd', /escapes/],
      ['/tmp/x', /absolute/],
      ['/etc/passwd', /absolute/],
      ['\\\\server\\share\\x', /absolute/],
      ['\\x', /absolute/],
      ['C:\\Windows\\x', /absolute/],
      ['c:/x', /absolute/],
      ['C:x', /absolute/],
      ['src/a:b', /":"/],
      ['a\0b', /NUL/],
      [`src/${'a'.repeat(1100)}.ts`, /longer than 1024/],
      ['.', /root/],
      ['./', /root/],
      ['src/..', /root/],
    ];
    for (const [input, reason] of refused) {
      it(`refuses ${JSON.stringify(input)}`, () => {
        const result = normalizeAgentPath(input);
        assert.equal(result.ok, false);
        if (!result.ok) assert.match(result.reason, reason);
      });
    }

    const accepted: [string, string][] = [
      ['src/app.ts', 'src/app.ts'],
      ['./src/app.ts', 'src/app.ts'],
      ['src//app.ts', 'src/app.ts'],
      ['src\\components\\Card.tsx', 'src/components/Card.tsx'],
      ['src/x/../app.ts', 'src/app.ts'],
      ['..foo/bar.ts', '..foo/bar.ts'],
      ['docs/', 'docs'],
    ];
    for (const [input, expected] of accepted) {
      it(`normalizes ${JSON.stringify(input)} to ${expected}`, () => {
        assert.deepEqual(normalizeAgentPath(input), { ok: true, path: expected });
      });
    }
  });

  describe('protectedPathReason', () => {
    for (const p of ['.git', '.git/hooks/pre-commit', '.GIT/config', 'sub/.git/config', 'a/b/.Git/HEAD', '.git./config', '.git /config', 'GIT~1/config', '.swarm/audit.jsonl', '.SWARM/x', '.swarm']) {
      it(`protects ${p}`, () => assert.ok(protectedPathReason(p)));
    }
    for (const p of ['.github/workflows/ci.yml', '.gitignore', 'src/git/x.ts', 'docs/.swarmrc', 'sub/.swarm/x', 'legit.git.ts']) {
      it(`does not protect ${p}`, () => assert.equal(protectedPathReason(p), undefined));
    }
  });

  describe('secretFileReason', () => {
    for (const p of ['.env', '.ENV', '.env.local', 'web/.env.production', '.npmrc', 'certs/server.pem', 'deploy/tls.key', '.ssh/id_rsa', 'home/id_ed25519', '.aws/credentials']) {
      it(`keeps agents away from ${p}`, () => assert.ok(secretFileReason(p)));
    }
    for (const p of ['.env.example', 'web/.env.sample', 'src/env.ts', 'src/keys.ts', 'docs/ssh.md']) {
      it(`leaves ${p} alone`, () => assert.equal(secretFileReason(p), undefined));
    }
  });

  describe('allowedPathsMatcher', () => {
    it('matches globs, dotfiles included, and honours ! exclusions', () => {
      const allowed = allowedPathsMatcher(['web/**', 'src/components/**', '.github/workflows/**', '*.md', '!web/secret/**']);
      assert.ok(allowed('web/src/App.tsx'));
      assert.ok(allowed('src/components/Card.tsx'));
      assert.ok(allowed('.github/workflows/ci.yml'));
      assert.ok(allowed('README.md'));
      assert.ok(!allowed('docs/guide.md'));
      assert.ok(!allowed('src/server/index.ts'));
      assert.ok(!allowed('web/secret/key.ts'));
    });
    it('allows nothing when the list is empty or only exclusions', () => {
      assert.ok(!allowedPathsMatcher([])('a.ts'));
      assert.ok(!allowedPathsMatcher(['!x/**'])('a.ts'));
    });
  });
});
