// The Problems panel lists a stub an agent wrote, read from the DOM, while the file stays closed.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const STUB = `export function listBooks(): string[] {
  // ... rest of code remains the same
  throw new Error('Not implemented');
}
`;

/** @param {import('../harness/types').UiTestContext} ctx */
export default async function ({ page, workspace, workbench, screenshot }) {
  // What a run leaves behind: the file, and the audit log entry naming the agent that wrote it.
  mkdirSync(join(workspace, 'src', 'server'), { recursive: true });
  writeFileSync(join(workspace, 'src', 'server', 'books.ts'), STUB);
  mkdirSync(join(workspace, '.swarm'), { recursive: true });
  const entry = { time: new Date().toISOString(), runId: 'ui-run', taskId: 'backend', agent: 'backend', action: 'write', path: 'src/server/books.ts', outcome: 'written' };
  writeFileSync(join(workspace, '.swarm', 'audit.jsonl'), `${JSON.stringify(entry)}\n`);
  // The language server reads the audit log when it starts: a new window, as when the user reopens the folder.
  await workbench.runCommand(page, 'Developer: Reload Window');
  await page.waitForTimeout(1000);
  await workbench.waitForWorkbench(page);

  await page.keyboard.press('Control+Shift+M');
  const panel = page.locator('.markers-panel');
  await panel.waitFor({ state: 'visible', timeout: 20_000 });
  let rows = [];
  const deadline = Date.now() + 45_000;
  while (Date.now() < deadline) {
    rows = await panel.locator('.monaco-list-row').evaluateAll((els) => els.map((r) => `${r.getAttribute('aria-label') ?? ''} | ${r.textContent ?? ''}`.trim()));
    if (rows.some((r) => /rest of code/.test(r))) break;
    await page.waitForTimeout(500);
  }
  assert.ok(rows.some((r) => /books\.ts/.test(r)), `no row for books.ts in the Problems panel: ${JSON.stringify(rows)}`);
  const finding = rows.find((r) => /rest of code/.test(r));
  assert.ok(finding, `the omission comment is not listed: ${JSON.stringify(rows)}`);
  assert.match(finding, /swarm\s*\(?omission-comment/, `the row does not name the source and rule: ${finding}`);
  assert.ok(rows.some((r) => /Not implemented/.test(r)), `the stub throw is not listed: ${JSON.stringify(rows)}`);
  const tabs = await page.locator('.tabs-container .tab').evaluateAll((els) => els.map((t) => (t.getAttribute('aria-label') ?? '').trim()));
  assert.ok(!tabs.some((t) => /books\.ts/.test(t)), `books.ts is open in an editor: ${JSON.stringify(tabs)}`);
  await screenshot('problems-panel-stub.png');
}
