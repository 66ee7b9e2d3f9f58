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

  // Let the toasts settle so the picture shows the views, not the notifications.
  await page.keyboard.press('Escape');
  await page.waitForTimeout(500);
  await screenshot('docs/images/requirements-view.png');
}
