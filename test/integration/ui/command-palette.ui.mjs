// F1 → "Swarm: Run" lists the Swarm run commands.
import assert from 'node:assert/strict';

/** @param {import('../harness/types').UiTestContext} ctx */
export default async function ({ page, workbench }) {
  const expected = ['Swarm: Run Swarm', 'Swarm: Run Demo'];
  let shown = [];
  const deadline = Date.now() + 20_000; // commands are registered once the extension host is up
  do {
    await workbench.openCommandPalette(page, 'Swarm: Run');
    shown = await workbench.quickInputItems(page);
    if (expected.every((e) => shown.includes(e))) break;
    await page.waitForTimeout(500);
  } while (Date.now() < deadline);
  await workbench.closeQuickInput(page);
  const missing = expected.filter((e) => !shown.includes(e));
  assert.deepEqual(missing, [], `palette for "Swarm: Run" shows ${JSON.stringify(shown)}`);
}
