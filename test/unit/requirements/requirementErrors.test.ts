import assert from 'node:assert/strict';
import { runPlan } from '../../../src/cli/commands/plan';
import { SwarmInputError } from '../../../src/core/errors';
import { diagnoseRequirements } from '../../../src/core/requirements/diagnose';
import { loadRequirements } from '../../../src/core/requirements/loadRequirements';
import { RequirementsError } from '../../../src/core/requirements/problem';
import { tempWorkspace } from './tempWorkspace';

interface ErrorCase {
  name: string;
  file: string;
  content: string | Uint8Array;
  /** The whole message, `file:line: problem`. */
  message: string | RegExp;
  line?: number;
}

const cases: ErrorCase[] = [
  {
    name: 'a duplicate ID',
    file: 'REQUIREMENTS.md',
    content: '# R\n- REQ-1 One\n- REQ-2 Two\n- REQ-1 Again\n',
    message: 'REQUIREMENTS.md:4: duplicate ID REQ-1: it is already used at line 2',
    line: 4,
  },
  {
    name: 'an unknown prerequisite',
    file: 'REQUIREMENTS.md',
    content: '- REQ-1 One\n- REQ-2 Two\n  - Depends on: REQ-1, REQ-9\n',
    message: 'REQUIREMENTS.md:3: REQ-2 depends on REQ-9, which is not a requirement in this document',
    line: 3,
  },
  {
    name: 'a prerequisite cycle, named',
    file: 'REQUIREMENTS.md',
    content: '- DP-1 One\n- DP-3 Three\n  - Depends on: DP-7\n- DP-7 Seven\n  - Depends on: DP-1, DP-3\n',
    message: 'REQUIREMENTS.md:3: prerequisite cycle: DP-3 → DP-7 → DP-3',
    line: 3,
  },
  {
    name: 'a requirement that depends on itself',
    file: 'REQUIREMENTS.md',
    content: '- DP-1 One\n  - Depends on: DP-1\n',
    message: 'REQUIREMENTS.md:2: prerequisite cycle: DP-1 → DP-1',
    line: 2,
  },
  {
    name: 'a longer cycle in YAML',
    file: 'reqs.yaml',
    content: '- { id: A-1, title: One, dependsOn: [A-3] }\n- { id: A-2, title: Two, dependsOn: [A-1] }\n- { id: A-3, title: Three, dependsOn: [A-2] }\n',
    message: 'reqs.yaml:1: prerequisite cycle: A-1 → A-3 → A-2 → A-1',
    line: 1,
  },
  {
    name: 'an unknown MoSCoW word',
    file: 'REQUIREMENTS.md',
    content: '- REQ-1 (frontend, high) One\n',
    message: 'REQUIREMENTS.md:1: REQ-1: unknown MoSCoW priority "high": a priority is one of must, should, could, wont',
    line: 1,
  },
  {
    name: 'a misspelt MoSCoW word',
    file: 'REQUIREMENTS.md',
    content: '# R\n\n- REQ-1 (backend, shuold) One\n',
    message: 'REQUIREMENTS.md:3: REQ-1: unknown MoSCoW priority "shuold" (did you mean "should"?): a priority is one of must, should, could, wont',
    line: 3,
  },
  {
    name: 'an unknown priority in JSON',
    file: 'reqs.json',
    content: '[\n  { "id": "A-1", "title": "One", "priority": "p1" }\n]\n',
    message: 'reqs.json:2: A-1: unknown MoSCoW priority "p1": a priority is one of must, should, could, wont',
    line: 2,
  },
  { name: 'an empty document', file: 'REQUIREMENTS.md', content: '', message: 'REQUIREMENTS.md:1: the requirements document is empty', line: 1 },
  { name: 'a blank document', file: 'REQUIREMENTS.md', content: '\n   \n\t\n', message: 'REQUIREMENTS.md:1: the requirements document is empty', line: 1 },
  {
    name: 'a document without any requirement',
    file: 'REQUIREMENTS.md',
    content: '# Ideas\n\nWe should build something nice.\n',
    message:
      'REQUIREMENTS.md:1: no requirements found: write list items or headings that start with an ID such as REQ-001, or plain list items under headings',
    line: 1,
  },
  { name: 'an empty YAML list', file: 'reqs.yml', content: 'requirements: []\n', message: 'reqs.yml:1: the document lists no requirements', line: 1 },
  {
    name: 'unreadable encoding (Latin-1 bytes)',
    file: 'REQUIREMENTS.md',
    content: Buffer.from([...Buffer.from('- REQ-1 One\n- REQ-2 Caf'), 0xe9, ...Buffer.from(' au lait\n')]),
    message: 'REQUIREMENTS.md:2: the file is not valid UTF-8 (byte 0xe9 at offset 23): save it as UTF-8',
    line: 2,
  },
  {
    name: 'binary content',
    file: 'REQUIREMENTS.md',
    content: Buffer.from([0x2d, 0x20, 0x00, 0x01, 0x02]),
    message: 'REQUIREMENTS.md:1: the file holds binary data (a NUL character): save it as UTF-8 text',
    line: 1,
  },
];

