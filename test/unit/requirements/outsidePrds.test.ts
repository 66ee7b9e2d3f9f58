import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { resolveTeam } from '../../../src/core/agents/team';
import { planRequirements } from '../../../src/core/planning/planner';
import { parseRequirementsText } from '../../../src/core/requirements/parseRequirements';

/**
 * Published PRDs nobody here wrote: the `PRD.md` files of the open-compass/DevBench benchmark (CC BY
 * 4.0; LICENSE.md beside them). They live in the steering repo's shared/ (fixtures/devbench-prd), next
 * to the checkout in CI; SWARM_OUTSIDE_PRDS points elsewhere.
 */
const directory = process.env.SWARM_OUTSIDE_PRDS ?? path.resolve(__dirname, '../../../../shared/fixtures/devbench-prd');

/** Pinned: how many requirements each PRD gives and how the first and last begin. */
const EXPECTED: Record<string, { count: number; first: string; last: string }> = {
  'cpp-area_calculation.md': { count: 20, first: 'Shape Class: A base class providing a vi', last: 'The `main.cpp` should correctly read fro' },
  'cpp-graph-cpp.md': { count: 9, first: 'Graph Traversal Algorithms: Implementati', last: 'The project root directory should also c' },
  'cpp-logistic_system.md': { count: 50, first: 'To provide an efficient and user-friendl', last: 'Data Management and Storage' },
  'cpp-people_management.md': { count: 19, first: 'Command-Line Interface: Allows users to ', last: 'Usability: Users should find the system ' },
  'cpp-xlsx2csv.md': { count: 27, first: 'Command-Line Interface: Users can invoke', last: 'Provides user feedback on the success or' },
  'java-Actor_relationship_game.md': { count: 15, first: 'TMDB API Wrapper (`TMDBApi` class)', last: 'Implementing build.gradle' },
  'java-idcenter.md': { count: 12, first: 'Sequential ID Creation: Generates IDs in', last: '`Base62.java`' },
  'java-image-similarity.md': { count: 14, first: 'Histogram Comparison (ImageHistogram)', last: "Implementing build.gradle: It's necessar" },
  'java-java_heap.md': { count: 36, first: 'Measure and analyze the time of key oper', last: "It's necessary to implement build.gradle" },
  'java-redis-cache.md': { count: 16, first: 'Efficient Data Caching (`RedisCache`)', last: "Implementing build.gradle: It's necessar" },
  'javascript-listen-now-frontend.md': { count: 26, first: 'To create an interactive, single-page we', last: 'Performance benchmarks met for loading t' },
  'javascript-login-registration.md': { count: 29, first: 'Purpose: Display a list of registered us', last: 'RegisterPage: Accurately registers new u' },
  'python-ArXiv_digest.md': { count: 20, first: 'Advanced Query Options', last: 'Compliance with performance and reliabil' },
  'python-Hybrid_Images.md': { count: 9, first: 'Processes images using different filters', last: 'The hybrid image visibly combines featur' },
  'python-TextCNN.md': { count: 20, first: 'Modeling', last: 'For the testing mode, the terminal outpu' },
  'python-chakin.md': { count: 18, first: 'Easy Installation: `chakin` can be insta', last: 'Passing all unit tests included in the `' },
  'python-geotext.md': { count: 11, first: 'City and Country Extraction: Accurate id', last: 'Performance benchmarks must demonstrate ' },
  'python-hone.md': { count: 12, first: 'CSV Parsing', last: 'The CLI must handle the specified argume' },
  'python-lice.md': { count: 27, first: 'License Generation: Users can generate v', last: 'The `--vars` option must list all the co' },
  'python-particle-swarm-optimization.md': { count: 8, first: 'PSO Implementation', last: 'The solution found by the PSO implementa' },
  'python-readtime.md': { count: 10, first: 'Accurately estimate the reading time for', last: 'Proper error handling and messages for u' },
  'python-stocktrends.md': { count: 9, first: 'Financial Data Processing', last: 'For the line break indicator calculation' },
};

const LIST_ITEM_LINE = /^\s*(?:[-*+]|\d+[.)])\s/;

/** Lines (1-based) inside fenced code blocks. */
function fencedLines(text: string): Set<number> {
  const inside = new Set<number>();
  let fence: string | undefined;
  text.split('\n').forEach((line, i) => {
    const marker = /^\s*(```+|~~~+)/.exec(line)?.[1];
    if (fence) {
      inside.add(i + 1);
      if (marker && marker[0] === fence[0] && marker.length >= fence.length) fence = undefined;
    } else if (marker) {
      fence = marker;
      inside.add(i + 1);
    }
  });
  return inside;
}

describe('outside PRDs (DevBench) parse as free-form documents and plan', function () {
  before(function () {
    if (!existsSync(directory)) {
      this.skip();
    }
  });

  it('has the licence and at least ten PRDs', () => {
    assert.ok(existsSync(path.join(directory, 'LICENSE.md')), 'LICENSE.md beside the PRDs');
    const prds = readdirSync(directory).filter((f) => f.endsWith('.md') && f !== 'LICENSE.md');
    assert.ok(prds.length >= 10, `${prds.length} PRDs`);
    assert.deepEqual(prds.sort(), Object.keys(EXPECTED).sort());
  });

  const team = resolveTeam({ agents: [] });
  for (const [name, expected] of Object.entries(EXPECTED)) {
    it(name, function () {
      const file = path.join(directory, name);
      if (!existsSync(file)) this.skip();
      const text = readFileSync(file, 'utf8');
      const { document, problems } = parseRequirementsText(name, text);
      assert.deepEqual(problems, []);
      assert.equal(document.derivedIds, true);
      const ids = document.requirements.map((r) => r.id);
      assert.deepEqual(
        ids,
        Array.from({ length: expected.count }, (_, i) => `R-${i + 1}`),
      );
      assert.ok(document.requirements[0].title.startsWith(expected.first), document.requirements[0].title);
      assert.ok(document.requirements.at(-1)?.title.startsWith(expected.last), document.requirements.at(-1)?.title);

      const lines = text.split('\n');
      const fenced = fencedLines(text);
      for (const requirement of document.requirements) {
        assert.match(lines[requirement.source.line - 1], LIST_ITEM_LINE, `${requirement.id} comes from a list item`);
        assert.ok(!fenced.has(requirement.source.line), `${requirement.id} is not in a code block`);
        assert.ok(requirement.section, `${requirement.id} keeps its heading`);
      }
      assert.deepEqual(parseRequirementsText(name, text).document, document, 'the same ids on a second run');

      const plan = planRequirements(document, team);
      assert.deepEqual(plan.unassigned, []);
      const planned = plan.tasks.flatMap((t) => t.requirements).sort();
      assert.deepEqual(planned, [...ids].sort(), 'every requirement in exactly one task');
    });
  }
});
