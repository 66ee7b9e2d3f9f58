// The Swarm view container is in the activity bar, with its title.
import assert from 'node:assert/strict';

/** @param {import('../harness/types').UiTestContext} ctx */
export default async function ({ page, workbench }) {
  let item;
  const deadline = Date.now() + 20_000; // contributed containers appear once extensions are scanned
  while (!(item = await workbench.activityBarItemFor(page, 'swarm')) && Date.now() < deadline) await page.waitForTimeout(250);
  const labels = (await workbench.activityBarItems(page)).map((i) => i.label);
  assert.ok(item, `no activity bar entry for the view container "swarm"; entries: ${JSON.stringify(labels)}`);
  assert.match(item.label, /^Swarm\b/, `the "swarm" container's title is "${item.label}", expected "Swarm"`);
}
