// Bundles the extension, the language server and the CLI into dist/.
//   node esbuild.mjs               development build
//   node esbuild.mjs --production  minified, with source maps
//   node esbuild.mjs --watch       rebuild on change
import * as esbuild from 'esbuild';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  minify: production,
  logLevel: 'warning',
  legalComments: 'linked',
  define: { 'process.env.SWARM_BUNDLED': '"1"' },
};

const entries = [
  { entryPoints: { extension: 'src/extension/extension.ts' }, external: ['vscode'] },
  { entryPoints: { server: 'src/server/server.ts' } },
  { entryPoints: { cli: 'src/cli/main.ts' }, banner: { js: '#!/usr/bin/env node' } },
].filter((e) => Object.values(e.entryPoints).every((p) => existsSync(p)));

const webviews = ['media/dashboard/main.ts']
  .filter((p) => existsSync(p))
  .map((p) => ({ entryPoints: [p], outdir: 'dist/media', platform: 'browser', format: 'iife', target: 'es2022' }));

// Tree-sitter runtime and the grammars the placeholder detector loads lazily (src/core/placeholders/grammars.ts).
mkdirSync('dist/wasm', { recursive: true });
copyFileSync('node_modules/web-tree-sitter/tree-sitter.wasm', 'dist/wasm/tree-sitter.wasm');
for (const grammar of ['typescript', 'tsx', 'python', 'go', 'rust', 'java', 'c-sharp']) {
  copyFileSync(`node_modules/@vscode/tree-sitter-wasm/wasm/tree-sitter-${grammar}.wasm`, `dist/wasm/tree-sitter-${grammar}.wasm`);
}

const contexts = await Promise.all([
  ...entries.map((e) => esbuild.context({ ...common, outdir: 'dist', ...e })),
  ...webviews.map((w) => esbuild.context({ ...common, ...w })),
]);

if (watch) {
  await Promise.all(contexts.map((c) => c.watch()));
  console.error('[esbuild] watching for changes');
} else {
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
}
