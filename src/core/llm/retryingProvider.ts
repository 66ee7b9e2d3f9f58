import { errorMessage } from '../errors';
import type { SwarmEvents } from '../events';
import { abortableSleep } from './abortableSleep';
import { ChatProviderError, type ChatProvider, type ChatRequest, type ChatResponse } from './chatProvider';

export interface RetryPolicy {
  /** Every attempt counts, the first included. Default 5. */
  maxAttempts: number;
  /** Backoff before attempt n+1 is about `baseDelayMs * 2^(n-1)`, jittered down by up to half. Default 1000. */
  baseDelayMs: number;
  /** Cap on the computed backoff. Default 30 s. */
  maxDelayMs: number;
  /** A provider asking for a longer wait than this is not retried: the error goes up at once. Default 120 s. */
  maxWaitMs: number;
  /** In [0, 1); injectable for tests. */
  random: () => number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 5,
  baseDelayMs: 1000,
  maxDelayMs: 30_000,
  maxWaitMs: 120_000,
  random: Math.random,
};

/**
 * The one retry policy for model calls: a retryable `ChatProviderError` (429, 5xx, network, timeout, a
 * cut-off answer) is tried again after exponential backoff with jitter, or after the provider's
 * `Retry-After` / `x-ratelimit-reset-*` when that is longer. Anything else (4xx, a rejected key, the
 * budget, a cancel) goes up at once. Every failure is an `llm:error` event saying whether and when it is
 * retried; sleeps end at once on cancel.
 */
export class RetryingProvider implements ChatProvider {
  readonly description: string;
  private readonly policy: RetryPolicy;

  constructor(
    private readonly inner: ChatProvider,
    private readonly observer: { events: SwarmEvents; runId: string },
    policy: Partial<RetryPolicy> = {},
  ) {
    this.description = inner.description;
    this.policy = { ...DEFAULT_RETRY_POLICY, ...policy };
  }

  async complete(request: ChatRequest): Promise<ChatResponse> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.inner.complete(request);
      } catch (error) {
        const retryInMs = this.retryDelay(error, attempt);
        if (error instanceof ChatProviderError) {
          this.observer.events.emit('llm:error', {
            runId: this.observer.runId,
            taskId: request.context?.taskId,
            agent: request.context?.agent,
            model: request.model,
            status: error.status,
            message: errorMessage(error),
            willRetry: retryInMs !== undefined,
            ...(retryInMs !== undefined ? { retryInMs } : {}),
          });
        }
        if (retryInMs === undefined) throw error;
        await abortableSleep(retryInMs, request.signal);
      }
    }
  }

  verify(signal?: AbortSignal): Promise<void> {
    return this.inner.verify ? this.inner.verify(signal) : Promise.resolve();
  }

  /** The wait before the next attempt, or undefined when there is none. */
  private retryDelay(error: unknown, attempt: number): number | undefined {
    if (!(error instanceof ChatProviderError) || !error.retryable || attempt >= this.policy.maxAttempts) return undefined;
    const exponential = Math.min(this.policy.maxDelayMs, this.policy.baseDelayMs * 2 ** (attempt - 1));
    const backoff = Math.round(exponential * (1 - this.policy.random() / 2));
    const wait = Math.max(backoff, error.retryAfterMs ?? 0);
    return wait > this.policy.maxWaitMs ? undefined : wait;
  }
}
