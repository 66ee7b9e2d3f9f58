/** Reads a provider's "wait this long" hints from response headers. */
export type HeaderSource = Headers | Record<string, string | string[] | undefined> | undefined | null;

function header(headers: HeaderSource, name: string): string | undefined {
  if (!headers) return undefined;
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const value = (headers as Record<string, string | string[] | undefined>)[name];
  return Array.isArray(value) ? value[0] : value;
}

/** `Retry-After` as seconds or an HTTP date. */
export function parseRetryAfter(value: string, now = Date.now()): number | undefined {
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** OpenAI's `x-ratelimit-reset-*` durations: `1s`, `20ms`, `6m0s`, `1h2m3.5s`; a bare number is seconds. */
export function parseResetDuration(value: string): number | undefined {
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const parts = [...trimmed.matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g)];
  if (!parts.length || parts.map((p) => p[0]).join('') !== trimmed) return undefined;
  const unit: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 };
  return Math.round(parts.reduce((sum, [, n, u]) => sum + Number(n) * unit[u!]!, 0));
}

/**
 * The longest wait the headers ask for, or undefined when they ask for none: `retry-after-ms`,
 * `retry-after`, and the `x-ratelimit-reset-requests/-tokens` of a limit that is exhausted (or of any
 * when the server does not say which).
 */
export function retryAfterMsFromHeaders(headers: HeaderSource, now = Date.now()): number | undefined {
  const hints: number[] = [];
  const ms = header(headers, 'retry-after-ms');
  if (ms && /^\d+(\.\d+)?$/.test(ms.trim())) hints.push(Math.round(Number(ms)));
  const after = header(headers, 'retry-after');
  const afterMs = after ? parseRetryAfter(after, now) : undefined;
  if (afterMs !== undefined) hints.push(afterMs);
  for (const kind of ['requests', 'tokens']) {
    const reset = header(headers, `x-ratelimit-reset-${kind}`);
    if (!reset) continue;
    const remaining = header(headers, `x-ratelimit-remaining-${kind}`);
    if (remaining !== undefined && Number(remaining) > 0) continue;
    const resetMs = parseResetDuration(reset);
    if (resetMs !== undefined) hints.push(resetMs);
  }
  return hints.length ? Math.max(...hints) : undefined;
}
