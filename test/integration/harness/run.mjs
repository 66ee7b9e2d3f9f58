#!/usr/bin/env node
// Runs the integration tests against a real VS Code (code-server) on 127.0.0.1, offline:
//   1. the extension-host mocha suite (test/integration/suite/**/*.test.ts, full `vscode` API);
//   2. the UI smoke tests (test/integration/ui/*.ui.mjs), playwright driving Debian's chromium.
// Each run gets a fresh copy of a fixture workspace (test/fixtures/workspaces/<name>), fresh user
// data, and a run folder under .cache/vscode-test/runs/. Results: test-results/integration.json.
//
//   node test/integration/harness/run.mjs [--only host|ui] [--grep TEXT] [--workspace NAME] [--extension DIR]
//
// Environment: SWARM_IT_HOST_TIMEOUT_MS (default 120000: extension-host suite without progress),
// SWARM_IT_HOST_MAX_MS (default 900000: whole extension-host suite),
// SWARM_IT_UI_TIMEOUT_MS (default 90000, each UI test), SWARM_IT_EXTENSION (extension folder,
// default the repo), SWARM_IT_KEEP_RUNS (run folders kept, default 3).
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { setup, CACHE, CHROMIUM, REPO, SetupError } from './setup.mjs';
import { startCodeServer, tail, sleep } from './codeServer.mjs';
import { bundleSuite } from './bundle.mjs';
import * as workbench from './workbench.mjs';

export const FIXTURES = join(REPO, 'test', 'fixtures', 'workspaces');
export const UI_DIR = join(REPO, 'test', 'integration', 'ui');
/**
 * Test-only extensions (folders with a package.json that has engines.vscode), installed into the
 * run's --extensions-dir: the workbench keeps only one extensionDevelopmentPath from its payload.
 */
export const TEST_EXTENSIONS_DIR = join(REPO, 'test', 'integration', 'suite', 'fixtures');
export const RESULTS_FILE = join(REPO, 'test-results', 'integration.json');
export const SCREENSHOTS = join(REPO, 'test-results', 'screenshots');

