// Starts code-server (a real VS Code workbench) on 127.0.0.1 in its own session/process group, and
// stops the whole group: a plain kill of the server would orphan its extension host.
import { spawn } from 'node:child_process';
import { mkdirSync, openSync, closeSync, writeFileSync, readFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { NODE_BIN, CODE_SERVER_ENTRY, node24Env } from './setup.mjs';

/** Settings that keep an offline workbench quiet and deterministic. */
const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  'chat.disableAIFeatures': true,
  'git.openRepositoryInParentFolders': 'never',
};

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (srv.address());
      srv.close(() => resolve(port));
    });
  });
}

/**
 * @param {{ runDir: string, folder: string, log?: (m: string) => void, startTimeoutMs?: number }} opts
 * @returns {Promise<{ port: number, baseUrl: string, logFile: string, userDataDir: string, stop: () => Promise<void> }>}
 */
export async function startCodeServer({ runDir, folder, log = () => {}, startTimeoutMs = 30_000 }) {
  const port = await freePort();
  const userDataDir = join(runDir, 'user-data');
  const extensionsDir = join(runDir, 'extensions');
  const tmpDir = join(runDir, 'tmp');
  for (const d of [join(userDataDir, 'User'), extensionsDir, tmpDir]) mkdirSync(d, { recursive: true });
  writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify(USER_SETTINGS, null, 2));
  const config = join(runDir, 'config.yaml');
  writeFileSync(config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const logFile = join(runDir, 'code-server.log');
  const out = openSync(logFile, 'a');
  const args = [
    CODE_SERVER_ENTRY,
    '--config', config,
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    '--vscode-option', 'enable-smoke-test-driver',
    folder,
  ];
  // detached: the child calls setsid(), so it leads a new process group that can be killed whole.
  const child = spawn(NODE_BIN, args, {
    detached: true,
    stdio: ['ignore', out, out],
    env: node24Env({ TMPDIR: tmpDir, XDG_CONFIG_HOME: join(runDir, 'xdg-config'), XDG_DATA_HOME: join(runDir, 'xdg-data') }),
  });
  closeSync(out);
  const pgid = child.pid;
  if (pgid === undefined) throw new Error(`could not start code-server (${NODE_BIN} ${CODE_SERVER_ENTRY})`);
  let exited = false;
  const exitedPromise = new Promise((resolve) => child.on('exit', (code, signal) => { exited = true; resolve({ code, signal }); }));
  const killGroup = (sig) => { try { process.kill(-pgid, sig); } catch { /* already gone */ } };
  const onExit = () => killGroup('SIGKILL');
  process.on('exit', onExit);

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    process.off('exit', onExit);
    killGroup('SIGTERM');
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline && groupAlive(pgid)) await sleep(100);
    if (groupAlive(pgid)) {
      log('code-server group still alive after SIGTERM, sending SIGKILL');
      killGroup('SIGKILL');
      while (groupAlive(pgid) && Date.now() < deadline + 3000) await sleep(100);
    }
  };

  const baseUrl = `http://127.0.0.1:${port}`;
  const started = Date.now();
  for (;;) {
    if (exited) {
      const { code, signal } = await exitedPromise;
      throw new Error(`code-server exited during start (${signal ?? `exit ${code}`}); log ${logFile}:\n${tail(logFile)}`);
    }
    try {
      const res = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) break;
    } catch { /* not listening yet */ }
    if (Date.now() - started > startTimeoutMs) {
      await stop();
      throw new Error(`code-server did not answer ${baseUrl}/healthz within ${startTimeoutMs / 1000} s; log ${logFile}:\n${tail(logFile)}`);
    }
    await sleep(150);
  }
  log(`code-server up on ${baseUrl} in ${((Date.now() - started) / 1000).toFixed(1)} s (pgid ${pgid})`);
  return { port, baseUrl, logFile, userDataDir, stop };
}

/** Whether any live (non-zombie) process is left in the group; reads /proc (Linux only). */
export function groupAlive(pgid) {
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    let stat;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue;
    }
    // pid (comm) state ppid pgrp …; comm may contain spaces and parentheses
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[2]) === pgid && fields[0] !== 'Z') return true;
  }
  return false;
}

export function tail(file, lines = 30) {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
