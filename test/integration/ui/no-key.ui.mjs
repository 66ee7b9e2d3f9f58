// Run Swarm with no API key and no VS Code language model: a message that offers a key or the demo.
import assert from 'node:assert/strict';

export const workspace = 'basic';

/** @param {import('../harness/types').UiTestContext} ctx */
export default async function ({ page, workbench }) {
  await waitForSwarm(page, workbench);
  await workbench.runCommand(page, 'Swarm: Run Swarm');
  let messages = [];
  const deadline = Date.now() + 30_000;
  do {
    await page.waitForTimeout(500);
    messages = await workbench.notifications(page);
    await page.keyboard.press('Escape');
  } while (!messages.some((m) => /No API key is set/.test(m)) && Date.now() < deadline);
  const message = messages.find((m) => /No API key is set/.test(m));
  assert.ok(message, `no "No API key" notification; shown: ${JSON.stringify(messages)}`);
  assert.match(message, /https:\/\/api\.openai\.com\/v1/);
  assert.match(message, /demo/);
  await workbench.notifications(page);
  const item = page.locator('.notifications-center .notification-list-item').filter({ hasText: 'No API key is set' }).first();
  const buttons = (await item.locator('.monaco-button').allTextContents()).map((b) => b.trim());
  for (const expected of ['Set API Key', 'Run Demo', 'Open Settings']) assert.ok(buttons.includes(expected), `buttons: ${JSON.stringify(buttons)}`);
}

/** The extension's contributions appear once the extensions are scanned. */
async function waitForSwarm(page, workbench) {
  const deadline = Date.now() + 30_000;
  while (!(await workbench.activityBarItemFor(page, 'swarm'))) {
    if (Date.now() > deadline) throw new Error('the Swarm container never appeared');
    await page.waitForTimeout(250);
  }
}
