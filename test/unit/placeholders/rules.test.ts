import assert from 'node:assert/strict';
import {
  canDetectSync,
  detectPlaceholders,
  detectPlaceholdersSync,
  PLACEHOLDER_RULES,
  preloadGrammarFor,
  type DetectorOptions,
} from '../../../src/core/placeholders';
import { SwarmInputError } from '../../../src/core/errors';

async function rules(file: string, text: string, options?: DetectorOptions): Promise<string[]> {
  return (await detectPlaceholders(file, text, options)).map((f) => f.rule);
}

/** [file, text, rule expected (or undefined for none)] */
type Case = [string, string, string | undefined];

function table(name: string, cases: Case[]): void {
  describe(name, () => {
    for (const [file, text, rule] of cases) {
      it(`${rule ? `flags ${rule}` : 'stays quiet'} in ${file}: ${JSON.stringify(text.slice(0, 70))}`, async () => {
        const found = await rules(file, text);
        if (rule) assert.ok(found.includes(rule), `expected ${rule}, got [${found.join(', ')}]`);
        else assert.deepEqual(found, []);
      });
    }
  });
}

table('todo-marker', [
  ['a.ts', 'const x = 1; // TODO: add retry\n', 'todo-marker'],
  ['a.py', 'x = 1  # FIXME handle None\n', 'todo-marker'],
  ['a.go', 'package a\n/* XXX: racy */\nvar x = 1\n', 'todo-marker'],
  ['a.ts', '/**\n * Loads the user.\n * @todo cache it\n */\nexport const load = 1;\n', 'todo-marker'],
  ['a.md', '# Setup\n\nTODO: describe the setup.\n', 'todo-marker'],
  ['a.ts', "const todoItems = ['TODO: buy milk'];\n", undefined],
  ['a.ts', '// Renders the todo list\nexport const x = 1;\n', undefined],
  ['a.ts', "// See TODO.md for the roadmap\nexport const x = 1;\n", undefined],
  ['a.ts', "// Matches 'TODO' markers\nexport const x = 1;\n", undefined],
  ['a.ts', '// Card numbers look like XXXX-XXXX\nexport const x = 1;\n', undefined],
]);

describe('todo-marker severity', () => {
  it('is an error when the marker says what is missing, info when tracked, a warning otherwise', async () => {
    const text = '// TODO: implement the cache\n// TODO(#12): batch writes\n// TODO: tidy names\nexport const x = 1;\n';
    const found = await detectPlaceholders('a.ts', text);
    assert.deepEqual(found.map((f) => [f.line, f.severity]), [[1, 'error'], [2, 'info'], [3, 'warning']]);
  });
});

table('omission-comment', [
  ['a.ts', 'function f() {\n  a();\n  // ... rest of the code\n}\n', 'omission-comment'],
  ['a.py', 'def f():\n    a()\n    # ... existing code ...\n', 'omission-comment'],
  ['a.java', 'class A {\n  void f() {\n    a();\n    // the other methods remain the same\n  }\n}\n', 'omission-comment'],
  ['a.rs', 'fn f() {\n    a();\n    // ...\n}\n', 'omission-comment'],
  ['a.ts', 'function f() {\n  a();\n  // same as above for the other fields\n}\n', 'omission-comment'],
  ['a.ts', 'function f() {\n  // Same as above, but with retries\n  return g(3);\n}\n', undefined],
  ['a.ts', 'function f(...args: unknown[]) {\n  // ...args go to the logger\n  log(...args);\n}\n', undefined],
]);

table('your-code-here', [
  ['a.ts', 'export function f() {\n  // your code here\n  return 1;\n}\n', 'your-code-here'],
  ['a.py', 'def f():\n    # Implementation goes here\n    return 1\n', 'your-code-here'],
  ['a.cs', 'class A { void F() { /* add your logic here */ G(); } }\n', 'your-code-here'],
  ['a.json', '{ "token": "<your token>" }\n', 'your-code-here'],
  ['a.tsx', 'export const E = () => <Editor placeholder="Write your code here" />;\n', undefined],
  ['.env.sample', 'KEY=your-key-here\n', undefined],
]);

