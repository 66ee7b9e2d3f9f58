// The dashboard's charts as chart.js configurations, from a run's snapshot and the theme's colours.
import {
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  DoughnutController,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartConfiguration,
  type ChartType,
} from 'chart.js';
import type { MonitorSnapshot, TaskSegment } from '../../src/core/monitoring/monitorSnapshot';
import type { PastRunSummary } from '../../src/core/monitoring/pastRuns';
import { formatDuration, formatPercent, formatUsd } from '../../src/extension/dashboard/format';
import type { ThemeColors } from './theme';

Chart.register(ArcElement, BarController, BarElement, CategoryScale, DoughnutController, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip);


/** Applies the theme to every chart's defaults; charts made after this use it. */
export function applyThemeDefaults(theme: ThemeColors): void {
  Chart.defaults.color = theme.foreground;
  Chart.defaults.borderColor = theme.grid;
  Chart.defaults.font.family = theme.fontFamily;
  Chart.defaults.font.size = Math.max(11, theme.fontSize - 1);
  // Live updates come 4 times a second: no animation (and nothing moving for people who mind).
  Chart.defaults.animation = false;
  Chart.defaults.maintainAspectRatio = false;
  Chart.defaults.responsive = true;
}

/** The charts on the page by canvas id, created once and then updated in place. */
export class ChartSet {
  private readonly charts = new Map<string, Chart>();

  /** Draws `config` on the canvas `id`: updates the chart there, or makes it. */
  show<T extends ChartType, D = unknown>(id: string, config: ChartConfiguration<T, D[]>): void {
    const existing = this.charts.get(id);
    if (existing && (existing.config as { type?: string }).type === config.type) {
      existing.data = config.data as unknown as typeof existing.data;
      existing.options = config.options as unknown as typeof existing.options;
      existing.update('none');
      return;
    }
    existing?.destroy();
    const canvas = document.getElementById(id);
    if (!(canvas instanceof HTMLCanvasElement)) return;
    this.charts.set(id, new Chart(canvas, config) as unknown as Chart);
  }

  hide(id: string): void {
    this.charts.get(id)?.destroy();
    this.charts.delete(id);
  }

  /** Charts drawn with data. */
  get count(): number {
    return [...this.charts.values()].filter((c) => c.data.datasets.some((d) => d.data.length > 0)).length;
  }

  /** Every chart made again: after a theme change, colours baked into options must be re-read. */
  clear(): void {
    for (const chart of this.charts.values()) chart.destroy();
    this.charts.clear();
  }
}

export const REQUIREMENT_STATUSES = ['covered', 'partial', 'in-progress', 'pending', 'missing', 'failed'] as const;

export function requirementColor(status: string, theme: ThemeColors): string {
  switch (status) {
    case 'covered':
      return theme.green;
    case 'partial':
      return theme.yellow;
    case 'in-progress':
      return theme.blue;
    case 'missing':
    case 'failed':
      return theme.red;
    default:
      return theme.muted;
  }
}

/** Half-doughnut: covered, partial, the rest. */
export function coverageGauge(s: MonitorSnapshot, theme: ThemeColors): ChartConfiguration<'doughnut'> {
  const { total, covered } = s.requirements;
  const partial = s.requirements.byStatus.partial ?? 0;
  const rest = Math.max(0, total - covered - partial);
  return {
    type: 'doughnut',
    data: {
      labels: ['covered', 'partial', 'not covered yet'],
      datasets: [
        {
          data: total > 0 ? [covered, partial, rest] : [0, 0, 1],
          backgroundColor: [theme.green, theme.yellow, theme.grid],
          borderWidth: 0,
        },
      ],
    },
    options: {
      rotation: -90,
      circumference: 180,
      cutout: '72%',
      plugins: { legend: { display: false }, tooltip: { enabled: total > 0 } },
    },
  };
}

