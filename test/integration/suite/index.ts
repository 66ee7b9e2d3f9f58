// Entry of the extension-host mocha suite: VS Code loads this bundle (dist/test/integration/index.js)
// as `extensionTestsPath` and calls run(). Test output in the browser console is mangled, so the
// results go to the JSON file named by SWARM_TEST_RESULTS, which the harness polls.
import Mocha from 'mocha';
import { readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { collectedMetrics } from './metrics';

export interface TestRecord {
  title: string;
  state: 'passed' | 'failed' | 'pending';
  durationMs: number;
  error?: string;
}

export interface HostResults {
  passed: number;
  failed: number;
  pending: number;
  tests: TestRecord[];
  metrics: Record<string, number>;
  error?: string;
  /** Only in the progress file (`<results>.progress`): the test that is running now. */
  running?: string;
}

function writeResults(file: string, results: HostResults): void {
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, JSON.stringify(results, null, 2));
  renameSync(tmp, file);
}

function describeError(err: unknown): string {
  if (err instanceof Error) return err.stack ?? `${err.name}: ${err.message}`;
  return String(err);
}

export async function run(): Promise<void> {
  const resultsFile = process.env.SWARM_TEST_RESULTS;
  if (!resultsFile) throw new Error('SWARM_TEST_RESULTS is not set: run the suite through test/integration/harness/run.mjs');
  const results: HostResults = { passed: 0, failed: 0, pending: 0, tests: [], metrics: {} };
  // The harness watches this file: a suite that stops making progress (a frozen extension host)
  // is reported with the test it was running and the results so far.
  const progress = (running?: string): void => writeResults(`${resultsFile}.progress`, { ...results, running });
  try {
    const mocha = new Mocha({ ui: 'bdd', color: false, timeout: Number(process.env.SWARM_TEST_TIMEOUT ?? 20_000), reporter: 'base' });
    if (process.env.SWARM_TEST_GREP) mocha.grep(process.env.SWARM_TEST_GREP);
    const files = readdirSync(__dirname, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.test.js'))
      .sort()
      .map((f) => join(__dirname, f));
    if (files.length === 0) throw new Error(`no *.test.js next to ${__filename}`);
    // Load the files ourselves (as mocha.loadFiles does) so they are required by the extension
    // host's CommonJS loader, which is what resolves `require('vscode')`.
    for (const file of files) {
      mocha.suite.emit('pre-require', globalThis, file, mocha);
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- a runtime path, loaded by the host's require
      mocha.suite.emit('require', require(file), file, mocha);
      mocha.suite.emit('post-require', globalThis, file, mocha);
    }
    await new Promise<void>((resolve) => {
      const runner = mocha.run(() => resolve());
      runner.on('test', (t) => progress(t.fullTitle()));
      runner.on('hook', (h) => progress(h.fullTitle()));
      runner.on('test end', () => progress());
      runner.on('pass', (t) => {
        results.passed++;
        results.tests.push({ title: t.fullTitle(), state: 'passed', durationMs: t.duration ?? 0 });
      });
      runner.on('fail', (t, err) => {
        results.failed++;
        results.tests.push({ title: t.fullTitle(), state: 'failed', durationMs: t.duration ?? 0, error: describeError(err) });
      });
      runner.on('pending', (t) => {
        results.pending++;
        results.tests.push({ title: t.fullTitle(), state: 'pending', durationMs: 0 });
      });
    });
  } catch (err) {
    results.failed++;
    results.error = describeError(err);
    results.tests.push({ title: 'extension-host suite could not run', state: 'failed', durationMs: 0, error: results.error });
  }
  results.metrics = collectedMetrics();
  writeResults(resultsFile, results);
}