table('placeholder-comment', [
  ['a.ts', 'export function f() {\n  // stub implementation\n  return 1;\n}\n', 'placeholder-comment'],
  ['a.py', 'def f():\n    # not implemented yet\n    return None\n', 'placeholder-comment'],
  ['a.go', 'package a\n// This is a placeholder.\nfunc F() int { return 1 }\n', 'placeholder-comment'],
  ['a.ts', '// The input shows a placeholder until the user types\nexport const x = 1;\n', undefined],
  ['a.ts', '// Must be implemented by subclasses\nexport const x = 1;\n', undefined],
]);

table('not-implemented-throw', [
  ['a.ts', "export function f(): number {\n  throw new Error('Not implemented');\n}\n", 'not-implemented-throw'],
  ['a.ts', "export const f = (): number => { throw new Error('not yet implemented'); };\n", 'not-implemented-throw'],
  ['a.py', 'def f(x):\n    """Do f."""\n    raise NotImplementedError()\n', 'not-implemented-throw'],
  ['a.rs', 'fn f() -> u8 {\n    unimplemented!()\n}\n', 'not-implemented-throw'],
  ['a.rs', 'fn f(x: u8) -> u8 {\n    match x { 0 => 1, _ => todo!() }\n}\n', 'not-implemented-throw'],
  ['a.go', 'package a\nfunc F() { panic("TODO") }\n', 'not-implemented-throw'],
  ['a.cs', 'class A { public int F() { throw new NotImplementedException(); } }\n', 'not-implemented-throw'],
  ['a.java', 'class A { int f() { throw new UnsupportedOperationException("Not implemented"); } }\n', 'not-implemented-throw'],
  ['a.ts', "export function f(k: string) {\n  if (k === 'x') throw new Error(`${k} is not implemented`);\n  return 1;\n}\n", undefined],
  ['a.go', 'package a\nfunc F(k int) int {\n\tif k > 1 {\n\t\tpanic("unreachable")\n\t}\n\treturn k\n}\n', undefined],
  ['a.py', 'from abc import ABC, abstractmethod\nclass A(ABC):\n    @abstractmethod\n    def f(self):\n        raise NotImplementedError\n', undefined],
  ['a.java', 'class It { public void remove() { throw new UnsupportedOperationException("remove"); } }\n', undefined],
  ['a.ts', "// throw new Error('Not implemented')\nexport const x = 1;\n", undefined],
]);

table('empty-body', [
  ['a.ts', 'export function save(x: number): void {}\n', 'empty-body'],
  ['a.ts', 'export class A {\n  save(): void {\n  }\n}\n', 'empty-body'],
  ['a.py', 'def save(x):\n    pass\n', 'empty-body'],
  ['a.py', 'def save(x):\n    ...\n', 'empty-body'],
  ['a.py', 'def save(x):\n    """Save x."""\n\ndef other():\n    return 1\n', 'empty-body'],
  ['a.go', 'package a\nfunc Save() {}\n', 'empty-body'],
  ['a.rs', 'pub fn save() {}\n', 'empty-body'],
  ['a.java', 'class A { public void save() { } }\n', 'empty-body'],
  ['a.cs', 'class A { public void Save() { } }\n', 'empty-body'],
  ['a.ts', 'export function save(x: number): void {\n  // write x to the store\n}\n', 'empty-body'],
  ['a.ts', 'export function save(x: number): void {\n  // intentionally empty: nothing to persist in memory mode\n}\n', undefined],
  ['a.ts', 'export const x = { a: {} };\nexport function f(o = {}) { return o; }\n', undefined],
  ['a.ts', 'export class A { constructor(private readonly db: string) {} }\n', undefined],
  ['a.ts', 'items.forEach(() => {});\n', undefined],
  ['a.pyi', 'def save(x: int) -> None: ...\n', undefined],
  ['a.d.ts', 'export declare class A { save(): void; }\n', undefined],
  ['a.py', 'try:\n    f()\nexcept KeyError:\n    pass\n', undefined],
  ['a.py', 'from typing import Protocol\nclass P(Protocol):\n    def save(self) -> None: ...\n', undefined],
  ['a.py', 'from typing import overload\n@overload\ndef f(x: int) -> int: ...\ndef f(x):\n    return x\n', undefined],
  ['a.rs', 'trait T {\n    fn hook(&self) {}\n}\n', undefined],
  ['a.java', 'interface I { default void hook() {} }\n', undefined],
  ['src/a.test.ts', 'function save(): void {}\n', undefined],
  // A banner of slashes once made the candidate scan backtrack exponentially (minutes for one file).
  ['a.go', `package a\nfunc F(n int) int {\n\t${'/'.repeat(80)}\n\t// 2D transforms\n\treturn n\n}\n`, undefined],
  ['a.go', `package a\nfunc F() {\n\t${'/'.repeat(80)}\n}\n`, 'empty-body'],
]);

