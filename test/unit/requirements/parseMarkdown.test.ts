import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { diagnoseRequirements } from '../../../src/core/requirements/diagnose';
import { parseRequirementsText } from '../../../src/core/requirements/parseRequirements';

const fixtures = path.join(__dirname, '../../fixtures/requirements');

function parse(text: string, file = 'REQUIREMENTS.md') {
  const { document, problems } = parseRequirementsText(file, text);
  assert.deepEqual(problems, [], `unexpected problems: ${JSON.stringify(problems)}`);
  return document;
}

describe('Markdown requirements', () => {
  it('reads the 12-requirement portfolio document: ids, titles, tags, criteria, prerequisites, lines', () => {
    const doc = parse(readFileSync(path.join(fixtures, 'portfolio.md'), 'utf8'), 'portfolio.md');
    assert.equal(doc.derivedIds, false);
    assert.deepEqual(
      doc.requirements.map((r) => r.id),
      ['REQ-001', 'REQ-002', 'REQ-003', 'REQ-004', 'REQ-005', 'REQ-006', 'REQ-007', 'REQ-008', 'REQ-009', 'REQ-010', 'REQ-011', 'REQ-012'],
    );
    const [r1, r2, r3, r4] = doc.requirements;
    assert.equal(r1.title, 'Projects are stored in SQLite and served by GET /api/projects.');
    assert.deepEqual(r1.capabilities, ['backend']);
    assert.equal(r1.priority, 'must');
    assert.deepEqual(r1.criteria, ['Each project has id, title, description, tech tags, repository URL and a published flag.', 'Only published projects are returned, newest first.']);
    assert.deepEqual(r1.source, { file: 'portfolio.md', line: 8 });
    assert.equal(r1.section, 'Portfolio site > Data and API');
    assert.deepEqual(r2.dependsOn, ['REQ-001']);
    assert.deepEqual(r2.criteria, ['Name, email and message are required; an invalid email is answered with 400 and a reason.'], 'Depends on is not a criterion');
    assert.equal(r3.priority, 'should', '[REQ-003] in brackets');
    assert.deepEqual(r4.criteria.length, 3 - 1);
    const r6 = doc.requirements[5];
    assert.deepEqual(r6.capabilities, [], 'a priority alone is not a capability');
    assert.equal(r6.priority, 'should');
    const r7 = doc.requirements[6];
    assert.equal(r7.title, 'Dark mode', 'a heading requirement');
    assert.equal(r7.description, 'A toggle in the header switches between light and dark themes.');
    assert.deepEqual(r7.criteria, ['The choice is remembered across visits.']);
    assert.deepEqual(doc.requirements[9].dependsOn, ['REQ-001', 'REQ-002']);
  });

  it('accepts every ID form of SPEC §2: bare, [ID], **ID**, `ID`, headings, with separators', () => {
    const doc = parse(
      [
        '# A',
        '- AB-1 bare',
        '- [AB-2] bracketed',
        '- **AB-3** bold',
        '- **AB-4:** bold with colon',
        '- `AB-5` — code and a dash',
        '* AB-6: star bullet',
        '1. AB-7. numbered',
        '## AB-8 (backend) A heading',
        '- [x] AB-9 a task-list item',
        '- not AB-10: the ID is not at the start',
      ].join('\n'),
    );
    assert.deepEqual(
      doc.requirements.map((r) => [r.id, r.title]),
      [
        ['AB-1', 'bare'],
        ['AB-2', 'bracketed'],
        ['AB-3', 'bold'],
        ['AB-4', 'bold with colon'],
        ['AB-5', 'code and a dash'],
        ['AB-6', 'star bullet'],
        ['AB-7', 'numbered'],
        ['AB-8', 'A heading'],
        ['AB-9', 'a task-list item'],
      ],
    );
    assert.deepEqual(doc.requirements[7].capabilities, ['backend']);
    assert.deepEqual(doc.requirements[7].criteria, ['not AB-10: the ID is not at the start']);
  });

  it('reads several tag groups, priority: X, won\'t, custom capabilities, and leaves non-tag parentheses in the title', () => {
    const doc = parse(
      [
        '- R-1 (frontend) (must) One',
        "- R-2 (mobile, priority: could) Two",
        "- R-3 (won't) Three",
        '- R-4 (see R-1 for details) Four',
        '- R-5 (Backend, SHOULD, payments) Five',
      ].join('\n'),
    );
    const [one, two, three, four, five] = doc.requirements;
    assert.deepEqual([one.capabilities, one.priority], [['frontend'], 'must']);
    assert.deepEqual([two.capabilities, two.priority], [['mobile'], 'could']);
    assert.deepEqual([three.capabilities, three.priority], [[], 'wont']);
    assert.deepEqual([four.capabilities, four.title], [[], '(see R-1 for details) Four']);
    assert.deepEqual([five.capabilities, five.priority], [['backend', 'payments'], 'should']);
  });

  it('keeps nested criteria (flattened), more text as description, and Depends on in several spellings', () => {
    const doc = parse(
      [
        '- **X-1** First',
        '- **X-2** Second line one',
        '  continues here.',
        '',
        '  A second paragraph.',
        '  - criterion a',
        '    - criterion a.1',
        '  - depends on X-1',
        '  - **X-3** (docs) a nested requirement',
        '    - its own criterion',
        '    - Depends on: X-1 and X-2.',
      ].join('\n'),
    );
    const [, two, three] = doc.requirements;
    assert.equal(two.title, 'Second line one');
    assert.equal(two.description, 'continues here.\n\nA second paragraph.');
    assert.deepEqual(two.criteria, ['criterion a', 'criterion a.1']);
    assert.deepEqual(two.dependsOn, ['X-1']);
    assert.equal(three.id, 'X-3');
    assert.deepEqual(three.criteria, ['its own criterion']);
    assert.deepEqual(three.dependsOn, ['X-1', 'X-2']);
  });

  it('takes no requirement from code blocks, prose or lists without IDs in a document with IDs', () => {
    const doc = parse(['Intro prose mentions REQ-9 in passing.', '', '```', '- REQ-8 in a code block', '```', '', '- a plain bullet', '- REQ-1 The only one'].join('\n'));
    assert.deepEqual(
      doc.requirements.map((r) => r.id),
      ['REQ-1'],
    );
  });

  it('numbers a free-form PRD R-1, R-2… in document order, keeps the heading as context, skips context sections', () => {
    const text = readFileSync(path.join(fixtures, 'freeform-prd.md'), 'utf8');
    const doc = parse(text, 'freeform-prd.md');
    assert.equal(doc.derivedIds, true);
    assert.deepEqual(
      doc.requirements.map((r) => `${r.id} ${r.title}`),
      [
        'R-1 Members sign up with an email address and a password',
        'R-2 Members list, add, edit and delete their books',
        'R-3 Members search their books by title, author or tag',
        'R-4 A book page shows the cover, the notes and the reading history',
        'R-5 Every page works on a phone',
        'R-6 The server answers in under 200 ms for 1,000 books',
      ],
    );
    assert.deepEqual(doc.requirements[1].criteria, ['Title and author are required.', 'A book can have any number of tags.']);
    assert.equal(doc.requirements[0].section, 'Book Club > Features');
    assert.deepEqual(
      doc.contextSections?.map((s) => s.heading),
      ['Introduction', 'Glossary', 'Usage'],
    );
    const again = parse(text, 'freeform-prd.md');
    assert.deepEqual(again, doc, 'the same document gives the same ids');
  });

  it('does not mistake UTF-8 or ISO-8601 bullets for IDs', () => {
    const doc = parse('# Notes\n- UTF-8 everywhere\n- ISO-8601 dates in the API\n');
    assert.equal(doc.derivedIds, true);
    assert.deepEqual(
      doc.requirements.map((r) => r.id),
      ['R-1', 'R-2'],
    );
  });

  it('reads UTF-8 with a byte order mark', () => {
    const doc = parse('\ufeff- REQ-1 With BOM\n');
    assert.equal(doc.requirements[0].id, 'REQ-1');
  });

  it('gives editor diagnostics with 1-based ranges on the offending line', () => {
    const problems = diagnoseRequirements('REQUIREMENTS.md', '# R\n- **REQ-1** (backend, shuold) One\n');
    assert.equal(problems.length, 1);
    assert.deepEqual({ ...problems[0], message: undefined }, { line: 2, column: 1, endLine: 2, endColumn: 34, severity: 'error', message: undefined });
    assert.match(problems[0].message, /unknown MoSCoW priority "shuold" \(did you mean "should"\?\)/);
  });
});