const CHROMIUM_ARGS = [
  '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

const print = (m) => console.log(`[integration] ${m}`);
let log = print;

/**
 * Runs the integration tests; never throws for a failing test (it is counted), and always stops
 * code-server and chromium.
 * @param {{ only?: 'host' | 'ui', grep?: string, workspace?: string, extension?: string,
 *   hostTimeoutMs?: number, hostMaxMs?: number, uiTimeoutMs?: number, hostEnv?: Record<string, string>,
 *   writeResults?: boolean, quiet?: boolean }} [opts]
 */
export async function runIntegration(opts = {}) {
  const started = Date.now();
  const {
    only, grep, workspace = process.env.SWARM_IT_WORKSPACE ?? 'basic',
    extension = resolve(process.env.SWARM_IT_EXTENSION ?? REPO),
    hostTimeoutMs = Number(process.env.SWARM_IT_HOST_TIMEOUT_MS ?? 120_000),
    hostMaxMs = Number(process.env.SWARM_IT_HOST_MAX_MS ?? 900_000),
    uiTimeoutMs = Number(process.env.SWARM_IT_UI_TIMEOUT_MS ?? 90_000),
    hostEnv = {}, writeResults = true, quiet = false,
  } = opts;
  log = quiet ? () => {} : print;
  /** @type {{ name: string, state: 'passed' | 'failed' | 'pending', durationMs: number, error?: string }[]} */
  const tests = [];
  const record = (t) => {
    tests.push(t);
    if (quiet) return;
    const mark = t.state === 'passed' ? '✓' : t.state === 'pending' ? '-' : '✗';
    console.log(`  ${mark} ${t.name} (${t.durationMs} ms)`);
    if (t.error) console.log(indent(t.error, 6));
  };
  let metrics = {};
  let cs;
  let browser;
  const runDir = join(CACHE, 'runs', `${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}`);
  try {
    await setup({ log });
    checkExtension(extension);
    mkdirSync(runDir, { recursive: true });
    pruneRuns();
    const hostWs = copyWorkspace(workspace, join(runDir, 'ws-host'));
    installTestExtensions(join(runDir, 'extensions'));
    cs = await startCodeServer({ runDir, folder: hostWs, log });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 30_000 });
    const ctx = { cs, browser, extension, runDir };
    if (only !== 'ui') {
      try {
        const host = await runHostSuite({ ...ctx, workspace: hostWs, grep, timeoutMs: hostTimeoutMs, maxMs: hostMaxMs, env: hostEnv });
        metrics = host.metrics;
        for (const t of host.tests) record({ ...t, name: `host: ${t.name}` });
      } catch (e) {
        record({ name: 'host: extension-host suite', state: 'failed', durationMs: 0, error: String(e?.stack ?? e) });
      }
    }
    if (only !== 'host') {
      const files = existsSync(UI_DIR) ? readdirSync(UI_DIR).filter((f) => f.endsWith('.ui.mjs')).sort() : [];
      if (files.length === 0) record({ name: 'ui: test files', state: 'failed', durationMs: 0, error: `no *.ui.mjs in ${UI_DIR}` });
      for (const file of files) {
        for (const t of await runUiFile({ ...ctx, file, defaultWorkspace: workspace, grep, timeoutMs: uiTimeoutMs })) record({ ...t, name: `ui: ${t.name}` });
      }
    }
  } catch (e) {
    record({ name: 'integration harness', state: 'failed', durationMs: 0, error: e instanceof SetupError ? e.message : String(e?.stack ?? e) });
  } finally {
    await browser?.close().catch(() => {});
    await cs?.stop();
  }
  const passed = tests.filter((t) => t.state === 'passed').length;
  const failed = tests.filter((t) => t.state === 'failed').length;
  const summary = {
    passed, failed,
    failures: tests.filter((t) => t.state === 'failed').map((t) => ({ name: t.name, error: t.error ?? '' })),
    tests, metrics, durationMs: Date.now() - started, runDir,
  };
  if (writeResults) {
    mkdirSync(dirname(RESULTS_FILE), { recursive: true });
    writeFileSync(RESULTS_FILE, JSON.stringify(summary, null, 2));
  }
  if (!quiet) log(`${passed} passed, ${failed} failed in ${(summary.durationMs / 1000).toFixed(1)} s (details: ${relative(process.cwd(), RESULTS_FILE)}, logs: ${relative(process.cwd(), runDir)})`);
  return summary;
}

function checkExtension(dir) {
  const pkgFile = join(dir, 'package.json');
  if (!existsSync(pkgFile)) throw new Error(`no extension at ${dir} (no package.json)`);
  const pkg = JSON.parse(readFileSync(pkgFile, 'utf8'));
  if (!pkg.main) throw new Error(`${pkgFile} has no "main"`);
  const main = resolve(dir, pkg.main);
  if (!existsSync(main) && !existsSync(`${main}.js`)) throw new Error(`${relative(REPO, main) || main} does not exist: run \`npm run build\` first`);
}

function copyWorkspace(name, into) {
  const src = join(FIXTURES, name);
  if (!existsSync(src) || !statSync(src).isDirectory()) throw new Error(`no fixture workspace ${src}`);
  const dest = join(into, name);
  mkdirSync(into, { recursive: true });
  cpSync(src, dest, { recursive: true });
  return dest;
}

function pruneRuns() {
  const keep = Number(process.env.SWARM_IT_KEEP_RUNS ?? 3);
  const dir = join(CACHE, 'runs');
  const runs = readdirSync(dir).sort();
  for (const r of runs.slice(0, Math.max(0, runs.length - keep))) {
    const pid = Number(/-(\d+)$/.exec(r)?.[1]);
    if (pid && pid !== process.pid && processAlive(pid)) continue; // another run still uses it
    rmSync(join(dir, r), { recursive: true, force: true });
  }
}

function processAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

/** `vscode-remote://` URI of a path on the code-server machine, as the workbench payload wants. */
function remoteUri(cs, path) {
  return `vscode-remote://127.0.0.1:${cs.port}${encodeURI(path)}`;
}

