import * as path from 'node:path';
import type { SwarmConfig } from '../config/schema';
import type { SwarmEvents } from '../events';
import { BudgetGuardProvider } from './budgetGuardProvider';
import { CachingProvider, type CacheStats } from './cachingProvider';
import type { ChatProvider, ChatRequest, ChatResponse } from './chatProvider';
import { CostMeter } from './costMeter';
import { MeteredProvider } from './meteredProvider';
import { OpenAiCompatibleProvider } from './openAiCompatibleProvider';
import { RateLimitedProvider } from './rateLimitedProvider';
import type { RateLimiter, RateLimiterOptions, RateLimits } from './rateLimiter';
import { sharedRateLimiter } from './rateLimiterRegistry';
import { ResponseCache } from './responseCache';
import { RetryingProvider, type RetryPolicy } from './retryingProvider';

export interface CreateChatProviderOptions {
  config: SwarmConfig;
  workspace: string;
  /** One key, or several for rotation on 401. Never written anywhere. */
  apiKeys: readonly string[];
  events: SwarmEvents;
  runId: string;
  /** The run's cancel: aborts every call and every wait in the chain. */
  signal?: AbortSignal;
  /** A ready provider to wrap (VS Code's language models, the demo model); default: OpenAI-compatible at `config.baseUrl`. */
  base?: ChatProvider;
  /** Extra request headers for the OpenAI-compatible provider. */
  headers?: Record<string, string>;
  /** Per call, streaming included. Default 120 s. */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** Default `config.rateLimit`; `'off'` for a server with nothing to protect (the demo's in-process model). */
  rateLimit?: RateLimits | 'off';
  rateLimiter?: RateLimiterOptions;
  /** Default: the `.swarm/cache/` of the workspace. */
  cacheDirectory?: string;
  /** What earlier sessions of a resumed run spent, for the budget. */
  spentBeforeUsd?: number;
}

/** The provider an engine run uses, with what it counted. */
export interface SwarmChatProvider extends ChatProvider {
  readonly meter: CostMeter;
  readonly cacheStats: CacheStats;
  /** The shared limiter of this endpoint and workspace, unless pacing is off. */
  readonly rateLimiter: RateLimiter | undefined;
  verify(signal?: AbortSignal): Promise<void>;
}

/**
 * Builds the model access of one run, outermost first:
 * metering (`llm:call`, tokens, cost) → cache (a hit costs nothing and waits for nothing) → budget →
 * retries (`llm:error`) → rate limiter (each attempt waits its turn) → the provider itself.
 * Throws SwarmInputError when no key is configured for a remote endpoint.
 */
export function createChatProvider(options: CreateChatProviderOptions): SwarmChatProvider {
  const { config, events, runId } = options;
  const base =
    options.base ??
    new OpenAiCompatibleProvider({ baseUrl: config.baseUrl, apiKeys: options.apiKeys, headers: options.headers, timeoutMs: options.timeoutMs });
  const meter = new CostMeter({ pricing: config.pricing, maxCostUsd: config.budget.maxCostUsd, events, spentBeforeUsd: options.spentBeforeUsd });

  let chain: ChatProvider = base;
  let rateLimiter: RateLimiter | undefined;
  const limits = options.rateLimit ?? config.rateLimit;
  if (limits !== 'off') {
    const endpoint = options.base ? options.base.description : config.baseUrl;
    rateLimiter = sharedRateLimiter(endpoint, options.workspace, limits, options.rateLimiter);
    chain = new RateLimitedProvider(chain, rateLimiter, { events, runId });
  }
  chain = new RetryingProvider(chain, { events, runId }, options.retry);
  chain = new BudgetGuardProvider(chain, meter);
  let caching: CachingProvider | undefined;
  if (config.cache.enabled) {
    const directory = options.cacheDirectory ?? path.join(options.workspace, '.swarm', 'cache');
    chain = caching = new CachingProvider(chain, new ResponseCache(directory, options.apiKeys), events);
  }
  chain = new MeteredProvider(chain, meter, { events, runId });
  return new ChatProviderChain(chain, meter, caching, rateLimiter, options.signal);
}

class ChatProviderChain implements SwarmChatProvider {
  readonly description: string;

  constructor(
    private readonly head: ChatProvider,
    readonly meter: CostMeter,
    private readonly caching: CachingProvider | undefined,
    readonly rateLimiter: RateLimiter | undefined,
    private readonly runSignal: AbortSignal | undefined,
  ) {
    this.description = head.description;
  }

  get cacheStats(): CacheStats {
    return { ...(this.caching?.stats ?? { hits: 0, misses: 0 }) };
  }

  async complete(request: ChatRequest): Promise<ChatResponse> {
    const joined = joinSignals(request.signal, this.runSignal);
    try {
      return await this.head.complete({ ...request, signal: joined.signal });
    } finally {
      joined.release();
    }
  }

  async verify(signal?: AbortSignal): Promise<void> {
    if (!this.head.verify) return;
    const joined = joinSignals(signal, this.runSignal);
    try {
      await this.head.verify(joined.signal);
    } finally {
      joined.release();
    }
  }
}

/**
 * One signal that aborts when either does. Unlike `AbortSignal.any`, the listeners on the long-lived
 * run signal are removed as soon as the call is over, so thousands of calls leave nothing behind.
 */
function joinSignals(a: AbortSignal | undefined, b: AbortSignal | undefined): { signal: AbortSignal | undefined; release(): void } {
  if (!a || !b) return { signal: a ?? b, release: () => undefined };
  const controller = new AbortController();
  const abort = () => controller.abort();
  if (a.aborted || b.aborted) controller.abort();
  a.addEventListener('abort', abort, { once: true });
  b.addEventListener('abort', abort, { once: true });
  return {
    signal: controller.signal,
    release: () => {
      a.removeEventListener('abort', abort);
      b.removeEventListener('abort', abort);
    },
  };
}
