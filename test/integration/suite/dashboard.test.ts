import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RunSwarmResult } from '../../../src/core/engine/runOptions';
import type { MonitorSnapshot } from '../../../src/core/monitoring/monitorSnapshot';
import { readPastRuns } from '../../../src/core/monitoring/pastRuns';
import type { RenderedNotice } from '../../../src/extension/dashboard/messages';
import { recordMetric } from './metrics';
import { swarmApi, waitFor, workspaceRoot } from './support/swarmExtension';

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

  it('closes cleanly: the API forgets the panel', async () => {
    const api = await swarmApi();
    const panel = api.dashboard.panel;
    assert.ok(panel);
    panel.panel.dispose();
    assert.equal(api.dashboard.panel, undefined);
  });
});