function workbenchUrl(cs, folder, payload) {
  return `${cs.baseUrl}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

function attachConsoleLog(page, file) {
  const lines = [];
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') lines.push(`[${m.type()}] ${m.text()}`); });
  page.on('pageerror', (e) => lines.push(`[pageerror] ${e.message}`));
  return () => writeFileSync(file, lines.join('\n'));
}

async function runHostSuite({ cs, browser, extension, runDir, workspace, grep, timeoutMs, maxMs, env }) {
  const t0 = Date.now();
  const { entry, tests: files } = await bundleSuite();
  const extra = testExtensions().map((d) => relative(REPO, d));
  log(`extension-host suite: ${files.length} file(s), extension ${relative(REPO, extension) || '.'}${extra.length ? `, test extension(s) ${extra.join(', ')}` : ''}`);
  const resultsFile = join(runDir, 'host-results.json');
  const environment = { SWARM_TEST_RESULTS: resultsFile, ...(grep ? { SWARM_TEST_GREP: grep } : {}), ...env };
  const payload = [
    ['extensionDevelopmentPath', remoteUri(cs, extension)],
    ['extensionTestsPath', remoteUri(cs, entry)],
    ['extensionEnvironment', JSON.stringify(environment)],
  ];
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  const flush = attachConsoleLog(page, join(runDir, 'browser-host.log'));
  try {
    await page.goto(workbenchUrl(cs, workspace, payload));
    // Time out on inactivity: no test started or finished for timeoutMs (mocha's own per-test
    // timeout fails a slow test long before that; this catches a frozen or crashed extension host).
    const progressFile = `${resultsFile}.progress`;
    let lastChange = Date.now();
    let lastMtime = 0;
    while (!existsSync(resultsFile)) {
      const mtime = existsSync(progressFile) ? statSync(progressFile).mtimeMs : 0;
      if (mtime !== lastMtime) {
        lastMtime = mtime;
        lastChange = Date.now();
      }
      if (Date.now() - lastChange > timeoutMs || Date.now() - t0 > maxMs) {
        /** @type {import('../suite/index').HostResults | undefined} */
        const partial = readJson(progressFile);
        const where = partial?.running ? `while running "${partial.running}"` : partial ? 'between tests' : 'before the suite started';
        return {
          metrics: partial?.metrics ?? {},
          tests: [
            ...(partial?.tests ?? []).map(toRecord),
            {
              name: 'extension-host suite', state: 'failed', durationMs: Date.now() - t0,
              error: `no progress for ${((Date.now() - lastChange) / 1000).toFixed(0)} s ${where} (results: ${resultsFile})\n${extensionHostLogs(runDir)}`,
            },
          ],
        };
      }
      await sleep(200);
    }
    /** @type {import('../suite/index').HostResults} */
    const r = JSON.parse(readFileSync(resultsFile, 'utf8'));
    log(`extension-host suite done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    return {
      metrics: r.metrics ?? {},
      tests: r.tests.map(toRecord),
    };
  } finally {
    flush();
    await context.close().catch(() => {});
  }
}

function installTestExtensions(extensionsDir) {
  for (const dir of testExtensions()) {
    const pkg = readJson(join(dir, 'package.json'));
    cpSync(dir, join(extensionsDir, `${pkg.publisher}.${pkg.name}-${pkg.version}`), { recursive: true });
  }
}

/** Folders of test/integration/suite/fixtures/ that are extensions (a package.json with engines.vscode). */
export function testExtensions() {
  if (!existsSync(TEST_EXTENSIONS_DIR)) return [];
  return readdirSync(TEST_EXTENSIONS_DIR, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => join(TEST_EXTENSIONS_DIR, e.name))
    .filter((dir) => readJson(join(dir, 'package.json'))?.engines?.vscode)
    .sort();
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

function toRecord(t) {
  return { name: t.title, state: t.state, durationMs: Math.round(t.durationMs), ...(t.error ? { error: t.error } : {}) };
}

function extensionHostLogs(runDir) {
  const out = [];
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/^(remote)?exthost\.log$/i.test(e.name)) out.push(`--- ${relative(runDir, p)} (last lines)\n${tail(p, 20)}`);
    }
  };
  try {
    walk(join(runDir, 'user-data', 'logs'));
  } catch { /* no logs yet */ }
  return out.join('\n') || `(no extension-host log under ${join(runDir, 'user-data', 'logs')}; code-server log:\n${tail(join(runDir, 'code-server.log'), 15)})`;
}

