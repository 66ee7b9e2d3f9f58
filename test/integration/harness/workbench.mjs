// Helpers for UI tests: small, DOM-level operations on the VS Code workbench in a playwright page.
// Selectors are the workbench's own CSS classes (checked against VS Code 1.139).

/** @typedef {import('playwright-core').Page} Page */

/** Waits until the workbench has rendered its activity bar and status bar. */
export async function waitForWorkbench(page, timeout = 60_000) {
  await page.waitForSelector('.monaco-workbench .part.activitybar', { state: 'visible', timeout });
  await page.waitForSelector('.monaco-workbench .part.statusbar', { state: 'visible', timeout });
}

/** The activity bar's entries: `{ label, className }` (label is the hover title). */
export async function activityBarItems(page) {
  return page.$$eval('.part.activitybar .action-item a.action-label', (els) =>
    els.map((a) => ({ label: a.getAttribute('aria-label') ?? '', className: a.className })),
  );
}

/**
 * The activity bar entry of an extension's view container (its `viewsContainers.activitybar[].id`),
 * or undefined. The workbench marks it with the class `activity-workbench-view-extension-<id>-<hash>`.
 */
export async function activityBarItemFor(page, containerId) {
  const prefix = `activity-workbench-view-extension-${containerId.replace(/\./g, '-')}-`;
  return (await activityBarItems(page)).find((i) => i.className.split(/\s+/).some((c) => c.startsWith(prefix) && /^[0-9a-f]+$/.test(c.slice(prefix.length))));
}

/** Opens a fresh command palette (F1) and types `text`; returns once the list has been filtered. */
export async function openCommandPalette(page, text = '') {
  await closeQuickInput(page);
  const input = page.locator('.quick-input-widget input');
  await page.keyboard.press('F1');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(`>${text}`);
  // the list is filtered asynchronously; give it a moment to settle
  await page.waitForTimeout(400);
}

/** Labels of the rows currently shown in the quick input (palette or quick pick). */
export async function quickInputItems(page) {
  return page.$$eval('.quick-input-widget .quick-input-list .monaco-list-row', (rows) =>
    rows.map((r) => (r.querySelector('.label-name')?.textContent ?? r.getAttribute('aria-label') ?? '').trim()),
  );
}

export async function closeQuickInput(page) {
  const input = page.locator('.quick-input-widget input');
  if (await input.isVisible()) {
    await page.keyboard.press('Escape');
    await input.waitFor({ state: 'hidden', timeout: 5_000 });
  }
}

/** Runs a command by its palette title (e.g. "Swarm: Run Demo"), as a user would: F1, type, Enter. */
export async function runCommand(page, title, timeout = 15_000) {
  await openCommandPalette(page, title);
  const row = page.locator('.quick-input-widget .quick-input-list .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: title }) });
  const deadline = Date.now() + timeout;
  for (;;) {
    const labels = await quickInputItems(page);
    const index = labels.indexOf(title);
    if (index >= 0) {
      await row.first().click();
      return;
    }
    if (Date.now() > deadline) throw new Error(`command "${title}" not in the palette; shown: ${JSON.stringify(labels)}`);
    await page.waitForTimeout(250);
  }
}

/** Texts of all notifications (opens the notification center, which shows hidden toasts too). */
export async function notifications(page) {
  await runCommand(page, 'Notifications: Show Notifications');
  await page.waitForSelector('.notifications-center', { state: 'visible', timeout: 5_000 }).catch(() => {});
  return page.$$eval('.notifications-center .notification-list-item-message', (els) => els.map((e) => (e.textContent ?? '').trim()));
}

/** Titles of the rows of a tree view (by its visible name, e.g. "Requirements"). */
export async function treeViewItems(page, viewName) {
  const pane = page.locator('.pane').filter({ has: page.locator('.pane-header', { hasText: viewName }) });
  return pane.locator('.monaco-list-row').evaluateAll((rows) => rows.map((r) => (r.getAttribute('aria-label') ?? r.textContent ?? '').trim()));
}
