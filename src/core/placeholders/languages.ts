// swarm-ignore-file: this file names the placeholder phrases it detects.
import * as path from 'node:path';

/** How the detector reads a file: each kind has its own notion of comments, strings and bodies. */
export type LanguageId =
  | 'typescript'
  | 'tsx'
  | 'javascript'
  | 'python'
  | 'go'
  | 'rust'
  | 'java'
  | 'csharp'
  | 'markdown'
  | 'text'
  | 'json'
  | 'config'
  | 'c-like'
  | 'hash-comment'
  | 'html'
  | 'sql';

/** The tree-sitter grammar (file `tree-sitter-<name>.wasm`) used for each parsed language. */
export type GrammarName = 'typescript' | 'tsx' | 'python' | 'go' | 'rust' | 'java' | 'c-sharp';

export const GRAMMAR_OF: Partial<Record<LanguageId, GrammarName>> = {
  typescript: 'typescript',
  tsx: 'tsx',
  // The TSX grammar is a superset of JavaScript and JSX; shipping it once keeps the bundle small.
  javascript: 'tsx',
  python: 'python',
  go: 'go',
  rust: 'rust',
  java: 'java',
  csharp: 'c-sharp',
};

const BY_EXTENSION: Record<string, LanguageId> = {
  '.ts': 'typescript',
  '.mts': 'typescript',
  '.cts': 'typescript',
  '.tsx': 'tsx',
  '.js': 'javascript',
  '.jsx': 'javascript',
  '.mjs': 'javascript',
  '.cjs': 'javascript',
  '.py': 'python',
  '.pyi': 'python',
  '.go': 'go',
  '.rs': 'rust',
  '.java': 'java',
  '.cs': 'csharp',
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.mdx': 'markdown',
  '.txt': 'text',
  '.rst': 'text',
  '.adoc': 'text',
  '.json': 'json',
  '.jsonc': 'json',
  '.json5': 'json',
  '.yaml': 'config',
  '.yml': 'config',
  '.toml': 'config',
  '.ini': 'config',
  '.cfg': 'config',
  '.conf': 'config',
  '.env': 'config',
  '.properties': 'config',
  '.c': 'c-like',
  '.h': 'c-like',
  '.cc': 'c-like',
  '.cpp': 'c-like',
  '.hpp': 'c-like',
  '.kt': 'c-like',
  '.kts': 'c-like',
  '.swift': 'c-like',
  '.scala': 'c-like',
  '.php': 'c-like',
  '.dart': 'c-like',
  '.css': 'c-like',
  '.scss': 'c-like',
  '.less': 'c-like',
  '.sh': 'hash-comment',
  '.bash': 'hash-comment',
  '.zsh': 'hash-comment',
  '.rb': 'hash-comment',
  '.pl': 'hash-comment',
  '.r': 'hash-comment',
  '.ps1': 'hash-comment',
  '.html': 'html',
  '.htm': 'html',
  '.xml': 'html',
  '.vue': 'html',
  '.svelte': 'html',
  '.sql': 'sql',
};

const BY_NAME: Record<string, LanguageId> = {
  dockerfile: 'hash-comment',
  makefile: 'hash-comment',
  '.gitignore': 'hash-comment',
  '.dockerignore': 'hash-comment',
  '.editorconfig': 'config',
  '.npmrc': 'config',
  readme: 'markdown',
  license: 'text',
  changelog: 'markdown',
};

const EXTENSIONS = new Map(Object.entries(BY_EXTENSION));
const NAMES = new Map(Object.entries(BY_NAME));
const TEMPLATE_SUFFIX = /\.(example|sample|template|tmpl|dist|orig)$/;

/** Language of a workspace-relative path, or undefined for files the detector does not read. */
export function languageOf(file: string): LanguageId | undefined {
  // The base name without path.posix (called several times per file in a scan of thousands).
  const slash = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
  const base = file.slice(slash + 1).toLowerCase();
  const byName = NAMES.get(base);
  if (byName) return byName;
  // `.env.production`, `.env.local`: dotenv files named by environment.
  if (base === '.env' || base.startsWith('.env.')) return 'config';
  if (base.startsWith('dockerfile.')) return 'hash-comment';
  const stripped = base.endsWith('.example') || base.endsWith('.sample') || base.endsWith('.template') || base.endsWith('.tmpl') || base.endsWith('.dist') || base.endsWith('.orig') ? stripTemplateSuffix(base) : base;
  const dot = stripped.lastIndexOf('.');
  // As path.extname: no extension for a name that only starts with a dot.
  if (dot <= 0) return undefined;
  return EXTENSIONS.get(stripped.slice(dot));
}

/** `config.json.example` reads as JSON. */
function stripTemplateSuffix(base: string): string {
  return base.replace(TEMPLATE_SUFFIX, '');
}

/** Example/template files (`.env.example`, `config.sample.json`) legitimately hold placeholder values. */
export function isTemplatePath(file: string): boolean {
  const p = file.replace(/\\/g, '/');
  const base = path.posix.basename(p).toLowerCase();
  return (
    /\.(example|sample|template|tmpl|dist)$/.test(base) ||
    /(^|[._-])(example|sample|template)s?\.[a-z0-9]+$/.test(base) ||
    // Issue and pull-request forms: their texts are prompts for whoever fills them in.
    /(^|\/)\.github\/(ISSUE_TEMPLATE|DISCUSSION_TEMPLATE|PULL_REQUEST_TEMPLATE)\//i.test(p) ||
    /(^|\/)pull_request_template\.md$/i.test(p)
  );
}

