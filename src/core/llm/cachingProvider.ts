import { errorMessage } from '../errors';
import type { SwarmEvents } from '../events';
import type { ChatProvider, ChatRequest, ChatResponse } from './chatProvider';
import { ResponseCache } from './responseCache';

export interface CacheStats {
  hits: number;
  misses: number;
}

/**
 * Serves an identical request (a resumed run, an unchanged retry, a repeated run) from `.swarm/cache/`
 * without calling the model, and stores every new answer. A cache that cannot be written is reported
 * as a warning, never a failed call.
 */
export class CachingProvider implements ChatProvider {
  readonly description: string;
  readonly stats: CacheStats = { hits: 0, misses: 0 };

  constructor(
    private readonly inner: ChatProvider,
    private readonly cache: ResponseCache,
    private readonly events?: SwarmEvents,
  ) {
    this.description = inner.description;
  }

  async complete(request: ChatRequest): Promise<ChatResponse> {
    const key = ResponseCache.keyOf(request);
    const hit = await this.cache.get(key);
    if (hit) {
      this.stats.hits++;
      return { ...hit, cached: true };
    }
    this.stats.misses++;
    const response = await this.inner.complete(request);
    try {
      await this.cache.put(key, request.model, response);
    } catch (error) {
      this.events?.emit('log', { level: 'warn', message: `could not write the response cache in ${this.cache.directory}: ${errorMessage(error)}` });
    }
    return { ...response, cached: false };
  }

  verify(signal?: AbortSignal): Promise<void> {
    return this.inner.verify ? this.inner.verify(signal) : Promise.resolve();
  }
}
