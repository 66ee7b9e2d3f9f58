import picomatch from 'picomatch';
import type { Severity } from '../core/placeholders';

export type SeveritySetting = Severity | 'hint';

/** `swarm.placeholders.*` as the server uses them. */
export interface PlaceholderSettings {
  include: string[];
  exclude: string[];
  /** One severity for every rule, or per rule id. */
  severity: SeveritySetting | Record<string, SeveritySetting> | undefined;
  disabledRules: string[];
}

export const DEFAULT_SETTINGS: PlaceholderSettings = { include: [], exclude: [], severity: undefined, disabledRules: [] };

const SEVERITIES = new Set(['error', 'warning', 'info', 'information', 'hint']);

function normalizeSeverity(value: unknown): SeveritySetting | undefined {
  if (typeof value !== 'string' || !SEVERITIES.has(value.toLowerCase())) return undefined;
  const v = value.toLowerCase();
  return v === 'information' ? 'info' : (v as SeveritySetting);
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v.trim() !== '') : [];
}

/** Whatever the client sent (possibly null or partial) as settings; bad entries are dropped. */
export function normalizeSettings(raw: unknown): PlaceholderSettings {
  if (typeof raw !== 'object' || raw === null) return DEFAULT_SETTINGS;
  const r = raw as Record<string, unknown>;
  let severity: PlaceholderSettings['severity'];
  if (typeof r.severity === 'string') severity = normalizeSeverity(r.severity);
  else if (typeof r.severity === 'object' && r.severity !== null) {
    const entries = Object.entries(r.severity as Record<string, unknown>).flatMap(([rule, s]) => {
      const n = normalizeSeverity(s);
      return n ? [[rule, n] as const] : [];
    });
    severity = entries.length ? Object.fromEntries(entries) : undefined;
  }
  return { include: strings(r.include), exclude: strings(r.exclude), severity, disabledRules: strings(r.disabledRules) };
}

/** Whether a workspace-relative path is checked under these settings. */
export function isIncluded(settings: PlaceholderSettings, file: string): boolean {
  const options = { dot: true };
  if (settings.exclude.length && picomatch(settings.exclude, options)(file)) return false;
  return settings.include.length === 0 || picomatch(settings.include, options)(file);
}

export function severityFor(settings: PlaceholderSettings, rule: string, found: Severity): SeveritySetting {
  const s = settings.severity;
  if (!s) return found;
  if (typeof s === 'string') return s;
  return s[rule] ?? found;
}
