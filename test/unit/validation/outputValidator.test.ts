import assert from 'node:assert/strict';
import { parseConfig } from '../../../src/core/config/loadConfig';
import type { Requirement } from '../../../src/core/requirements/requirement';
import { OutputValidator, type PlaceholderScanner, type ValidationInput } from '../../../src/core/validation/outputValidator';
import { checkSyntax, hasExports } from '../../../src/core/validation/syntaxCheck';

const requirement = (id: string, title = `title of ${id}`): Requirement => ({
  id,
  title,
  description: '',
  criteria: [],
  dependsOn: [],
  capabilities: [],
  source: { file: 'REQUIREMENTS.md', line: 1 },
});

const noPlaceholders: PlaceholderScanner = async () => [];
const validator = (scanner = noPlaceholders, config: unknown = {}) => new OutputValidator(parseConfig(config).validation, scanner);

const base = (over: Partial<ValidationInput> = {}): ValidationInput => ({
  agent: { id: 'backend', capabilities: ['backend'] },
  assigned: [requirement('REQ-1')],
  finished: true,
  covered: ['REQ-1'],
  files: [{ path: 'src/server.ts', requirements: ['REQ-1'], content: 'export function add(a: number, b: number) { return a + b; }\n' }],
  ...over,
});

const rules = (findings: { rule: string }[]) => findings.map((f) => f.rule).sort();

