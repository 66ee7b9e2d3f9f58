/// <reference types="vscode-webview" />
// The dashboard webview: draws the model the extension sends (src/extension/dashboard/dashboardPanel.ts),
// keeps it up to date from live snapshots, and tells the extension what the user picks.
import type { MonitorSnapshot } from '../../src/core/monitoring/monitorSnapshot';
import type { PastRunSummary } from '../../src/core/monitoring/pastRuns';
import { formatCount, formatDuration, formatPercent, formatUsd } from '../../src/extension/dashboard/format';
import type { DashboardModel, DashboardWebviewState, FromWebview, ToWebview } from '../../src/extension/dashboard/messages';
import {
  applyThemeDefaults,
  ChartSet,
  costByAgent,
  coverageGauge,
  errorsByKind,
  history,
  requirementBars,
  requirementProgress,
  shortRunLabel,
  timeline,
  tokensByAgent,
} from './charts';
import { badge, el, renderTable, statusBadge } from './tables';
import { readTheme, watchTheme, type ThemeColors } from './theme';

const vscode = acquireVsCodeApi<DashboardWebviewState>();
const charts = new ChartSet();
let theme: ThemeColors = readTheme();
let model: DashboardModel | undefined;
let updates = 0;

function post(message: FromWebview): void {
  vscode.postMessage(message);
}

function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const node = document.getElementById(id);
  if (!node) throw new Error(`the dashboard page has no #${id}`);
  return node as T;
}

window.addEventListener('message', (event: MessageEvent<ToWebview>) => {
  const message = event.data;
  switch (message.type) {
    case 'model':
      model = message.model;
      vscode.setState({ selectedRunId: model.selectedRunId });
      break;
    case 'snapshot':
      if (!model || model.selectedRunId !== null) return;
      model = { ...model, snapshot: message.snapshot };
      break;
    case 'pastRuns':
      if (!model) return;
      model = { ...model, pastRuns: message.pastRuns };
      break;
    default:
      return;
  }
  updates++;
  render();
});

byId('show-live').addEventListener('click', () => post({ type: 'selectRun', runId: null }));
byId('open-report').addEventListener('click', () => {
  const runId = model?.snapshot.runId;
  if (runId) post({ type: 'openReport', runId });
});

applyThemeDefaults(theme);
watchTheme((next) => {
  theme = next;
  applyThemeDefaults(theme);
  charts.clear();
  render();
});

post({ type: 'ready' });

function render(): void {
  if (!model) return;
  const s = model.snapshot;
  renderHeader(model);
  renderCoverage(s);
  renderTimeline(s);
  renderAgents(s);
  renderErrors(s);
  const gates = renderGates(s);
  renderHistory(model.pastRuns, s.runId);
  post({
    type: 'rendered',
    runId: s.runId,
    status: s.status,
    updates,
    charts: charts.count,
    tasks: s.tasks.length,
    gates,
    pastRuns: model.pastRuns.length,
    theme: document.body.dataset.vscodeThemeKind ?? '',
  });
}

function renderHeader(m: DashboardModel): void {
  const s = m.snapshot;
  const line = byId('run-line');
  if (s.runId === null) {
    line.replaceChildren('No run yet. Run “Swarm: Run Swarm” or “Swarm: Run Demo”; it shows here live.');
  } else {
    const parts: (string | HTMLElement)[] = [el('strong', { text: s.runId }), ' ', statusBadge(s.status)];
    if (s.status === 'running') parts.push(' ', el('span', { className: 'badge live', text: 'live' }));
    if (m.selectedRunId !== null) parts.push(' ', el('span', { className: 'badge neutral', text: 'past run' }));
    const facts = [
      s.model ? `model ${s.model}${s.demo ? ' (demo)' : ''}` : undefined,
      formatDuration(s.elapsedMs),
      `${s.requirements.covered}/${s.requirements.total} requirements`,
      `${formatCount(s.totals.llmCalls)} model calls`,
      `${s.totals.retries} ${s.totals.retries === 1 ? 'retry' : 'retries'}`,
      formatUsd(s.totals.costUsd),
      s.health.status !== 'unknown' ? `health ${s.health.status}` : undefined,
    ].filter((f): f is string => f !== undefined);
    parts.push(` · ${facts.join(' · ')}`);
    line.replaceChildren(...parts);
  }
  byId('show-live').hidden = m.selectedRunId === null;
  byId('open-report').hidden = s.runId === null || s.status === 'running' || s.status === 'idle';
}

