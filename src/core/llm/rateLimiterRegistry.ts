import * as path from 'node:path';
import { RateLimiter, type RateLimiterOptions, type RateLimits } from './rateLimiter';

const limiters = new Map<string, RateLimiter>();

/**
 * The process-wide limiter of one endpoint and workspace, so all agents of all runs in this process
 * share one allowance. A later run with other limits reconfigures it.
 */
export function sharedRateLimiter(baseUrl: string, workspace: string, limits: RateLimits, options?: RateLimiterOptions): RateLimiter {
  const key = `${baseUrl.replace(/\/+$/, '')}\u0000${path.resolve(workspace)}`;
  let limiter = limiters.get(key);
  if (!limiter) limiters.set(key, (limiter = new RateLimiter(limits, options)));
  else limiter.reconfigure(limits);
  return limiter;
}
