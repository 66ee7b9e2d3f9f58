import type { SwarmEvents } from '../events';
import { ChatProviderError, type ChatProvider, type ChatRequest, type ChatResponse } from './chatProvider';
import { estimatePromptTokens } from './estimateTokens';
import type { RateLimiter } from './rateLimiter';

/** Assumed completion size when a request sets no `maxTokens`; settled against the real usage after the call. */
const COMPLETION_ESTIMATE = 1000;

/**
 * Each attempt waits its turn at the endpoint's limiter, with its token estimate settled after the answer.
 * While calls wait, the line's length goes out as `queue:depth` (queue `llm`).
 */
export class RateLimitedProvider implements ChatProvider {
  readonly description: string;

  constructor(
    private readonly inner: ChatProvider,
    private readonly limiter: RateLimiter,
    private readonly observer?: { events: SwarmEvents; runId: string },
  ) {
    this.description = inner.description;
  }

  async complete(request: ChatRequest): Promise<ChatResponse> {
    const estimate = estimatePromptTokens(request) + Math.min(request.maxTokens ?? COMPLETION_ESTIMATE, COMPLETION_ESTIMATE);
    const turn = this.limiter.acquire(estimate, request.signal);
    const waited = this.limiter.waiting > 0;
    if (waited) this.reportDepth();
    try {
      await turn;
    } finally {
      if (waited) this.reportDepth();
    }
    try {
      const response = await this.inner.complete(request);
      this.limiter.adjustTokens(estimate - (response.usage.promptTokens + response.usage.completionTokens));
      return response;
    } catch (error) {
      if (error instanceof ChatProviderError && error.status === 429 && error.retryAfterMs) this.limiter.holdFor(error.retryAfterMs);
      throw error;
    }
  }

  private reportDepth(): void {
    this.observer?.events.emit('queue:depth', { runId: this.observer.runId, queue: 'llm', depth: this.limiter.waiting });
  }

  verify(signal?: AbortSignal): Promise<void> {
    return this.inner.verify ? this.inner.verify(signal) : Promise.resolve();
  }
}
