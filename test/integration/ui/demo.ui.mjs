// "Swarm: Run Demo" from the palette in an empty folder fills the Requirements view; the screenshot
// of that view is the README's.
import assert from 'node:assert/strict';

export const workspace = 'empty';

/** @param {import('../harness/types').UiTestContext} ctx */
export default async function ({ page, workbench, screenshot }) {
  let container;
  const deadline = Date.now() + 20_000;
  while (!(container = await workbench.activityBarItemFor(page, 'swarm')) && Date.now() < deadline) await page.waitForTimeout(250);
  assert.ok(container, 'no Swarm entry in the activity bar');
  await page.locator(`.part.activitybar .action-item a.action-label[aria-label="${container.label}"]`).click();

  await workbench.runCommand(page, 'Swarm: Run Demo');

  let rows = [];
  const until = Date.now() + 60_000;
  do {
    await page.waitForTimeout(500);
    rows = await workbench.treeViewItems(page, 'Requirements');
  } while (!(rows.length >= 6 && rows.every((r) => /covered/.test(r))) && Date.now() < until);
  assert.ok(rows.length >= 6, `the Requirements view shows ${rows.length} row(s): ${JSON.stringify(rows)}`);
  assert.ok(rows.every((r) => /covered/.test(r)), `not every requirement is covered: ${JSON.stringify(rows)}`);

  // For the README's picture: a wider side bar, one requirement opened up with its criteria,
  // agents and files, and the requirements document at that requirement (a click on its row).
  const sidebar = await page.locator('.part.sidebar').boundingBox();
  if (sidebar) {
    const edge = sidebar.x + sidebar.width;
    await page.mouse.move(edge + 1, sidebar.y + sidebar.height / 2);
    await page.mouse.down();
    await page.mouse.move(edge + 260, sidebar.y + sidebar.height / 2, { steps: 8 });
    await page.mouse.up();
  }
  const pane = page.locator('.pane').filter({ has: page.locator('.pane-header', { hasText: 'Requirements' }) });
  const row = pane.locator('.monaco-list-row').filter({ hasText: 'DEMO-3' }).first();
  await row.locator('.monaco-tl-twistie').click();
  await row.locator('.label-name').click();
  await page.waitForSelector('.editor-group-container .monaco-editor', { state: 'visible', timeout: 15_000 });
  // Let the toasts settle so the picture shows the views, not the notifications.
  await page.keyboard.press('Escape');
  await page.waitForTimeout(1000);
  await screenshot('docs/images/requirements-view.png');
}
