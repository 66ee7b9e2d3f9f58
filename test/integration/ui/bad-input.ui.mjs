// Bad input in VS Code: notifications that name the problem and offer the fix.
import assert from 'node:assert/strict';

export const workspace = 'bad-requirements';

/** Buttons of the notification whose message matches `pattern`, from the notification center. */
async function notificationWith(page, workbench, pattern, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const messages = await workbench.notifications(page);
    const message = messages.find((m) => pattern.test(m));
    if (message) {
      const item = page.locator('.notifications-center .notification-list-item').filter({ hasText: message.slice(0, 40) }).first();
      const buttons = await item.locator('.monaco-button').allTextContents();
      return { message, item, buttons: buttons.map((b) => b.trim()).filter(Boolean) };
    }
    if (Date.now() > deadline) throw new Error(`no notification matching ${pattern}; shown: ${JSON.stringify(messages)}`);
    await page.keyboard.press('Escape');
    await page.waitForTimeout(500);
  }
}

export const tests = {
  /** A duplicate ID: the error names the file and line, and its button opens the file there. */
  async 'requirements error opens the file at its line'({ page, workbench }) {
    await waitForSwarm(page, workbench);
  await workbench.runCommand(page, 'Swarm: Run Swarm');
    const { message, item, buttons } = await notificationWith(page, workbench, /SHOP-1/);
    assert.match(message, /REQUIREMENTS\.md:5/, `the message should name the file and line: ${message}`);
    assert.ok(buttons.includes('Open REQUIREMENTS.md'), `buttons: ${JSON.stringify(buttons)}`);
    await item.locator('.monaco-button', { hasText: 'Open REQUIREMENTS.md' }).click();
    await page.waitForSelector('.tabs-container .tab.active:has-text("REQUIREMENTS.md")', { timeout: 15_000 });
    const cursor = await page.locator('.statusbar-item[id="status.editor.selection"]').textContent({ timeout: 10_000 });
    assert.match(cursor ?? '', /Ln 5\b/, `the cursor should be on the duplicate's line: ${cursor}`);
  },
};

/** The extension's contributions appear once the extensions are scanned. */
async function waitForSwarm(page, workbench) {
  const deadline = Date.now() + 30_000;
  while (!(await workbench.activityBarItemFor(page, 'swarm'))) {
    if (Date.now() > deadline) throw new Error('the Swarm container never appeared');
    await page.waitForTimeout(250);
  }
}