table('canned-answer', [
  ['a.ts', 'export async function ask(q: string) {\n  return "This is a placeholder response";\n}\n', 'canned-answer'],
  ['a.ts', 'export function ask(prompt: string) {\n  return `Response to: ${prompt}`;\n}\n', 'canned-answer'],
  ['a.py', 'def ask(question):\n    return "Response: " + question\n', 'canned-answer'],
  ['a.cs', 'class A { string Ask(string q) { return $"Echo: {q}"; } }\n', 'canned-answer'],
  ['a.ts', 'export function log(id: string) {\n  console.log(`Response to: ${id}`);\n}\n', undefined],
  ['a.ts', 'export function ask(prompt: string, res: { text: string }) {\n  return `Response: ${res.text}`;\n}\n', undefined],
  ['a.ts', "export const rules = \"Never say 'As an AI language model'\";\n", undefined],
]);

table('mock-data', [
  ['src/a.ts', 'const mockUsers = [{ id: 1 }];\nexport const users = () => mockUsers;\n', 'mock-data'],
  ['src/a.py', 'FAKE_ORDERS = [{"id": 1}]\n', 'mock-data'],
  ['src/a.ts', 'export async function f() {\n  // TODO later: replace with real API call\n  return [];\n}\n', 'mock-data'],
  ['src/a.ts', 'export function send(to: string) {\n  console.log(`Simulating email to ${to}`);\n}\n', 'mock-data'],
  ['src/a.ts', 'export const mockServer = setupServer();\n', undefined],
  ['src/__mocks__/api.ts', 'export const mockUsers = [{ id: 1 }];\n', undefined],
  ['test/a.spec.ts', 'const fakeUser = { id: 1 };\n', undefined],
]);

table('lorem-ipsum', [
  ['a.tsx', 'export const P = () => <p>Lorem ipsum dolor sit amet</p>;\n', 'lorem-ipsum'],
  ['a.py', 'BIO = "Lorem ipsum dolor sit amet, consectetur adipiscing elit"\n', 'lorem-ipsum'],
  ['a.md', '# About\n\nLorem ipsum dolor sit amet.\n', 'lorem-ipsum'],
  ['a.py', 'WORDS = ["lorem", "ipsum", "dolor"]\n', undefined],
  ['a.ts', '// Generates lorem ipsum dolor filler for previews\nexport const x = 1;\n', undefined],
]);

table('docs-tbd', [
  ['a.md', '# A\n\n## Usage\n\nTBD\n', 'docs-tbd'],
  ['a.md', '# A\n\nDocumentation coming soon.\n', 'docs-tbd'],
  ['a.md', '# A\n\nIntro.\n\n## Usage\n\n## API\n\nText.\n', 'docs-tbd'],
  ['a.yaml', 'owner: TBD\n', 'docs-tbd'],
  ['a.md', '# A\n\nThe `TBD` status is set by the importer.\n\n```\nTBD\n```\n', undefined],
  ['a.md', '# A\n\n## Usage\n\n### CLI\n\nRun it.\n', undefined],
  ['a.tsx', 'export const B = () => <span className="badge">Coming soon</span>;\n', undefined],
]);

