import { SwarmCancelledError } from '../errors';
import { systemClock, type Clock } from './clock';
import { TokenBucket } from './tokenBucket';

export interface RateLimits {
  requestsPerMinute: number;
  tokensPerMinute: number;
}

export interface RateLimiterOptions {
  clock?: Clock;
  /**
   * How much of a minute's allowance may go at once. A minute's worth would let 2× the rate through in
   * the first minute; two seconds' worth keeps any minute within a few percent of the limit.
   */
  burstMs?: number;
}

interface Waiter {
  tokens: number;
  resolve: () => void;
  reject: (error: Error) => void;
  signal?: AbortSignal;
  onAbort?: () => void;
}

export const DEFAULT_BURST_MS = 2000;

/**
 * Paces calls to one endpoint with two token buckets, requests and tokens per minute. Callers are served
 * strictly first come, first served: a caller waits only for those ahead of it, so none starves however
 * many wait. A 429 with a wait hint holds everyone (`holdFor`), since the limit is the endpoint's.
 */
export class RateLimiter {
  private readonly clock: Clock;
  private readonly burstMs: number;
  private readonly requests: TokenBucket;
  private readonly tokens: TokenBucket;
  private readonly queue: Waiter[] = [];
  private timer: unknown;
  private holdUntil = 0;

  constructor(
    private limitsValue: RateLimits,
    options: RateLimiterOptions = {},
  ) {
    this.clock = options.clock ?? systemClock;
    this.burstMs = options.burstMs ?? DEFAULT_BURST_MS;
    const now = this.clock.now();
    this.requests = new TokenBucket(limitsValue.requestsPerMinute, this.burstMs, now);
    this.tokens = new TokenBucket(limitsValue.tokensPerMinute, this.burstMs, now);
  }

  get limits(): RateLimits {
    return this.limitsValue;
  }

  /** Callers waiting now. */
  get waiting(): number {
    return this.queue.length;
  }

  /** Resolves when one request of about `tokens` tokens may go; rejects with SwarmCancelledError on abort. */
  acquire(tokens: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(new SwarmCancelledError());
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { tokens: Math.max(0, tokens), resolve, reject, signal };
      if (signal) {
        waiter.onAbort = () => {
          const at = this.queue.indexOf(waiter);
          if (at >= 0) this.queue.splice(at, 1);
          reject(new SwarmCancelledError());
          this.pump();
        };
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      this.queue.push(waiter);
      if (this.queue.length === 1) this.pump();
    });
  }

  /** Settles a call's token estimate: positive gives tokens back, negative charges the excess. */
  adjustTokens(delta: number): void {
    if (delta === 0) return;
    this.tokens.adjust(delta, this.clock.now());
    if (delta > 0) this.pump();
  }

  /** Nobody goes for `ms` (the endpoint said to wait). */
  holdFor(ms: number): void {
    this.holdUntil = Math.max(this.holdUntil, this.clock.now() + ms);
    this.pump();
  }

  reconfigure(limits: RateLimits): void {
    if (limits.requestsPerMinute === this.limitsValue.requestsPerMinute && limits.tokensPerMinute === this.limitsValue.tokensPerMinute) return;
    const now = this.clock.now();
    this.requests.reconfigure(limits.requestsPerMinute, this.burstMs, now);
    this.tokens.reconfigure(limits.tokensPerMinute, this.burstMs, now);
    this.limitsValue = limits;
    this.pump();
  }

  private pump(): void {
    if (this.timer !== undefined) {
      this.clock.clearTimer(this.timer);
      this.timer = undefined;
    }
    while (this.queue.length) {
      const head = this.queue[0]!;
      const now = this.clock.now();
      const wait = Math.max(this.holdUntil - now, this.requests.waitFor(1, now), this.tokens.waitFor(head.tokens, now));
      if (wait > 0) {
        this.timer = this.clock.setTimer(() => {
          this.timer = undefined;
          this.pump();
        }, wait);
        return;
      }
      this.requests.take(1, now);
      this.tokens.take(head.tokens, now);
      this.queue.shift();
      if (head.onAbort) head.signal?.removeEventListener('abort', head.onAbort);
      head.resolve();
    }
  }
}