function renderCoverage(s: MonitorSnapshot): void {
  const { total, covered, coverage } = s.requirements;
  const partial = s.requirements.byStatus.partial ?? 0;
  const gaugeLabel = total > 0 ? `Coverage ${formatPercent(coverage)}: ${covered} of ${total} requirements covered, ${partial} partial` : 'Coverage: no requirements yet';
  byId('coverage-gauge').setAttribute('aria-label', gaugeLabel);
  byId('coverage-value').textContent = total > 0 ? formatPercent(coverage) : '—';
  charts.show('coverage-gauge', coverageGauge(s, theme));

  const items = s.requirements.items;
  sizeBox('requirements-chart', 40 + 22 * Math.max(items.length, 1));
  const summary = items.map((r) => `${r.id} ${r.status}`).join(', ');
  byId('requirements-chart').setAttribute('aria-label', `Progress per requirement: ${summary || 'none'}`);
  charts.show('requirements-chart', requirementBars(s, theme));
  renderTable('requirements-table', {
    caption: 'Requirements',
    headers: ['Requirement', 'Title', 'Priority', 'Status', 'Tasks done'],
    rows: items.map((r) => ({
      cells: [r.id, r.title, r.priority ?? '', statusBadge(r.status), formatPercent(requirementProgress(s, r.id, r.status))],
    })),
    empty: 'No requirements yet.',
  });
}

function renderTimeline(s: MonitorSnapshot): void {
  sizeBox('timeline-chart', 70 + 26 * Math.max(s.tasks.length, 1));
  const retried = s.tasks.filter((t) => t.retries > 0).map((t) => t.taskId);
  byId('timeline-chart').setAttribute(
    'aria-label',
    `Timeline of ${s.tasks.length} tasks over ${formatDuration(s.elapsedMs)}; ${retried.length > 0 ? `retried: ${retried.join(', ')}` : 'no retries'}`,
  );
  charts.show('timeline-chart', timeline(s, theme));
  renderTable('tasks-table', {
    caption: 'Tasks',
    headers: ['Task', 'Agent', 'State', 'Attempts', 'Retries', 'Duration', 'Tokens', 'Cost'],
    rows: s.tasks.map((t) => ({
      cells: [
        t.taskId,
        t.agent,
        statusBadge(t.state),
        t.attempts,
        t.retries,
        t.durationMs === null ? '—' : formatDuration(t.durationMs),
        t.tokens.prompt + t.tokens.completion,
        formatUsd(t.costUsd),
      ],
      className: t.slow ? 'slow' : undefined,
    })),
    empty: 'No tasks yet.',
  });
}

function renderAgents(s: MonitorSnapshot): void {
  const agents = s.agents;
  const tokens = agents.map((a) => `${a.agent} ${formatCount(a.tokens.prompt + a.tokens.completion)}`).join(', ');
  byId('tokens-chart').setAttribute('aria-label', `Tokens per agent: ${tokens || 'none yet'}`);
  byId('cost-chart').setAttribute('aria-label', `Cost per agent: ${agents.map((a) => `${a.agent} ${formatUsd(a.costUsd)}`).join(', ') || 'none yet'}`);
  charts.show('tokens-chart', tokensByAgent(s, theme));
  charts.show('cost-chart', costByAgent(s, theme));
  renderTable('agents-table', {
    caption: 'Agents',
    headers: ['Agent', 'Succeeded', 'Failed', 'Retries', 'Model calls', 'Prompt tokens', 'Completion tokens', 'Cost'],
    rows: agents.map((a) => ({ cells: [a.agent, a.runs.succeeded, a.runs.failed, a.retries, a.llmCalls, a.tokens.prompt, a.tokens.completion, formatUsd(a.costUsd)] })),
    empty: 'No agent has run yet.',
  });
}

