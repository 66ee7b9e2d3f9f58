import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { StemScanner } from '../../../src/core/placeholders/stemScanner';
import { PHRASE_PREFILTER, PHRASE_STEM_SCANNER } from '../../../src/core/placeholders/textRules';

const CORPUS = path.join(__dirname, '..', '..', 'fixtures', 'placeholders');

function corpusLines(): string[] {
  const files = readdirSync(CORPUS, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.txt'));
  return files.flatMap((f) => readFileSync(path.join(CORPUS, f), 'utf8').split('\n'));
}

/** One text for every alternative of PHRASE_PREFILTER, and near misses around the ones with conditions. */
const SAMPLES = [
  'TODO: x', 'FixMe', 'XXX', 'a TBD b', 'TBA.', '(tbc)', 'stbd', 'tbdx', 'coming soon', 'Lorem', 'dolor sit', 'consectetur', 'the rest of it', 'Existing', 'remains', 'unchanged',
  'stays the same', 'stay the same', 'the same as', 'same for all', 'similar', 'omitted', 'elided', '// ... x', '...', '...args', '...(a)', '[...xs]', 'f(...)', '....', '...existing code',
  '...Rest', '...more', '...other', '...remaining', '...same', '… more', 'there', 'hereby', 'here', 'implemented', 'placeholder', 'stubbed', 'dummy', 'fake', 'mocked', 'simulated',
  'hardcoded', 'hard-coded', 'hard coded', 'for now', 'for the time being', 'temporarily', 'in a real app', 'in production', 'would normally', 'xwould normally', 'would typically',
  'would usually', 'this would', "this wouldn't", "wouldn't", 'would', 'swould', 'replace', 'swap', 'substitute', 'as an AI', 'canned', 'echo', 'you said', 'response to',
  'answer to', 'reply to', 'WIP', 'wipe', 'work in progress', 'to be done', 'to be ', 'to be', 'to be.', 'to come', 'pending', 'forthcoming', 'CHANGEME', 'change-me', 'change_me',
  'etc', 'etcd', 'etc.', 'and so on', 'and so forth', 'skeleton', 'pretend', 'your-key', 'your_key', 'xyour_key', '<your key>', 'your api', 'your KEY', 'your token', 'your secret',
  'your password', 'yourself', 'your name', 'ſtub', 'ＴＯＤＯ', 'K', '',
];

describe('StemScanner', () => {
  it('finds PHRASE_PREFILTER exactly where the expression matches (samples and every line of the corpus)', () => {
    const lines = [...SAMPLES, ...SAMPLES.map((s) => `const x = 1; // ${s} y`), ...corpusLines()];
    const disagreements: string[] = [];
    for (const line of lines) {
      const expected = PHRASE_PREFILTER.exec(line)?.index ?? -1;
      const found = PHRASE_STEM_SCANNER.find(line, 0);
      if (found !== expected) disagreements.push(`${JSON.stringify(line)}: expression at ${expected}, scanner at ${found}`);
    }
    assert.deepEqual(disagreements, []);
    assert.ok(lines.length > 1000, `only ${lines.length} lines`);
  });

  it('searches from an offset, folds ASCII case only, honours word boundaries and follow-up tests', () => {
    const scanner = new StemScanner([{ text: 'Stub' }, { text: 'tbd', wordStart: true, wordEnd: true }, { text: '…' }, { text: 'to ', followedBy: (t, end) => t[end] === 'x' }]);
    assert.equal(scanner.find('a STUB and a stub', 0), 2);
    assert.equal(scanner.find('a STUB and a stub', 3), 13);
    assert.equal(scanner.find('stbd tbdx xtbd', 0), -1);
    assert.equal(scanner.find('x TBD.', 0), 2);
    assert.equal(scanner.find('wait…', 0), 4);
    assert.equal(scanner.find('to y, to x', 0), 6);
    assert.equal(scanner.find('ſtub', 0), -1);
    assert.equal(scanner.find('', 0), -1);
    assert.throws(() => new StemScanner([{ text: 'x' }]), /at least two characters/);
  });
});
