// With `approval: always`, every task waits for a person: the notification's Approve button settles it
// and the run goes on, until the demo is done and every requirement is covered.
import assert from 'node:assert/strict';

export const workspace = 'demo-approval';

/** @param {import('../harness/types').UiTestContext} ctx */
export default async function ({ page, workbench }) {
  const deadline = Date.now() + 30_000;
  while (!(await workbench.activityBarItemFor(page, 'swarm'))) {
    if (Date.now() > deadline) throw new Error('the Swarm container never appeared');
    await page.waitForTimeout(250);
  }
  const container = await workbench.activityBarItemFor(page, 'swarm');
  await page.locator(`.part.activitybar .action-item a.action-label[aria-label="${container.label}"]`).click();
  await workbench.runCommand(page, 'Swarm: Run Demo');

  const approvedTasks = [];
  let rows = [];
  let seen = [];
  const until = Date.now() + 75_000;
  while (Date.now() < until) {
    const messages = await workbench.notifications(page);
    seen = messages;
    const waiting = messages.find((m) => /needs your approval/.test(m) && !approvedTasks.includes(m));
    if (waiting) {
      const item = page.locator('.notifications-center .notification-list-item').filter({ hasText: waiting.slice(0, 30) }).first();
      await item.locator('.monaco-button', { hasText: /^Approve$/ }).click();
      approvedTasks.push(waiting);
    }
    await page.keyboard.press('Escape');
    rows = await workbench.treeViewItems(page, 'Requirements');
    if (rows.length >= 6 && rows.every((r) => /covered/.test(r))) break;
    await page.waitForTimeout(500);
  }
  assert.ok(approvedTasks.length >= 2, `approved through notifications: ${JSON.stringify(approvedTasks)}; notifications: ${JSON.stringify(seen)}`);
  assert.ok(rows.length >= 6 && rows.every((r) => /covered/.test(r)), `after approving ${approvedTasks.length} task(s) the Requirements view shows ${JSON.stringify(rows)}`);
}
