// After "Swarm: Run Demo", "Swarm: Open Dashboard" shows the run: charts drawn on their canvases,
// a row per quality gate, the run in the history. The screenshot is the README's.
import assert from 'node:assert/strict';

export const workspace = 'empty';

/** The dashboard's own frame: the webview's inner iframe that holds the gates table. */
async function dashboardFrame(page, timeout = 30_000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    for (const frame of page.frames()) {
      if (await frame.$('#gates-table').catch(() => null)) return frame;
    }
    if (Date.now() > deadline) throw new Error(`no dashboard webview among ${page.frames().length} frames`);
    await page.waitForTimeout(250);
  }
}

/** @param {import('../harness/types').UiTestContext} ctx */
export default async function ({ page, workbench, screenshot }) {
  // The Swarm commands are in the palette once the extension's contributions are in (its activity-bar entry shows it).
  let container;
  const deadline = Date.now() + 30_000;
  while (!(container = await workbench.activityBarItemFor(page, 'swarm')) && Date.now() < deadline) await page.waitForTimeout(250);
  assert.ok(container, 'no Swarm entry in the activity bar');
  await workbench.runCommand(page, 'Swarm: Run Demo', 30_000);

  // The run's status-bar item says how the demo ended.
  const item = page.locator('.part.statusbar .statusbar-item').filter({ hasText: /Swarm (passed|failed|needs approval)/ });
  await item.first().waitFor({ state: 'visible', timeout: 60_000 });
  const status = (await item.first().innerText()).trim();
  assert.match(status, /Swarm passed · \d+\/\d+ · \$\d+\.\d\d/, `status bar: ${status}`);

  // A click on it opens the dashboard, as a user would find it.
  await item.first().click();
  const frame = await dashboardFrame(page);

  await frame.waitForSelector('#gates-table tr.gate', { timeout: 20_000 });
  const gates = await frame.$$eval('#gates-table tr.gate', (rows) => rows.map((r) => ({ name: r.getAttribute('data-gate'), passed: r.classList.contains('passed') })));
  assert.ok(gates.length >= 3, `gate rows: ${JSON.stringify(gates)}`);
  assert.ok(gates.every((g) => g.passed), `a gate failed: ${JSON.stringify(gates)}`);

  // chart.js drew on the canvases: each one sized and with painted pixels.
  const canvases = await frame.$$eval('canvas', (list) =>
    list.map((c) => {
      const box = c.getBoundingClientRect();
      const ctx = c.getContext('2d');
      let painted = 0;
      if (ctx && c.width > 0 && c.height > 0) {
        const data = ctx.getImageData(0, 0, c.width, c.height).data;
        for (let i = 3; i < data.length; i += 4 * 7) if (data[i] > 0) painted++;
      }
      return { id: c.id, visible: box.width > 0 && box.height > 0, painted, label: c.getAttribute('aria-label') ?? '' };
    }),
  );
  const drawn = canvases.filter((c) => c.visible && c.painted > 0).map((c) => c.id);
  for (const id of ['coverage-gauge', 'requirements-chart', 'timeline-chart', 'tokens-chart', 'cost-chart']) {
    assert.ok(drawn.includes(id), `#${id} not drawn: ${JSON.stringify(canvases)}`);
  }
  // Text equivalents: the gauge says the coverage in words.
  const gauge = canvases.find((c) => c.id === 'coverage-gauge');
  assert.match(gauge?.label ?? '', /Coverage 100%: \d+ of \d+ requirements covered/);
  const history = await frame.$$eval('#history-table tbody tr[data-run-id]', (rows) => rows.length);
  assert.ok(history >= 1, 'the demo run is not in the history');
  const retried = await frame.$eval('#timeline-chart', (c) => c.getAttribute('aria-label') ?? '');
  assert.match(retried, /retried: /, `the demo's retry is not on the timeline: ${retried}`);

  // The README's picture: the dashboard over the whole editor area, no toasts.
  await workbench.runCommand(page, 'View: Close Primary Side Bar').catch(() => undefined);
  await workbench.runCommand(page, 'Notifications: Clear All Notifications').catch(() => undefined);
  await page.keyboard.press('Escape');
  await page.waitForTimeout(1000);
  await screenshot('docs/images/dashboard.png');
}