/** One bar per requirement: the share of its tasks that succeeded (100% once covered), coloured by status. */
export function requirementBars(s: MonitorSnapshot, theme: ThemeColors): ChartConfiguration<'bar'> {
  const items = s.requirements.items;
  const progress = items.map((r) => requirementProgress(s, r.id, r.status));
  return {
    type: 'bar',
    data: {
      labels: items.map((r) => r.id),
      datasets: [
        {
          label: 'progress',
          data: progress.map((p) => Math.round(p * 100)),
          backgroundColor: items.map((r) => requirementColor(r.status, theme)),
          borderWidth: 0,
          barThickness: 14,
        },
      ],
    },
    options: {
      indexAxis: 'y',
      scales: {
        x: { min: 0, max: 100, ticks: { callback: (v: unknown) => `${String(v)}%` }, grid: { color: theme.grid } },
        y: { grid: { display: false } },
      },
      plugins: {
        legend: { display: false },
        tooltip: {
          callbacks: {
            label: (ctx: { dataIndex: number }) => {
              const r = items[ctx.dataIndex];
              return `${r.title} — ${r.status.replace('-', ' ')} (${formatPercent(progress[ctx.dataIndex])} of its tasks done)`;
            },
          },
        },
      },
    },
  };
}

export function requirementProgress(s: MonitorSnapshot, id: string, status: string): number {
  if (status === 'covered') return 1;
  const tasks = s.tasks.filter((t) => t.requirements.includes(id));
  if (tasks.length === 0) return 0;
  return tasks.filter((t) => t.state === 'succeeded').length / tasks.length;
}

interface TimelinePoint {
  x: [number, number];
  y: string;
  attempt: number;
  state: TaskSegment['state'];
}

/** A Gantt of attempts: one row per task, a bar per stretch of an attempt in one state (seconds since the run started). */
export function timeline(s: MonitorSnapshot, theme: ThemeColors): ChartConfiguration<'bar', TimelinePoint[]> {
  const now = s.elapsedMs;
  const kinds = [
    { label: 'running (first attempt)', color: theme.blue, match: (g: TaskSegment) => g.state === 'running' && g.attempt <= 1 },
    { label: 'running (retry)', color: theme.orange, match: (g: TaskSegment) => g.state === 'running' && g.attempt > 1 },
    { label: 'validating', color: theme.purple, match: (g: TaskSegment) => g.state === 'validating' },
    { label: 'waiting to retry', color: theme.red, match: (g: TaskSegment) => g.state === 'retrying' },
    { label: 'other', color: theme.muted, match: (g: TaskSegment) => !['running', 'validating', 'retrying'].includes(g.state) },
  ];
  const agentOf = new Map(s.tasks.map((t) => [t.taskId, t]));
  const datasets = kinds.map((kind) => {
    const data: TimelinePoint[] = [];
    for (const task of s.tasks) {
      for (const segment of task.segments) {
        if (!kind.match(segment)) continue;
        const end = segment.endMs ?? now;
        data.push({ x: [segment.startMs / 1000, Math.max(end, segment.startMs + 50) / 1000], y: task.taskId, attempt: segment.attempt, state: segment.state });
      }
    }
    return { label: kind.label, data, backgroundColor: kind.color, borderWidth: 0, barPercentage: 0.7, categoryPercentage: 0.9, grouped: false };
  });
  return {
    type: 'bar',
    data: { labels: s.tasks.map((t) => t.taskId), datasets: datasets.filter((d) => d.data.length > 0 || d.label !== 'other') },
    options: {
      indexAxis: 'y',
      parsing: { xAxisKey: 'x', yAxisKey: 'y' },
      scales: {
        x: { type: 'linear', min: 0, title: { display: true, text: 'seconds since the run started' }, grid: { color: theme.grid } },
        y: {
          grid: { display: false },
          ticks: {
            callback(this: { getLabelForValue(v: number): string }, value: unknown) {
              const id = this.getLabelForValue(Number(value));
              const task = agentOf.get(id);
              if (!task) return id;
              return `${task.agent === id ? id : `${id} · ${task.agent}`}${stateMark(task.state)}`;
            },
          },
        },
      },
      plugins: {
        legend: { position: 'bottom', labels: { boxWidth: 12 } },
        tooltip: {
          callbacks: {
            label: (ctx: { raw: unknown }) => {
              const p = ctx.raw as TimelinePoint;
              return `attempt ${p.attempt} · ${p.state} · ${formatDuration((p.x[1] - p.x[0]) * 1000)}`;
            },
          },
        },
      },
    },
  };
}