const EXAMPLE_DIR = /(^|\/)(examples?|samples?|demos?|docs_src|tutorials?|snippets)\//i;

/** Example and tutorial code (`examples/`, `docs_src/`): its fake data and empty handlers illustrate a point. */
export function isExamplePath(file: string): boolean {
  return EXAMPLE_DIR.test(file.replace(/\\/g, '/'));
}

/** Declaration-only files whose empty bodies are the point: `.d.ts`, `.pyi`. */
export function isDeclarationPath(file: string): boolean {
  return /\.d\.[mc]?ts$|\.pyi$/i.test(file);
}

const TEST_DIR =
  /(^|\/)(tests?|__tests__|specs?|__mocks__|mocks?|fakes?|fixtures?|testdata|testbed|testing|test-?utils?|test-?helpers?|testsupport|e2e|cypress|playwright|stories|storybook|__fixtures__|[\w.-]+[-_.]tests?|mock[a-z0-9]+)\//i;
/** Go's convention for test-helper packages: `httptest/`, `k6test/`. */
const GO_TEST_PACKAGE = /(^|\/)(?!latest\/|contest\/)[a-z0-9]+test\//;
const TEST_FILE =
  /\.(test|spec|stories|story|e2e|mock|fixture)\.[cm]?[jt]sx?$|_test\.(go|py)$|(^|\/)test_[^/]*\.py$|(^|\/)conftest\.py$|Tests?\.(java|cs|kt)$|(^|\/)(test|mock|fake|stub)s?\.[a-z]+$|_(tests?|mocks?|fakes?)\.rs$|(^|\/)(mock|fake|stub)_[^/]*\.(go|py)$|_(mock|fake|stub)s?\.(go|py)$/i;

/** Tests, test doubles, fixtures, stories: stubs and canned data there are on purpose. */
export function isTestPath(file: string): boolean {
  const p = file.replace(/\\/g, '/');
  return TEST_DIR.test(p) || TEST_FILE.test(p) || (p.endsWith('.go') && GO_TEST_PACKAGE.test(p));
}

const GOOS = 'aix|android|darwin|dragonfly|freebsd|hurd|illumos|ios|js|linux|nacl|netbsd|openbsd|plan9|solaris|wasip1|windows|zos';
const GOARCH = '386|amd64|amd64p32|arm|armbe|arm64|arm64be|loong64|mips|mipsle|mips64|mips64le|ppc|ppc64|ppc64le|riscv|riscv64|s390|s390x|sparc|sparc64|wasm';
const GO_CONSTRAINED_NAME = new RegExp(`_(${GOOS})(_(${GOARCH}))?(_test)?\\.go$|_(${GOARCH})(_test)?\\.go$`);

/**
 * A Go file built only for some platforms or tags (`//go:build`, `// +build`, or a `_linux.go`-style
 * name): one of several variants, where an empty or failing function is the variant for a platform
 * or build that lacks the feature.
 */
export function isBuildConstrainedGo(file: string, text: string): boolean {
  if (!file.endsWith('.go')) return false;
  if (GO_CONSTRAINED_NAME.test(path.posix.basename(file.replace(/\\/g, '/')))) return true;
  const packageAt = text.search(/^package\s/m);
  const header = packageAt === -1 ? text.slice(0, 4000) : text.slice(0, packageAt);
  return /^\/\/(go:build\s|\s*\+build\s)/m.test(header);
}

/** How far into a file `isGeneratedText` looks for a generator's marker. */
export const GENERATED_HEAD_CHARS = 4000;

/** A file that says it was generated by a tool. */
export function isGeneratedText(text: string): boolean {
  // Generated files often open with a licence; Go's marker may sit anywhere before the package clause.
  const head = text.slice(0, GENERATED_HEAD_CHARS);
  return /Code generated .{0,80}DO NOT EDIT|@generated\b|<auto-generated|auto-?generated by|this file (is|was) (automatically )?generated|DO NOT EDIT[:. ]+this file/i.test(head);
}

/** Minified or machine-written text: very long lines. */
export function isMinifiedText(file: string, text: string): boolean {
  if (/\.min\.[a-z]+$/i.test(file)) return true;
  if (text.length < 4000) return false;
  let lines = 1;
  let longest = 0;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
    lines++;
    if (i - start > longest) longest = i - start;
    start = i + 1;
  }
  if (text.length - start > longest) longest = text.length - start;
  return longest > 2000 && text.length / lines > 300;
}

export interface CommentSyntax {
  line?: string;
  block?: [string, string];
}

/** How to write a comment line in each language (used to insert suppression comments). */
export function commentSyntaxOf(language: LanguageId): CommentSyntax | undefined {
  switch (language) {
    case 'typescript':
    case 'tsx':
    case 'javascript':
    case 'go':
    case 'rust':
    case 'java':
    case 'csharp':
    case 'c-like':
      return { line: '//', block: ['/*', '*/'] };
    case 'python':
    case 'config':
    case 'hash-comment':
      return { line: '#' };
    case 'sql':
      return { line: '--', block: ['/*', '*/'] };
    case 'markdown':
    case 'html':
      return { block: ['<!--', '-->'] };
    case 'text':
    case 'json':
      return undefined;
  }
}
