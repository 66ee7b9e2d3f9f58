/** The seed's AdaptiveOrchestrator, first step: timeouts from history, concurrency from rate limits. */

const TIMEOUT_FACTOR = 3;
const MIN_TIMEOUT_MS = 30_000;

/**
 * A task's timeout from its agent's history: p95 × 3, never below a quarter of the configured
 * timeout (or 30 s) and never above twice it. Without enough history, the configured timeout.
 */
export function adaptiveTimeout(configuredMs: number, p95Ms: number | undefined): number {
  if (p95Ms === undefined) return configuredMs;
  const floor = Math.max(MIN_TIMEOUT_MS, Math.round(configuredMs / 4));
  return Math.min(configuredMs * 2, Math.max(floor, Math.round(p95Ms * TIMEOUT_FACTOR)));
}

/**
 * Additive increase, multiplicative decrease: a 429 halves the number of agents running at once, each
 * accepted task adds one back, up to the configured concurrency.
 */
export class AimdConcurrency {
  private value: number;

  constructor(private readonly max: number) {
    this.value = max;
  }

  get current(): number {
    return this.value;
  }

  /** Returns true when the limit changed. */
  rateLimited(): boolean {
    const next = Math.max(1, Math.floor(this.value / 2));
    const changed = next !== this.value;
    this.value = next;
    return changed;
  }

  succeeded(): boolean {
    const next = Math.min(this.max, this.value + 1);
    const changed = next !== this.value;
    this.value = next;
    return changed;
  }
}
