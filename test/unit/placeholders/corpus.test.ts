import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { detectPlaceholders, type PlaceholderFinding } from '../../../src/core/placeholders';

/**
 * Each fixture is stored as `<path>.txt` so that no tool (tsc, linters, language servers) reads it as
 * source; the manifests name it by the workspace path it stands for, which decides its language.
 */
const ROOT = path.join(__dirname, '..', '..', 'fixtures', 'placeholders');

interface StubEntry {
  rule: string;
  claimedRequirements?: string[];
}

function manifest<T>(name: string, key: string): Record<string, T> {
  return (JSON.parse(readFileSync(path.join(ROOT, name), 'utf8')) as Record<string, Record<string, T>>)[key] ?? {};
}

/** A file counts as flagged when it has an error or a warning; info findings are advisory. */
function flagged(findings: PlaceholderFinding[]): PlaceholderFinding[] {
  return findings.filter((f) => f.severity !== 'info');
}

function show(findings: PlaceholderFinding[]): string {
  return findings.map((f) => `${f.line}:${f.column} ${f.rule} (${f.severity}) ${f.message}`).join('; ');
}

describe('placeholder corpus: precision and recall', () => {
  const stubs = manifest<StubEntry>('stubs.manifest.json', 'stubs');
  const traps = manifest<{ why: string }>('traps.manifest.json', 'traps');

  it('holds at least 45 stubs and 45 traps', () => {
    assert.ok(Object.keys(stubs).length >= 45, `only ${Object.keys(stubs).length} stubs`);
    assert.ok(Object.keys(traps).length >= 45, `only ${Object.keys(traps).length} traps`);
  });

  it('finds the stubs and stays quiet on the traps (precision and recall >= 0.95)', async () => {
    const missed: string[] = [];
    const wrongRule: string[] = [];
    const falseAlarms: string[] = [];
    let detected = 0;
    for (const [file, entry] of Object.entries(stubs)) {
      const text = readFileSync(path.join(ROOT, 'stubs', `${file}.txt`), 'utf8');
      const found = flagged(await detectPlaceholders(file, text, { claimedRequirements: entry.claimedRequirements }));
      if (found.length === 0) missed.push(file);
      else {
        detected++;
        if (!found.some((f) => f.rule === entry.rule)) wrongRule.push(`${file}: expected ${entry.rule}, got ${show(found)}`);
      }
    }
    for (const file of Object.keys(traps)) {
      const text = readFileSync(path.join(ROOT, 'traps', `${file}.txt`), 'utf8');
      const found = flagged(await detectPlaceholders(file, text));
      if (found.length > 0) falseAlarms.push(`${file}: ${show(found)}`);
    }
    const recall = detected / Object.keys(stubs).length;
    const precision = detected / (detected + falseAlarms.length);
    console.log(
      `      placeholder corpus: ${Object.keys(stubs).length} stubs, ${Object.keys(traps).length} traps; ` +
        `recall ${recall.toFixed(3)}, precision ${precision.toFixed(3)}` +
        (missed.length ? `\n      missed: ${missed.join(', ')}` : '') +
        (falseAlarms.length ? `\n      false alarms: ${falseAlarms.join('\n        ')}` : '') +
        (wrongRule.length ? `\n      other rule than declared: ${wrongRule.join('\n        ')}` : ''),
    );
    assert.ok(recall >= 0.95, `recall ${recall.toFixed(3)} < 0.95; missed ${missed.join(', ')}`);
    assert.ok(precision >= 0.95, `precision ${precision.toFixed(3)} < 0.95; false alarms:\n${falseAlarms.join('\n')}`);
    assert.deepEqual(wrongRule, [], 'every stub is found by the rule its manifest declares');
  });
});
