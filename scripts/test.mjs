#!/usr/bin/env node
// `npm test`: lint, typecheck, build, unit tests (mocha), integration tests (real VS Code, offline).
// Every suite runs even when an earlier one failed; the last line is exactly `N passed, N failed`
// (lint, typecheck and build count as one test each) and the exit code is 1 if anything failed.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const RESULTS = join(REPO, 'test-results');

/** @type {{ suite: string, passed: number, failed: number, note: string, seconds: number }[]} */
const summary = [];

function run(cmd, args, env = {}) {
  return new Promise((res) => {
    const child = spawn(cmd, args, { cwd: REPO, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, ...env } });
    child.on('error', (e) => {
      console.error(`could not start ${cmd}: ${e.message}`);
      res(127);
    });
    child.on('exit', (code, signal) => res(code ?? (signal ? 128 : 1)));
  });
}

function banner(name) {
  console.log(`\n━━━ ${name} ${'━'.repeat(Math.max(0, 60 - name.length))}`);
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/** A step that is one test: passed when the command exits 0. */
async function check(suite, script) {
  banner(suite);
  const t0 = Date.now();
  const code = await run('npm', ['run', '--silent', script]);
  summary.push({ suite, passed: code === 0 ? 1 : 0, failed: code === 0 ? 0 : 1, note: code === 0 ? 'ok' : `exit ${code}`, seconds: (Date.now() - t0) / 1000 });
  return code === 0;
}

async function unit() {
  banner('unit');
  const t0 = Date.now();
  const file = join(RESULTS, 'unit.json');
  rmSync(file, { force: true });
  const mocha = join(REPO, 'node_modules', 'mocha', 'bin', 'mocha.js');
  const code = await run(process.execPath, [mocha, '--reporter', join(REPO, 'scripts', 'lib', 'counting-reporter.js')], { SWARM_MOCHA_RESULTS: file });
  const r = readJson(file);
  let passed = r?.passed ?? 0;
  let failed = r?.failed ?? 0;
  let note = r ? `${r.pending ? `${r.pending} pending` : ''}` : `mocha reported nothing (exit ${code})`;
  // mocha exiting non-zero without a counted failure (no test files, a crash after the run, …) still fails
  if (code !== 0 && failed === 0) {
    failed = 1;
    note = note || `mocha exit ${code}`;
  }
  summary.push({ suite: 'unit', passed, failed, note, seconds: (Date.now() - t0) / 1000 });
}

async function integration(buildOk) {
  banner('integration');
  const t0 = Date.now();
  const push = (passed, failed, note) => summary.push({ suite: 'integration', passed, failed, note, seconds: (Date.now() - t0) / 1000 });
  if (!buildOk) return push(0, 1, 'skipped: the build failed');
  const setupCode = await run(process.execPath, [join(REPO, 'test/integration/harness/setup.mjs')]);
  if (setupCode !== 0) return push(0, 1, `setup failed (exit ${setupCode})`);
  const file = join(RESULTS, 'integration.json');
  rmSync(file, { force: true });
  const code = await run(process.execPath, [join(REPO, 'test/integration/harness/run.mjs')]);
  const r = readJson(file);
  if (!r) return push(0, 1, `the harness wrote no results (exit ${code})`);
  if (code !== 0 && r.failed === 0) return push(r.passed, 1, `harness exit ${code}`);
  push(r.passed, r.failed, '');
}

mkdirSync(RESULTS, { recursive: true });
const started = Date.now();
await check('lint', 'lint');
await check('typecheck', 'typecheck');
const buildOk = await check('build', 'build');
await unit();
await integration(buildOk);

const passed = summary.reduce((n, s) => n + s.passed, 0);
const failed = summary.reduce((n, s) => n + s.failed, 0);
banner('summary');
for (const s of summary) {
  const status = s.failed ? 'FAIL' : 'ok  ';
  console.log(`  ${status} ${s.suite.padEnd(12)} ${String(s.passed).padStart(4)} passed ${String(s.failed).padStart(3)} failed  ${s.seconds.toFixed(1).padStart(6)} s  ${s.note}`);
}
console.log(`  total time ${((Date.now() - started) / 1000).toFixed(0)} s${existsSync(join(RESULTS, 'integration.json')) ? '; details in test-results/' : ''}`);
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
