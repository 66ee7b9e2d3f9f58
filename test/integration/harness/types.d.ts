// Types for the UI tests (test/integration/ui/*.ui.mjs), for editors: `/** @param {import('../harness/types').UiTestContext} ctx */`.
import type { Page } from 'playwright-core';

export interface UiTestContext {
  /** The workbench page, already loaded with the extension under development. */
  page: Page;
  /** code-server's address, e.g. http://127.0.0.1:PORT */
  baseUrl: string;
  /** Absolute path of this file's fresh copy of the fixture workspace (opened in the page). */
  workspace: string;
  /** Absolute path of the repository. */
  repo: string;
  /** Saves a screenshot: a bare name goes to test-results/screenshots/, a path ending in .png (e.g. docs/images/x.png) is repo-relative. Returns the path. */
  screenshot(name: string): Promise<string>;
  /** Workbench helpers: command palette, activity bar, notifications, tree views. */
  workbench: typeof import('./workbench.mjs');
}
