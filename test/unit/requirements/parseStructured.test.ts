import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseRequirementsText } from '../../../src/core/requirements/parseRequirements';

const fixtures = path.join(__dirname, '../../fixtures/requirements');
const read = (name: string) => parseRequirementsText(name, readFileSync(path.join(fixtures, name), 'utf8'));

describe('YAML and JSON requirements', () => {
  it('the YAML and JSON twins of the portfolio document give the same requirements as the Markdown', () => {
    const markdown = read('portfolio.md');
    for (const twin of ['portfolio.yaml', 'portfolio.json']) {
      const parsed = read(twin);
      assert.deepEqual(parsed.problems, [], twin);
      const fields = (doc: typeof markdown.document) =>
        doc.requirements.map(({ id, title, description, criteria, dependsOn, capabilities, priority, section }) => ({ id, title, description, criteria, dependsOn, capabilities, priority, section }));
      assert.deepEqual(fields(parsed.document), fields(markdown.document), twin);
    }
  });

  it('gives the line of each requirement', () => {
    const { document } = read('portfolio.yaml');
    assert.equal(document.requirements[0].source.line, 3);
    assert.equal(document.requirements[1].source.line, 11);
  });

  it('accepts a top-level list and, without any id, numbers plain strings R-1, R-2…', () => {
    const { document, problems } = parseRequirementsText('r.yml', '- Users sign in\n- title: Users sign out\n  criteria: [The session ends]\n');
    assert.deepEqual(problems, []);
    assert.equal(document.derivedIds, true);
    assert.deepEqual(
      document.requirements.map((r) => [r.id, r.title, r.criteria]),
      [
        ['R-1', 'Users sign in', []],
        ['R-2', 'Users sign out', ['The session ends']],
      ],
    );
  });

  it('names an unknown key with its line, and suggests the right spelling', () => {
    const { problems } = parseRequirementsText('r.yaml', 'requirements:\n  - id: A-1\n    title: One\n  - id: A-2\n    title: Two\n    dependson: [A-1]\n');
    assert.equal(problems.length, 1);
    assert.equal(problems[0].line, 6);
    assert.equal(problems[0].column, 5);
    assert.match(problems[0].message, /unknown key "dependson" in a requirement \(did you mean "dependsOn"\?\)/);
  });

  it('names wrong types, missing titles, bad ids and a missing id among ids, each at its line', () => {
    const { problems } = parseRequirementsText(
      'r.json',
      JSON.stringify({ requirements: [{ id: 'A-1', title: 'One', criteria: 'not a list' }, { id: 'a1', title: 'Two' }, { title: 'Three' }, { id: 'A-4' }] }, null, 2),
    );
    const messages = problems.map((p) => `${p.line}: ${p.message}`);
    assert.deepEqual(messages, [
      '6: A-1: "criteria" must be a list of strings',
      '9: "id" must be a requirement ID such as REQ-001 (got "a1")',
      '12: this requirement has no "id" while others have one: give every requirement an ID, or none',
      '15: A-4 has no "title"',
    ]);
  });

  it('reports JSON and YAML syntax errors at their line', () => {
    const json = parseRequirementsText('r.json', '{\n  "requirements": [\n    { "id": "A-1", "title": "One", }\n  ]\n}\n').problems;
    assert.equal(json.length, 1);
    assert.equal(json[0].line, 3);
    assert.match(json[0].message, /^not valid JSON: /);
    const yaml = parseRequirementsText('r.yaml', 'requirements:\n  - id: A-1\n    title: One\n   bad: indent\n').problems;
    assert.equal(yaml[0].line, 4);
    assert.equal(yaml[0].message, 'not valid YAML: Sequence item without - indicator');
  });

  it('rejects a key given twice, in JSON as in YAML', () => {
    const json = parseRequirementsText('r.json', '[\n  { "id": "A-1",\n    "title": "One",\n    "title": "Two" }\n]\n').problems;
    assert.deepEqual(
      json.map((p) => [p.line, p.message]),
      [[4, 'duplicate key "title"']],
    );
    const yaml = parseRequirementsText('r.yaml', '- id: A-1\n  title: One\n  title: Two\n').problems;
    assert.equal(yaml[0].line, 3);
    assert.match(yaml[0].message, /^not valid YAML: Map keys must be unique/);
  });

  it('reads the priority and tags fields, and rejects an unknown priority', () => {
    const ok = parseRequirementsText('r.yaml', '- id: A-1\n  title: One\n  priority: Must\n  tags: [frontend]\n- id: A-2\n  title: Two\n  tags: "ai, could"\n');
    assert.deepEqual(ok.problems, []);
    assert.deepEqual(
      ok.document.requirements.map((r) => [r.priority, r.capabilities]),
      [
        ['must', ['frontend']],
        ['could', ['ai']],
      ],
    );
    const twice = parseRequirementsText('r.yaml', '- id: A-1\n  title: One\n  tags: [must]\n  priority: could\n');
    assert.match(twice.problems[0].message, /A-1: two MoSCoW priorities, "must" in "tags" and "could": keep one/);
    const bad = parseRequirementsText('r.yaml', '- id: A-1\n  title: One\n  priority: high\n');
    assert.equal(bad.problems[0].line, 3);
    assert.match(bad.problems[0].message, /A-1: unknown MoSCoW priority "high": a priority is one of must, should, could, wont/);
  });
});
