import { build } from 'esbuild';
import { mkdir, rm } from 'node:fs/promises';
import * as path from 'node:path';

const REPO = path.resolve(__dirname, '..', '..', '..');

export interface CliBundle {
  /** Absolute path of the bundled CLI: run it with `node <file> …`. */
  file: string;
  remove(): Promise<void>;
}

/**
 * The CLI from the current sources, bundled the way esbuild.mjs bundles `dist/cli.js` (one CommonJS
 * file, minified), into a private folder under `.cache/` so it never races with `npm run build` and is
 * never stale. Inside the repository, so it finds `resources/` and the tree-sitter grammars as the
 * shipped bundle does. Starting it takes a fraction of running the sources through tsx.
 */
export async function bundleCli(): Promise<CliBundle> {
  const dir = path.join(REPO, '.cache', 'cli-bundle', `${process.pid}-${Date.now()}`);
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, 'cli.js');
  const remove = () => rm(dir, { recursive: true, force: true });
  await build({
    absWorkingDir: REPO,
    entryPoints: ['src/cli/main.ts'],
    outfile: file,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minify: true,
    logLevel: 'warning',
    define: { 'process.env.SWARM_BUNDLED': '"1"' },
  }).catch(async (error: unknown) => {
    await remove();
    throw error;
  });
  return { file, remove };
}