/** Loads one *.ui.mjs file: `export default async (ctx) => …` and/or `export const tests = { name: fn }`. */
async function loadUiTests(file) {
  const mod = await import(pathToFileURL(join(UI_DIR, file)).href);
  const base = basename(file, '.ui.mjs');
  const list = [];
  if (typeof mod.default === 'function') list.push({ name: base, fn: mod.default });
  if (mod.tests && typeof mod.tests === 'object') for (const [n, fn] of Object.entries(mod.tests)) list.push({ name: `${base} › ${n}`, fn });
  return { list, workspace: typeof mod.workspace === 'string' ? mod.workspace : undefined };
}

async function runUiFile({ cs, browser, extension, runDir, file, defaultWorkspace, grep, timeoutMs }) {
  let loaded;
  try {
    loaded = await loadUiTests(file);
  } catch (e) {
    return [{ name: file, state: 'failed', durationMs: 0, error: `could not load: ${e?.stack ?? e}` }];
  }
  const list = loaded.list.filter((t) => !grep || t.name.includes(grep));
  if (loaded.list.length === 0) return [{ name: file, state: 'failed', durationMs: 0, error: 'exports neither a default function nor `tests`' }];
  if (list.length === 0) return [];
  const base = basename(file, '.ui.mjs');
  const workspace = copyWorkspace(loaded.workspace ?? defaultWorkspace, join(runDir, `ws-ui-${base}`));
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const flush = attachConsoleLog(page, join(runDir, `browser-ui-${base}.log`));
  const results = [];
  try {
    const t0 = Date.now();
    await page.goto(workbenchUrl(cs, workspace, [['extensionDevelopmentPath', remoteUri(cs, extension)]]));
    await workbench.waitForWorkbench(page);
    log(`${file}: workbench ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    for (const t of list) {
      const start = Date.now();
      const screenshot = async (name) => {
        const path = name.endsWith('.png') && name.includes('/')
          ? (isAbsolute(name) ? name : join(REPO, name))
          : join(SCREENSHOTS, `${base}-${name.replace(/[^\w.-]+/g, '_')}.png`);
        mkdirSync(dirname(path), { recursive: true });
        await page.screenshot({ path });
        return path;
      };
      try {
        await withTimeout(t.fn({ page, baseUrl: cs.baseUrl, workspace, screenshot, workbench, repo: REPO }), timeoutMs, `${t.name} did not finish within ${timeoutMs / 1000} s`);
        results.push({ name: t.name, state: 'passed', durationMs: Date.now() - start });
      } catch (e) {
        const shot = await screenshot(`FAILED-${t.name}`).catch(() => undefined);
        results.push({ name: t.name, state: 'failed', durationMs: Date.now() - start, error: `${e?.stack ?? e}${shot ? `\n(screenshot: ${relative(REPO, shot)})` : ''}` });
      }
    }
  } catch (e) {
    results.push({ name: file, state: 'failed', durationMs: 0, error: `workbench did not load: ${e?.stack ?? e}` });
  } finally {
    flush();
    await context.close().catch(() => {});
  }
  return results;
}

function withTimeout(promise, ms, message) {
  let timer;
  return Promise.race([
    Promise.resolve(promise).finally(() => clearTimeout(timer)),
    new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(message)), ms); }),
  ]);
}

const indent = (s, n) => s.split('\n').map((l) => ' '.repeat(n) + l).join('\n');

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const { values } = parseArgs({
    options: { only: { type: 'string' }, grep: { type: 'string' }, workspace: { type: 'string' }, extension: { type: 'string' } },
  });
  if (values.only && values.only !== 'host' && values.only !== 'ui') {
    console.error('--only must be host or ui');
    process.exit(2);
  }
  const stopOnSignal = () => {
    // code-server's group is SIGKILLed by its process 'exit' hook; playwright closes chromium
    console.error('[integration] interrupted');
    process.exit(130);
  };
  process.once('SIGTERM', stopOnSignal);
  process.once('SIGINT', stopOnSignal);
  // no top-level await: this module must stay require()-able (bench/*.ts run as CommonJS under tsx)
  runIntegration({ ...values, extension: values.extension ? resolve(values.extension) : undefined }).then(
    (r) => { process.exitCode = r.failed > 0 || r.passed === 0 ? 1 : 0; },
    (e) => { console.error(e); process.exitCode = 1; },
  );
}