describe('tiny-claimed-file', () => {
  it('flags a tiny file that claims requirements, not one that claims none', async () => {
    const text = 'export function f(a: number) {\n  return a + 1;\n}\n';
    assert.deepEqual(await rules('src/f.ts', text, { claimedRequirements: ['REQ-1', 'REQ-2'] }), ['tiny-claimed-file']);
    assert.deepEqual(await rules('src/f.ts', text), []);
  });
  it('counts words in documentation', async () => {
    assert.deepEqual(await rules('docs/a.md', '# Guide\n\nShort.\n', { claimedRequirements: ['REQ-9'] }), ['tiny-claimed-file']);
  });
  it('accepts a file of real size', async () => {
    const body = Array.from({ length: 12 }, (_, i) => `  total += values[${i}] * ${i + 1};`).join('\n');
    const text = `export function weighted(values: number[]): number {\n  let total = 0;\n${body}\n  return total;\n}\n`;
    assert.deepEqual(await rules('src/w.ts', text, { claimedRequirements: ['REQ-1'] }), []);
  });
});

describe('detector options and suppressions', () => {
  const stub = 'export function f(): void {}\n';
  it('suppresses with swarm-ignore-next-line and swarm-ignore-line', async () => {
    assert.deepEqual(await rules('a.ts', `// swarm-ignore-next-line empty-body\n${stub}`), []);
    assert.deepEqual(await rules('a.ts', `// swarm-ignore-next-line todo-marker\n${stub}`), ['empty-body']);
    assert.deepEqual(await rules('a.ts', 'export function f(): void {} // swarm-ignore-line\n'), []);
    assert.deepEqual(await rules('a.py', '# swarm-ignore-next-line\n\ndef f():\n    pass\n'), []);
  });
  it('disables rules', async () => {
    assert.deepEqual(await rules('a.ts', stub, { disabledRules: ['empty-body'] }), []);
  });
  it('adds project patterns, matched in comments and strings but not in code', async () => {
    const options = { extraPatterns: [{ id: 'no-hack', pattern: '\\bHACK\\b', message: 'HACK left in' }] };
    const found = await detectPlaceholders('a.ts', '// HACK: skip auth\nconst HACK = 1;\nexport const s = "HACK";\n', options);
    assert.deepEqual(found.map((f) => [f.rule, f.line, f.severity]), [['no-hack', 1, 'error'], ['no-hack', 3, 'error']]);
  });
  it('rejects an invalid project pattern with an input error naming it', async () => {
    await assert.rejects(
      detectPlaceholders('a.ts', 'x', { extraPatterns: [{ id: 'bad', pattern: '(', message: 'm' }] }),
      (e: unknown) => e instanceof SwarmInputError && /extraPatterns\[0\].*bad.*regular expression/.test(e.message),
    );
  });
  it('skips generated files', async () => {
    assert.deepEqual(await rules('a.go', `// Code generated by mockgen. DO NOT EDIT.\npackage a\nfunc F() {}\n`), []);
  });
});

describe('findings', () => {
  it('carry 1-based positions, the rule severity and a suggestion written for the model', async () => {
    const [f] = await detectPlaceholders('src/x.ts', 'const a = 1;\nexport function save(): void {}\n');
    assert.ok(f);
    assert.deepEqual(
      { file: f.file, line: f.line, column: f.column, endLine: f.endLine, endColumn: f.endColumn, rule: f.rule, severity: f.severity },
      { file: 'src/x.ts', line: 2, column: 17, endLine: 2, endColumn: 21, rule: 'empty-body', severity: 'error' },
    );
    assert.match(f.suggestion, /body/);
  });
  it('count columns in UTF-16 code units, as LSP does', async () => {
    const [f] = await detectPlaceholders('a.ts', 'const s = "😀"; // TODO: fix\n');
    assert.equal(f?.column, 'const s = "😀"; // TODO: fix'.indexOf('TODO') + 1);
  });
  it('list every rule with a severity, a description and its languages', () => {
    for (const rule of PLACEHOLDER_RULES) {
      assert.match(rule.id, /^[a-z]+(-[a-z]+)*$/);
      assert.ok(['error', 'warning', 'info'].includes(rule.severity));
      assert.ok(rule.description.length > 20 && rule.languages.length > 0);
    }
  });
  it('has a synchronous variant once the grammar is loaded', async () => {
    await preloadGrammarFor('a.rs');
    assert.equal(canDetectSync('a.rs'), true);
    assert.deepEqual(detectPlaceholdersSync('a.rs', 'fn f() {}\n').map((f) => f.rule), ['empty-body']);
    assert.deepEqual(detectPlaceholdersSync('notes.unknown-ext', 'TODO: x'), []);
  });
});