describe('output validator', () => {
  it('accepts a finished, claimed, clean, parseable output', async () => {
    const outcome = await validator().validate(base());
    assert.deepEqual(outcome.findings, []);
    assert.equal(outcome.accepted, true);
  });

  it('rejects an agent that wrote nothing, with a suggestion for the model', async () => {
    const outcome = await validator().validate(base({ files: [], covered: [] }));
    assert.deepEqual(rules(outcome.findings), ['files-written', 'requirement-claimed']);
    assert.match(outcome.findings.find((f) => f.rule === 'files-written')!.suggestion, /write_file/);
  });

  it('rejects a claim without a file and an assignment without a claim', async () => {
    const outcome = await validator().validate(
      base({ assigned: [requirement('REQ-1'), requirement('REQ-2')], covered: ['REQ-1', 'REQ-3'], files: [{ path: 'a.ts', requirements: ['REQ-1'], content: 'export const a = 1;' }] }),
    );
    assert.deepEqual(rules(outcome.findings), ['claimed-has-file', 'requirement-claimed']);
  });

  it('rejects an unfinished turn', async () => {
    const outcome = await validator().validate(base({ finished: false }));
    assert.deepEqual(rules(outcome.findings), ['agent-finished']);
  });

  it('turns placeholder findings into findings with file and line', async () => {
    const scanner: PlaceholderScanner = async (file) => [{ file, line: 3, rule: 'not-implemented-throw', message: 'throws Not implemented', suggestion: 'Implement it.' }];
    const outcome = await validator(scanner).validate(base());
    assert.equal(outcome.accepted, false);
    assert.deepEqual(outcome.findings.map((f) => [f.rule, f.file, f.line]), [['no-placeholder', 'src/server.ts', 3]]);
    assert.equal(outcome.placeholders.get('src/server.ts')?.length, 1);
  });

  it('reports syntax errors in TS, JSON and YAML with their line', async () => {
    const outcome = await validator().validate(
      base({
        files: [
          { path: 'src/a.ts', requirements: ['REQ-1'], content: 'export function f( {\n  return 1;\n}\n' },
          { path: 'config.json', requirements: ['REQ-1'], content: '{\n  "a": 1,\n}\n' },
          { path: 'ci.yml', requirements: ['REQ-1'], content: 'a: [1, 2\nb: 3\n' },
          { path: 'ok.tsx', requirements: ['REQ-1'], content: 'export const A = () => <div className="x">{1}</div>;\n' },
        ],
      }),
    );
    const syntax = outcome.findings.filter((f) => f.rule === 'syntax-valid');
    assert.deepEqual(syntax.map((f) => f.file), ['src/a.ts', 'config.json', 'ci.yml']);
    assert.ok(syntax.every((f) => f.line !== undefined && f.line >= 1));
  });

  it('requires the frontend to write exported TSX/JSX components', async () => {
    const frontend = { id: 'frontend', capabilities: ['frontend'] };
    const none = await validator().validate(base({ agent: frontend, files: [{ path: 'web/app.ts', requirements: ['REQ-1'], content: 'export const x = 1;' }] }));
    assert.deepEqual(rules(none.findings), ['frontend-components']);
    const unexported = await validator().validate(base({ agent: frontend, files: [{ path: 'web/Card.tsx', requirements: ['REQ-1'], content: 'function Card() { return <div />; }\n' }] }));
    assert.match(unexported.findings[0]!.message, /exports nothing/);
    const good = await validator().validate(base({ agent: frontend, files: [{ path: 'web/Card.tsx', requirements: ['REQ-1'], content: 'export function Card() { return <div />; }\n' }] }));
    assert.equal(good.accepted, true);
  });

  it('requires assertions in test files and real content in docs', async () => {
    const tests = await validator().validate(
      base({ agent: { id: 'tests', capabilities: ['tests'] }, files: [{ path: 'test/api.test.ts', requirements: ['REQ-1'], content: "import { add } from '../src/add';\nadd(1, 2);\n" }] }),
    );
    assert.deepEqual(rules(tests.findings), ['tests-assert']);
    const docs = await validator().validate(base({ agent: { id: 'docs', capabilities: ['docs'] }, files: [{ path: 'docs/guide.md', requirements: ['REQ-1'], content: 'Some words.\n' }] }));
    assert.deepEqual(rules(docs.findings), ['docs-content']);
  });

  it('requires a fallback path in the AI service', async () => {
    const ai = { id: 'ai', capabilities: ['ai'] };
    const bare = await validator().validate(base({ agent: ai, files: [{ path: 'src/ai/summarize.ts', requirements: ['REQ-1'], content: 'export async function summarize(t: string) { return callModel(t); }\ndeclare function callModel(t: string): Promise<string>;\n' }] }));
    assert.deepEqual(rules(bare.findings), ['ai-fallback']);
    const withFallback = await validator().validate(
      base({ agent: ai, files: [{ path: 'src/ai/summarize.ts', requirements: ['REQ-1'], content: 'export async function summarize(t: string) {\n  try { return await callModel(t); } catch { return t.slice(0, 100); }\n}\ndeclare function callModel(t: string): Promise<string>;\n' }] }),
    );
    assert.equal(withFallback.accepted, true);
  });

  it('applies rules from the config and lets the config disable built-in ones', async () => {
    const config = {
      validation: {
        disabledRules: ['requirement-claimed'],
        rules: [{ id: 'no-console', files: 'src/**/*.ts', mustNotMatch: 'console\\.log', message: 'no console.log in src', suggestion: 'Use the logger.' }],
      },
    };
    const outcome = await validator(noPlaceholders, config).validate(
      base({ covered: [], files: [{ path: 'src/a.ts', requirements: ['REQ-1'], content: 'export const a = 1;\nconsole.log(a);\n' }] }),
    );
    assert.deepEqual(outcome.findings.map((f) => [f.rule, f.line]), [['no-console', 2]]);
  });

  it('rejects a config rule with a bad regular expression, naming the key', () => {
    assert.throws(() => validator(noPlaceholders, { validation: { rules: [{ id: 'x', files: '**', mustMatch: '(', message: 'm' }] } }), /validation\.rules\[0\]\.mustMatch/);
  });
});

describe('syntax helpers', () => {
  it('knows CommonJS and ES exports', () => {
    assert.equal(hasExports('a.js', 'module.exports = { a: 1 };'), true);
    assert.equal(hasExports('a.ts', 'export default 1;'), true);
    assert.equal(hasExports('a.ts', 'const a = 1;'), false);
  });
  it('leaves languages it does not parse alone', () => {
    assert.equal(checkSyntax('a.py', 'def f(:'), undefined);
  });
});

describe('frontend entry points', () => {
  it('accepts a main.tsx that only mounts the app', async () => {
    const frontend = { id: 'frontend', capabilities: ['frontend'] };
    const outcome = await validator().validate(
      base({
        agent: frontend,
        files: [
          { path: 'web/src/main.tsx', requirements: ['REQ-1'], content: "import { createRoot } from 'react-dom/client';\nimport { App } from './App';\ncreateRoot(document.getElementById('root')!).render(<App />);\n" },
          { path: 'web/src/App.tsx', requirements: ['REQ-1'], content: 'export function App() { return <main />; }\n' },
        ],
      }),
    );
    assert.deepEqual(outcome.findings, []);
  });
});
