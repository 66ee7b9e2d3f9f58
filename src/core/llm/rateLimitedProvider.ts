import { ChatProviderError, type ChatProvider, type ChatRequest, type ChatResponse } from './chatProvider';
import { estimatePromptTokens } from './estimateTokens';
import type { RateLimiter } from './rateLimiter';

/** Assumed completion size when a request sets no `maxTokens`; settled against the real usage after the call. */
const COMPLETION_ESTIMATE = 1000;

/** Each attempt waits its turn at the endpoint's limiter, with its token estimate settled after the answer. */
export class RateLimitedProvider implements ChatProvider {
  readonly description: string;

  constructor(
    private readonly inner: ChatProvider,
    private readonly limiter: RateLimiter,
  ) {
    this.description = inner.description;
  }

  async complete(request: ChatRequest): Promise<ChatResponse> {
    const estimate = estimatePromptTokens(request) + Math.min(request.maxTokens ?? COMPLETION_ESTIMATE, COMPLETION_ESTIMATE);
    await this.limiter.acquire(estimate, request.signal);
    try {
      const response = await this.inner.complete(request);
      this.limiter.adjustTokens(estimate - (response.usage.promptTokens + response.usage.completionTokens));
      return response;
    } catch (error) {
      if (error instanceof ChatProviderError && error.status === 429 && error.retryAfterMs) this.limiter.holdFor(error.retryAfterMs);
      throw error;
    }
  }

  verify(signal?: AbortSignal): Promise<void> {
    return this.inner.verify ? this.inner.verify(signal) : Promise.resolve();
  }
}
