#!/usr/bin/env node
// `npm run test:desktop`: the same extension-host suite in desktop VS Code (Electron), via
// @vscode/test-electron, which downloads VS Code (version: SWARM_VSCODE_VERSION, default 'stable').
// For machines that can reach update.code.visualstudio.com; CI uses run.mjs (offline code-server).
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTests } from '@vscode/test-electron';
import { bundleSuite } from './bundle.mjs';
import { REPO } from './setup.mjs';
import { testExtensions } from './run.mjs';

const workspaceName = process.env.SWARM_IT_WORKSPACE ?? 'basic';
const runDir = mkdtempSync(join(tmpdir(), 'swarm-desktop-'));
const workspace = join(runDir, workspaceName);
cpSync(join(REPO, 'test', 'fixtures', 'workspaces', workspaceName), workspace, { recursive: true });
mkdirSync(join(runDir, 'user-data'), { recursive: true });
const resultsFile = join(runDir, 'results.json');
let failed = 1;
try {
  const { entry } = await bundleSuite();
  await runTests({
    version: process.env.SWARM_VSCODE_VERSION ?? 'stable',
    extensionDevelopmentPath: [REPO, ...testExtensions()], // desktop accepts several, unlike the web payload
    extensionTestsPath: entry,
    extensionTestsEnv: { SWARM_TEST_RESULTS: resultsFile },
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--user-data-dir', join(runDir, 'user-data')],
  });
  const r = JSON.parse(readFileSync(resultsFile, 'utf8'));
  for (const t of r.tests) console.log(`  ${t.state === 'passed' ? '✓' : t.state === 'failed' ? '✗' : '-'} ${t.title}${t.error ? `\n${t.error}` : ''}`);
  console.log(`${r.passed} passed, ${r.failed} failed`);
  failed = r.failed > 0 || r.passed === 0 ? 1 : 0;
} catch (e) {
  console.error(`desktop run failed: ${e?.stack ?? e}`);
} finally {
  rmSync(runDir, { recursive: true, force: true });
}
process.exitCode = failed;
