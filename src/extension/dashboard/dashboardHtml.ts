import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

/** Where the webview's files are: the bundled script (esbuild: media/dashboard/main.ts) and its stylesheet. */
export function dashboardResourceRoots(extensionUri: vscode.Uri): vscode.Uri[] {
  return [vscode.Uri.joinPath(extensionUri, 'dist', 'media'), vscode.Uri.joinPath(extensionUri, 'media', 'dashboard')];
}

/**
 * The dashboard's page: a static, accessible skeleton (headings, chart canvases with text
 * equivalents) that the bundled script fills. Strict CSP: nothing but the extension's own files and
 * the one script carrying this page's nonce; no inline style or script, no network.
 */
export function dashboardHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  const nonce = randomBytes(16).toString('base64');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'media', 'main.js'));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'dashboard', 'dashboard.css'));
  const csp = [
    "default-src 'none'",
    `style-src ${webview.cspSource}`,
    `img-src ${webview.cspSource} data:`,
    `font-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  const t = (text: string): string => escapeHtml(vscode.l10n.t(text));
  const chart = (id: string, label: string): string =>
    `<div class="chart" id="${id}-box"><canvas id="${id}" role="img" aria-label="${t(label)}"></canvas></div>`;
  const table = (id: string, summary: string): string =>
    `<details class="as-table"><summary>${t(summary)}</summary><div class="table-wrap" id="${id}"></div></details>`;
  return `<!DOCTYPE html>
<html lang="${escapeHtml(vscode.env.language)}">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${csp}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <link rel="stylesheet" href="${style.toString()}">
  <title>${t('Swarm Dashboard')}</title>
</head>
<body>
  <header class="run-header">
    <h1>${t('Swarm Dashboard')}</h1>
    <p id="run-line" class="run-line" aria-live="polite">${t('Loading…')}</p>
    <div class="run-actions">
      <button id="show-live" class="secondary" hidden>${t('Back to the latest run')}</button>
      <button id="open-report" class="secondary" hidden>${t('Open Report')}</button>
    </div>
  </header>
  <main>
    <section aria-labelledby="h-coverage" class="card wide">
      <h2 id="h-coverage">${t('Requirement coverage')}</h2>
      <div class="coverage">
        <div class="gauge">
          ${chart('coverage-gauge', 'Coverage gauge')}
          <p class="gauge-value" id="coverage-value" aria-hidden="true"></p>
        </div>
        ${chart('requirements-chart', 'Progress per requirement')}
      </div>
      ${table('requirements-table', 'Requirements as a table')}
    </section>
    <section aria-labelledby="h-timeline" class="card wide">
      <h2 id="h-timeline">${t('Timeline of tasks')}</h2>
      <p class="hint">${t('One row per task, one bar per stretch of an attempt; retries show as later attempts.')}</p>
      ${chart('timeline-chart', 'Timeline of tasks')}
      ${table('tasks-table', 'Tasks as a table')}
    </section>
    <section aria-labelledby="h-agents" class="card">
      <h2 id="h-agents">${t('Tokens and cost per agent')}</h2>
      ${chart('tokens-chart', 'Tokens per agent')}
      ${chart('cost-chart', 'Cost per agent')}
      ${table('agents-table', 'Agents as a table')}
    </section>
    <section aria-labelledby="h-errors" class="card">
      <h2 id="h-errors">${t('Errors by kind')}</h2>
      <p id="errors-empty" class="hint" hidden>${t('No errors.')}</p>
      ${chart('errors-chart', 'Errors by kind')}
      ${table('errors-table', 'Errors as a table')}
      <h3>${t('Anomalies')}</h3>
      <ul id="anomalies" class="anomalies"></ul>
    </section>
    <section aria-labelledby="h-gates" class="card">
      <h2 id="h-gates">${t('Quality gates')}</h2>
      <div class="table-wrap" id="gates-table"></div>
    </section>
    <section aria-labelledby="h-history" class="card">
      <h2 id="h-history">${t('Past runs')}</h2>
      ${chart('history-chart', 'Coverage and cost of past runs')}
      <div class="table-wrap" id="history-table"></div>
    </section>
  </main>
  <script nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}