function stateMark(state: string): string {
  switch (state) {
    case 'succeeded':
      return ' ✓';
    case 'failed':
      return ' ✗';
    case 'needs-approval':
      return ' ⚑';
    case 'skipped':
      return ' –';
    default:
      return '';
  }
}

/** Prompt and completion tokens per agent, stacked. */
export function tokensByAgent(s: MonitorSnapshot, theme: ThemeColors): ChartConfiguration<'bar'> {
  const agents = s.agents;
  return {
    type: 'bar',
    data: {
      labels: agents.map((a) => a.agent),
      datasets: [
        { label: 'prompt tokens', data: agents.map((a) => a.tokens.prompt), backgroundColor: theme.blue, borderWidth: 0 },
        { label: 'completion tokens', data: agents.map((a) => a.tokens.completion), backgroundColor: theme.purple, borderWidth: 0 },
      ],
    },
    options: {
      scales: { x: { stacked: true, grid: { display: false } }, y: { stacked: true, beginAtZero: true, grid: { color: theme.grid } } },
      plugins: { legend: { position: 'bottom', labels: { boxWidth: 12 } } },
    },
  };
}

export function costByAgent(s: MonitorSnapshot, theme: ThemeColors): ChartConfiguration<'bar'> {
  const agents = s.agents;
  return {
    type: 'bar',
    data: {
      labels: agents.map((a) => a.agent),
      datasets: [{ label: 'cost (USD)', data: agents.map((a) => a.costUsd), backgroundColor: theme.green, borderWidth: 0 }],
    },
    options: {
      scales: {
        x: { grid: { display: false } },
        y: { beginAtZero: true, ticks: { callback: (v: unknown) => formatUsd(Number(v)) }, grid: { color: theme.grid } },
      },
      plugins: {
        legend: { display: false },
        tooltip: { callbacks: { label: (ctx) => formatUsd(ctx.parsed.y ?? 0) } },
      },
    },
  };
}

export function errorsByKind(s: MonitorSnapshot, theme: ThemeColors): ChartConfiguration<'bar'> {
  const entries = Object.entries(s.errorsByKind)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1]);
  return {
    type: 'bar',
    data: {
      labels: entries.map(([kind]) => kind),
      datasets: [{ label: 'errors', data: entries.map(([, n]) => n), backgroundColor: theme.red, borderWidth: 0, barThickness: 14 }],
    },
    options: {
      indexAxis: 'y',
      scales: { x: { beginAtZero: true, ticks: { precision: 0 }, grid: { color: theme.grid } }, y: { grid: { display: false } } },
      plugins: { legend: { display: false } },
    },
  };
}

/** Coverage (line, left axis) and cost (bars, right axis) of past runs, oldest first. */
export function history(runs: PastRunSummary[], theme: ThemeColors): ChartConfiguration<'bar' | 'line'> {
  const ordered = [...runs].reverse();
  return {
    type: 'bar',
    data: {
      labels: ordered.map((r) => shortRunLabel(r)),
      datasets: [
        {
          type: 'line',
          label: 'coverage',
          data: ordered.map((r) => Math.round(r.requirements.coverage * 100)),
          borderColor: theme.green,
          backgroundColor: theme.green,
          yAxisID: 'coverage',
          pointRadius: 3,
        },
        {
          type: 'bar',
          label: 'cost (USD)',
          data: ordered.map((r) => r.costUsd),
          backgroundColor: ordered.map((r) => (r.status === 'passed' ? theme.blue : theme.red)),
          borderWidth: 0,
          yAxisID: 'cost',
        },
      ],
    },
    options: {
      scales: {
        x: { grid: { display: false } },
        coverage: { type: 'linear', position: 'left', min: 0, max: 100, ticks: { callback: (v: unknown) => `${String(v)}%` }, grid: { color: theme.grid } },
        cost: { type: 'linear', position: 'right', beginAtZero: true, ticks: { callback: (v: unknown) => formatUsd(Number(v)) }, grid: { display: false } },
      },
      plugins: { legend: { position: 'bottom', labels: { boxWidth: 12 } } },
    },
  };
}

export function shortRunLabel(run: PastRunSummary): string {
  if (!run.startedAt) return run.runId;
  const d = new Date(run.startedAt);
  return Number.isNaN(d.getTime()) ? run.runId : d.toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}
