// Mocha reporter for scripts/test.mjs: prints like `spec` and, at the end, writes the counts (and
// the failures' titles) as JSON to the file named by SWARM_MOCHA_RESULTS. CommonJS (no "type": "module").
const { writeFileSync } = require('node:fs');
const { reporters } = require('mocha');

class CountingReporter extends reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    const failures = [];
    runner.on('fail', (test, err) => failures.push({ name: test.fullTitle(), error: String(err?.message ?? err) }));
    runner.once('end', () => {
      const file = process.env.SWARM_MOCHA_RESULTS;
      if (!file) return;
      const s = runner.stats ?? {};
      writeFileSync(file, JSON.stringify({ passed: s.passes ?? 0, failed: s.failures ?? 0, pending: s.pending ?? 0, failures }));
    });
  }
}

module.exports = CountingReporter;
