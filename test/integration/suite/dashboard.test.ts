import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RunSwarmResult } from '../../../src/core/engine/runOptions';
import type { MonitorSnapshot } from '../../../src/core/monitoring/monitorSnapshot';
import { readPastRuns } from '../../../src/core/monitoring/pastRuns';
import type { RenderedNotice } from '../../../src/extension/dashboard/messages';
import { recordMetric } from './metrics';
import { parseFromWebview } from '../../../src/extension/dashboard/messages';
import { setSwarmSetting, swarmApi, waitFor, workspaceRoot } from './support/swarmExtension';

async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** "Swarm: Open Dashboard" opened while the demo runs: the panel draws the run live, then its end. */
describe('Dashboard', () => {
  before(async () => {
    const api = await swarmApi();
    // The demo goes into the open folder only when it has no requirements document of its own (or the demo's).
    await Promise.resolve(vscode.workspace.fs.delete(vscode.Uri.joinPath(workspaceRoot(), 'REQUIREMENTS.md'))).catch(() => undefined);
    // One agent at a time: the run lasts long enough to be watched.
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(workspaceRoot(), '.swarm', 'swarm.json'), Buffer.from(JSON.stringify({ concurrency: 1 })));
    await api.reloadRequirements();
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await Promise.resolve(vscode.workspace.fs.delete(vscode.Uri.joinPath(workspaceRoot(), '.swarm', 'swarm.json'))).catch(() => undefined);
  });

  it('opens during a demo run, follows it live and shows how it ended', async function () {
    this.timeout(120_000);
    const api = await swarmApi();
    const live: MonitorSnapshot[] = [];
    const renders: RenderedNotice[] = [];
    let opened: Promise<unknown> | undefined;
    const listening = api.dashboard.live.onDidPublish((snapshot) => {
      live.push(snapshot);
      // As soon as the run has started: the user opens the dashboard while it goes.
      if (snapshot.status === 'running' && !opened) opened = Promise.resolve(vscode.commands.executeCommand('swarm.openDashboard'));
    });
    const openedPanels = api.dashboard.onDidOpen((panel) => panel.onDidRender((r) => renders.push(r)));
    const started = Date.now();
    let result: RunSwarmResult | undefined;
    try {
      result = await vscode.commands.executeCommand<RunSwarmResult | undefined>('swarm.runDemo');
    } finally {
      listening.dispose();
    }
    recordMetric('dashboardDemoRunMs', Date.now() - started);
    assert.ok(result, 'Run Demo returned no result (see the Swarm output channel)');
    assert.equal(result.report.status, 'passed', JSON.stringify(result.report.gates));
    assert.ok(opened, 'the run never published a running snapshot');
    await opened;

    const panel = api.dashboard.panel;
    assert.ok(panel, 'no dashboard panel after swarm.openDashboard');
    assert.equal(panel.panel.viewType, 'swarm.dashboard');
    assert.equal(panel.panel.title, 'Swarm Dashboard');
    const runId = result.report.runId;

    // The live stream: throttled snapshots of this run while it ran, then its end.
    const ofRun = live.filter((s) => s.runId === runId);
    assert.ok(ofRun.filter((s) => s.status === 'running').length >= 2, `only ${ofRun.length} live snapshots of the run`);
    assert.equal(ofRun.at(-1)?.status, 'passed');
    assert.ok(
      ofRun.some((s) => s.tasks.some((t) => t.segments.length > 0) && s.status === 'running'),
      'no live snapshot showed a task under way',
    );

    // The webview drew the run's end: charts, a row per gate, the run in the history.
    const final = await waitFor(
      'the dashboard to draw the finished run',
      () => renders.find((r) => r.runId === runId && r.status === 'passed' && r.gates === result.report.gates.length && r.pastRuns > 0),
      30_000,
    );
    assert.ok(final.charts >= 5, `only ${final.charts} charts drawn`);
    assert.equal(final.tasks, result.report.agents.length);
    assert.ok(final.updates >= 2, `the webview drew ${final.updates} update(s)`);
    // …and it drew the run while it was still going: the dashboard was live, not only a report.
    const whileRunning = renders.filter((r) => r.runId === runId && r.status === 'running');
    recordMetric('dashboardLiveRenders', whileRunning.length);
    assert.ok(whileRunning.length >= 1, `no live update drawn before the end: ${JSON.stringify(renders.map((r) => [r.status, r.updates]))}`);
    openedPanels.dispose();
  });

  it('the status bar says how the run ended and what it cost', async () => {
    const api = await swarmApi();
    const run = api.state.run;
    assert.ok(run?.report, 'no finished run in the state');
    const { covered, total } = run.report.requirements;
    assert.equal(api.dashboard.statusText, `$(pass) Swarm passed · ${covered}/${total} · $0.00`);
  });

  it('shows a past run when asked, in the same panel', async () => {
    const api = await swarmApi();
    const panel = api.dashboard.panel;
    assert.ok(panel);
    const renders: RenderedNotice[] = [];
    const listening = panel.onDidRender((r) => renders.push(r));
    try {
      // The oldest run of the workspace (the demo's own when this file runs alone).
      const past = (await readPastRuns(workspaceRoot().fsPath)).at(-1);
      assert.ok(past, 'no past run in the workspace');
      await vscode.commands.executeCommand('swarm.openDashboard', past.runId);
      assert.equal(api.dashboard.panel, panel, 'a second panel was opened');
      const drawn = await waitFor(`the dashboard to draw ${past.runId}`, () => renders.find((r) => r.runId === past.runId));
      assert.equal(drawn.status, past.status);
      assert.equal(panel.showing, past.runId);
    } finally {
      listening.dispose();
    }
  });

  it('draws again when hidden and shown (no retained context): the webview asks, the panel answers', async function () {
    this.timeout(60_000);
    const api = await swarmApi();
    const panel = api.dashboard.panel;
    assert.ok(panel);
    const renders: RenderedNotice[] = [];
    const listening = panel.onDidRender((r) => renders.push(r));
    try {
      const document = await vscode.workspace.openTextDocument({ content: 'another editor over the dashboard' });
      await vscode.window.showTextDocument(document, { viewColumn: panel.panel.viewColumn, preview: false });
      await waitFor('the dashboard hidden', () => !panel.panel.visible);
      panel.panel.reveal();
      // A fresh webview: its first message drawn is the model it asked for with `ready`.
      const fresh = await waitFor('the dashboard drawn again', () => renders.find((r) => r.updates === 1 && r.gates > 0), 30_000);
      assert.equal(fresh.runId, panel.showing ?? api.dashboard.live.latest?.runId);
    } finally {
      listening.dispose();
    }
  });

  it('redraws in the new colours when the colour theme changes', async function () {
    this.timeout(60_000);
    const api = await swarmApi();
    const panel = api.dashboard.panel;
    assert.ok(panel?.rendered, 'the dashboard has not drawn yet');
    const workbench = vscode.workspace.getConfiguration('workbench');
    const before = panel.rendered.theme;
    const target = before === 'vscode-dark' ? 'Default Light Modern' : 'Default Dark Modern';
    const expected = before === 'vscode-dark' ? 'vscode-light' : 'vscode-dark';
    const renders: RenderedNotice[] = [];
    const listening = panel.onDidRender((r) => renders.push(r));
    try {
      await workbench.update('colorTheme', target, vscode.ConfigurationTarget.Global);
      const redrawn = await waitFor(`a redraw in ${expected}`, () => renders.find((r) => r.theme === expected), 30_000);
      assert.ok(redrawn.charts >= 5, `only ${redrawn.charts} charts after the theme change`);
      assert.equal(redrawn.updates, panel.rendered.updates, 'the redraw came from the theme, not from a message');
    } finally {
      listening.dispose();
      await workbench.update('colorTheme', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('serves /metrics on 127.0.0.1 while swarm.metrics.port is set', async function () {
    this.timeout(30_000);
    const api = await swarmApi();
    const port = await freePort();
    try {
      await setSwarmSetting('metrics.port', port);
      const url = await waitFor('the metrics endpoint', () => api.dashboard.metricsUrl);
      assert.equal(url, `http://127.0.0.1:${port}/metrics`);
      const response = await fetch(url);
      assert.equal(response.status, 200);
      const text = await response.text();
      const runId = api.dashboard.live.latest?.runId;
      assert.ok(runId);
      assert.match(text, /^# HELP swarm_/m);
      assert.ok(text.includes(`run_id="${runId}"`), `the last run (${runId}) is not in swarm_run_info`);
      assert.match(text, /^swarm_agent_runs_total\{[^}]*outcome="succeeded"[^}]*\} [1-9]/m);
    } finally {
      await setSwarmSetting('metrics.port', undefined);
    }
    await waitFor('the metrics endpoint closed', () => api.dashboard.metricsUrl === undefined);
    await assert.rejects(fetch(`http://127.0.0.1:${port}/metrics`));
  });

  it('refuses messages its webview script never sends', () => {
    assert.deepEqual(parseFromWebview({ type: 'selectRun', runId: null }), { type: 'selectRun', runId: null });
    const rendered = { type: 'rendered', runId: 'r1', status: 'passed', updates: 2, charts: 5, tasks: 5, gates: 3, pastRuns: 1, theme: 'vscode-dark' };
    assert.deepEqual(parseFromWebview(rendered), rendered);
    for (const bad of [
      { type: 'exec', command: 'rm -rf /' },
      { type: 'selectRun', runId: '../../etc' },
      { type: 'openReport', runId: 7 },
      { ...rendered, status: 'hacked' },
      { ...rendered, updates: -1 },
      'ready',
      null,
    ]) {
      assert.equal(parseFromWebview(bad), undefined, JSON.stringify(bad));
    }
  });

  it('closes cleanly: the API forgets the panel', async () => {
    const api = await swarmApi();
    const panel = api.dashboard.panel;
    assert.ok(panel);
    panel.panel.dispose();
    assert.equal(api.dashboard.panel, undefined);
  });
});
