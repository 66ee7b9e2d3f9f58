import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
// `require`, not `import`: esbuild would pick web-tree-sitter's ESM build, which needs import.meta.url (absent in our CommonJS bundles).
// eslint-disable-next-line @typescript-eslint/no-require-imports
import TreeSitter = require('web-tree-sitter');
import type { GrammarName } from './languages';

const { Language, Parser, Query } = TreeSitter;
type Language = TreeSitter.Language;
type Parser = TreeSitter.Parser;
type Query = TreeSitter.Query;

/**
 * Tree-sitter runtime and grammars, loaded lazily from WebAssembly.
 *
 * From the sources (tests run through tsx) the .wasm files come from node_modules
 * (`web-tree-sitter` for the runtime, `@vscode/tree-sitter-wasm` for the grammars); from the
 * bundles they come from `dist/wasm/`, where esbuild.mjs copies exactly these files.
 */

export const GRAMMAR_FILES: readonly GrammarName[] = ['typescript', 'tsx', 'python', 'go', 'rust', 'java', 'c-sharp'];
export const RUNTIME_FILE = 'tree-sitter.wasm';
export function grammarFile(name: GrammarName): string {
  return `tree-sitter-${name}.wasm`;
}

let runtime: Promise<void> | undefined;
const languages = new Map<GrammarName, Promise<Language>>();
const loaded = new Map<GrammarName, LoadedGrammar>();

export interface LoadedGrammar {
  name: GrammarName;
  language: Language;
  parser: Parser;
  queries: Map<string, Query>;
}

/** Directories searched for a wasm file, most specific first. */
function candidateDirs(file: string): string[] {
  const dirs: string[] = [];
  const fromEnv = process.env.SWARM_WASM_DIR;
  if (fromEnv) dirs.push(fromEnv);
  // Bundled: dist/cli.js, dist/server.js and dist/extension.js sit next to dist/wasm/.
  dirs.push(path.join(__dirname, 'wasm'));
  const require = createRequire(path.join(__dirname, 'noop.js'));
  const resolveDir = (request: string): string | undefined => {
    try {
      return path.dirname(require.resolve(request));
    } catch {
      return undefined;
    }
  };
  const fromPackage = file === RUNTIME_FILE ? resolveDir('web-tree-sitter/tree-sitter.wasm') : resolveDir('@vscode/tree-sitter-wasm/package.json');
  if (fromPackage) dirs.push(file === RUNTIME_FILE ? fromPackage : path.join(fromPackage, 'wasm'));
  // Sources run from a checkout without module resolution (e.g. a relocated bundle): walk up to node_modules.
  for (let dir = __dirname; path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    dirs.push(path.join(dir, 'node_modules', file === RUNTIME_FILE ? 'web-tree-sitter' : '@vscode/tree-sitter-wasm/wasm'));
  }
  return dirs;
}

/** The absolute path of a wasm asset, or an error that lists where it was looked for. */
export function locateWasm(file: string): string {
  const dirs = candidateDirs(file);
  for (const dir of dirs) {
    const candidate = path.join(dir, file);
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(`Swarm cannot find ${file}; looked in ${dirs.join(', ')}. Rebuild with \`npm run build\` (it copies the grammars to dist/wasm).`);
}

function initRuntime(): Promise<void> {
  runtime ??= (async () => {
    const wasmBinary = readFileSync(locateWasm(RUNTIME_FILE));
    await Parser.init({ wasmBinary, locateFile: () => locateWasm(RUNTIME_FILE) });
  })();
  return runtime;
}

/** Loads (once) and returns a grammar with its parser. */
export async function loadGrammar(name: GrammarName): Promise<LoadedGrammar> {
  const ready = loaded.get(name);
  if (ready) return ready;
  let pending = languages.get(name);
  if (!pending) {
    pending = initRuntime().then(() => Language.load(readFileSync(locateWasm(grammarFile(name)))));
    languages.set(name, pending);
    // A failed load may be retried later (for instance after a rebuild).
    pending.catch(() => languages.delete(name));
  }
  const language = await pending;
  const again = loaded.get(name);
  if (again) return again;
  const parser = new Parser();
  parser.setLanguage(language);
  const grammar: LoadedGrammar = { name, language, parser, queries: new Map() };
  loaded.set(name, grammar);
  return grammar;
}

/** A grammar that is already loaded, for the synchronous detector; undefined if not yet. */
export function loadedGrammar(name: GrammarName): LoadedGrammar | undefined {
  return loaded.get(name);
}

/** A compiled query, cached per grammar. */
export function query(grammar: LoadedGrammar, source: string): Query {
  let q = grammar.queries.get(source);
  if (!q) {
    q = new Query(grammar.language, source);
    grammar.queries.set(source, q);
  }
  return q;
}
