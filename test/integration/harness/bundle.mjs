// Bundles the extension-host suite (test/integration/suite: index.ts + every *.test.ts) into
// dist/test/integration/, one CommonJS file per entry, `vscode` left to the extension host.
import * as esbuild from 'esbuild';
import { readdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { REPO } from './setup.mjs';

export const SUITE_DIR = join(REPO, 'test', 'integration', 'suite');
export const SUITE_OUT = join(REPO, 'dist', 'test', 'integration');
export const SUITE_ENTRY = join(SUITE_OUT, 'index.js');

export async function bundleSuite() {
  const tests = readdirSync(SUITE_DIR, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.test.ts')).sort();
  rmSync(SUITE_OUT, { recursive: true, force: true });
  await esbuild.build({
    absWorkingDir: REPO,
    entryPoints: ['index.ts', ...tests].map((f) => relative(REPO, join(SUITE_DIR, f))),
    outbase: relative(REPO, SUITE_DIR),
    outdir: relative(REPO, SUITE_OUT),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'linked',
    external: ['vscode'],
    logLevel: 'warning',
    // mocha's parallel mode (unused here) resolves worker files at run time
    logOverride: { 'require-resolve-not-external': 'silent' },
  });
  return { entry: SUITE_ENTRY, tests };
}