describe('requirements errors: exit 2, file:line and problem, nothing written', () => {
  for (const c of cases) {
    it(c.name, async () => {
      const ws = tempWorkspace({ [c.file]: c.content, 'src/keep.ts': 'export const keep = 1;\n' });
      try {
        const before = ws.snapshot();
        const output: string[] = [];
        const error = await runPlan({ workspace: ws.dir, requirements: c.file, json: true }, { write: (t: string) => output.push(t) }).then(
          () => undefined,
          (e: unknown) => e,
        );
        assert.ok(error instanceof SwarmInputError, `expected a SwarmInputError, got ${String(error)}`);
        assert.equal(error.exitCode, 2);
        if (typeof c.message === 'string') assert.equal(error.message, c.message);
        else assert.match(error.message, c.message);
        assert.equal(error.location?.line, c.line);
        assert.deepEqual(output, [], 'nothing printed on stdout');
        assert.deepEqual(ws.snapshot(), before, 'the workspace is unchanged');
      } finally {
        ws.dispose();
      }
    });
  }

  it('the editor sees the same problems as diagnostics, at the same lines', () => {
    for (const c of cases.filter((x) => typeof x.content === 'string')) {
      const diagnostics = diagnoseRequirements(c.file, c.content as string);
      assert.ok(diagnostics.length > 0, c.name);
      assert.equal(diagnostics[0].line, c.line, c.name);
      assert.equal(`${c.file}:${diagnostics[0].line}: ${diagnostics[0].message}`, c.message, c.name);
    }
  });

  it('collects every problem of a document, errors in line order, and says how many more there are', async () => {
    const ws = tempWorkspace({ 'REQUIREMENTS.md': '- A-1 (urgent) One\n- A-1 Two\n- A-3 Three\n  - Depends on: A-4\n' });
    try {
      const error = await loadRequirements(ws.dir, 'REQUIREMENTS.md').catch((e: unknown) => e);
      assert.ok(error instanceof RequirementsError);
      assert.deepEqual(
        error.problems.map((p) => p.line),
        [1, 2, 4],
      );
      assert.match(error.message, /^REQUIREMENTS\.md:1: A-1: unknown MoSCoW priority "urgent".* \(and 2 more problems in this file\)$/);
    } finally {
      ws.dispose();
    }
  });

  it('a missing requirements file is bad input naming the file', async () => {
    const ws = tempWorkspace({});
    try {
      const error = await runPlan({ workspace: ws.dir }, { write: () => undefined }).catch((e: unknown) => e);
      assert.ok(error instanceof SwarmInputError);
      assert.equal(error.message, 'cannot read the requirements file REQUIREMENTS.md: it does not exist');
    } finally {
      ws.dispose();
    }
  });

  it('reads UTF-16 with a byte order mark instead of calling it unreadable', async () => {
    const text = '- REQ-1 Sixteen bits\n';
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const ws = tempWorkspace({ 'REQUIREMENTS.md': bytes });
    try {
      const doc = await loadRequirements(ws.dir, 'REQUIREMENTS.md');
      assert.equal(doc.requirements[0].title, 'Sixteen bits');
    } finally {
      ws.dispose();
    }
  });
});