function renderErrors(s: MonitorSnapshot): void {
  const entries = Object.entries(s.errorsByKind).filter(([, n]) => n > 0);
  byId('errors-empty').hidden = entries.length > 0;
  byId('errors-chart-box').hidden = entries.length === 0;
  if (entries.length === 0) charts.hide('errors-chart');
  else {
    sizeBox('errors-chart', 40 + 24 * entries.length);
    byId('errors-chart').setAttribute('aria-label', `Errors by kind: ${entries.map(([k, n]) => `${k} ${n}`).join(', ')}`);
    charts.show('errors-chart', errorsByKind(s, theme));
  }
  renderTable('errors-table', {
    caption: 'Errors by kind',
    headers: ['Kind', 'Count'],
    rows: entries.map(([kind, n]) => ({ cells: [kind, n] })),
    empty: 'No errors.',
  });
  const list = byId('anomalies');
  list.replaceChildren(...(s.anomalies.length > 0 ? s.anomalies.map((a) => el('li', { text: `${a.kind}: ${a.message}` })) : [el('li', { className: 'hint', text: 'None.' })]));
}

/** Returns the number of gate rows. */
function renderGates(s: MonitorSnapshot): number {
  renderTable('gates-table', {
    caption: 'Quality gates',
    headers: ['Gate', 'Actual', 'Must be', 'Result'],
    rows: s.gates.map((g) => ({
      cells: [g.name, formatGateValue(g.name, g.actual), `${comparisonOf(g.name)} ${formatGateValue(g.name, g.threshold)}`, badge(g.passed)],
      className: `gate ${g.passed ? 'passed' : 'failed'}`,
      dataset: { gate: g.name },
    })),
    empty: s.status === 'running' ? 'The gates are checked when the run ends.' : 'No gates checked.',
  });
  return s.gates.length;
}

function comparisonOf(gate: string): string {
  return gate === 'requirement-coverage' || gate === 'agent-success-rate' ? '≥' : '≤';
}

function formatGateValue(gate: string, value: number): string {
  if (gate === 'requirement-coverage' || gate === 'agent-success-rate') return formatPercent(value);
  if (gate === 'budget') return formatUsd(value);
  return Number.isInteger(value) ? String(value) : value.toFixed(3);
}

function renderHistory(runs: PastRunSummary[], shownRunId: string | null): void {
  byId('history-chart-box').hidden = runs.length < 2;
  if (runs.length >= 2) {
    byId('history-chart').setAttribute(
      'aria-label',
      `Coverage and cost of the last ${runs.length} runs, newest ${formatPercent(runs[0].requirements.coverage)} and ${formatUsd(runs[0].costUsd)}`,
    );
    charts.show('history-chart', history(runs, theme));
  } else charts.hide('history-chart');
  renderTable('history-table', {
    caption: 'Past runs, newest first',
    headers: ['Run', 'Started', 'Status', 'Coverage', 'Cost', 'Duration', 'Gates'],
    rows: runs.map((r) => {
      const open = el('button', { className: 'link', text: r.runId });
      open.title = 'Show this run';
      open.addEventListener('click', () => post({ type: 'selectRun', runId: r.runId }));
      if (r.runId === shownRunId) open.setAttribute('aria-current', 'true');
      const passedGates = r.gates.filter((g) => g.passed).length;
      return {
        cells: [
          open,
          shortRunLabel(r),
          statusBadge(r.status),
          `${formatPercent(r.requirements.coverage)} (${r.requirements.covered}/${r.requirements.total})`,
          formatUsd(r.costUsd),
          formatDuration(r.durationMs),
          `${passedGates}/${r.gates.length}`,
        ],
        className: r.runId === shownRunId ? 'current' : undefined,
        dataset: { runId: r.runId },
      };
    }),
    empty: 'No finished run in this workspace yet.',
  });
}

/** Chart.js fills its box: the box's height follows the number of rows (set through the CSSOM, allowed by the CSP). */
function sizeBox(canvasId: string, heightPx: number): void {
  byId(`${canvasId}-box`).style.height = `${Math.min(heightPx, 2400)}px`;
}
