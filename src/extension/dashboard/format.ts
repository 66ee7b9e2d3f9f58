// Number formats shared by the status bar and the dashboard webview (no `vscode` import here).

/** Dollars with the precision small runs need: $0.0012, $0.012, $0.02, $0.12, $1.20. */
export function formatUsd(value: number): string {
  if (!Number.isFinite(value) || value === 0) return '$0.00';
  const abs = Math.abs(value);
  if (abs < 0.0001) return value > 0 ? '<$0.0001' : '-<$0.0001';
  const digits = abs >= 0.1 ? 2 : abs >= 0.01 ? 3 : 4;
  // Two decimals always; the third and fourth only when they say something.
  return `$${value.toFixed(digits).replace(/(\.\d\d\d*?)0+$/, '$1')}`;
}

/** 950 ms, 12.3 s, 4 min 05 s. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return `${minutes} min ${String(seconds).padStart(2, '0')} s`;
}

export function formatPercent(ratio: number): string {
  return `${Math.round((Number.isFinite(ratio) ? ratio : 0) * 100)}%`;
}

/** 1234 → 1.2k, 1234567 → 1.2M. */
export function formatCount(value: number): string {
  if (value < 1000) return String(value);
  if (value < 1_000_000) return `${(value / 1000).toFixed(value < 10_000 ? 1 : 0)}k`;
  return `${(value / 1_000_000).toFixed(1)}M`;
}
