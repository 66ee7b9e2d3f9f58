import assert from 'node:assert/strict';
import { SwarmCancelledError } from '../../../src/core/errors';
import { RateLimiter } from '../../../src/core/llm/rateLimiter';
import { sharedRateLimiter } from '../../../src/core/llm/rateLimiterRegistry';
import { TokenBucket } from '../../../src/core/llm/tokenBucket';
import { ManualClock, settle } from '../../fixtures/llm/manualClock';

describe('rate limiter (token buckets, fair queue, manual clock)', () => {
  let clock: ManualClock;
  beforeEach(() => {
    clock = new ManualClock();
  });

  /** Starts `count` acquisitions and records the clock time each is granted. */
  function start(limiter: RateLimiter, count: number, tokens = 1, signal?: AbortSignal) {
    const granted: { index: number; at: number }[] = [];
    const done = Array.from({ length: count }, (_, index) =>
      limiter.acquire(tokens, signal).then(() => {
        granted.push({ index, at: clock.now() });
      }),
    );
    return { granted, done };
  }

  it('lets a burst through at once, then paces requests at the configured rate', async () => {
    // 60/min = one a second, a two-second burst.
    const limiter = new RateLimiter({ requestsPerMinute: 60, tokensPerMinute: 1_000_000 }, { clock, burstMs: 2000 });
    const { granted } = start(limiter, 7);
    await settle();
    assert.equal(granted.length, 2, 'the burst');
    await clock.advance(999);
    assert.equal(granted.length, 2);
    await clock.advance(1);
    assert.equal(granted.length, 3);
    await clock.advance(4000);
    assert.equal(granted.length, 7);
    assert.deepEqual(
      granted.map((g) => g.at),
      [0, 0, 1000, 2000, 3000, 4000, 5000],
    );
  });

  it('holds the rate over a long run: the count in any minute stays within the burst of the limit', async () => {
    const limiter = new RateLimiter({ requestsPerMinute: 600, tokensPerMinute: 10_000_000 }, { clock });
    const { granted } = start(limiter, 2000);
    await clock.advance(120_000);
    const inMinute = (from: number) => granted.filter((g) => g.at >= from && g.at < from + 60_000).length;
    for (const from of [0, 30_000, 60_000]) {
      const count = inMinute(from);
      assert.ok(count >= 600 && count <= 600 * 1.05, `${count} grants in the minute from ${from} ms`);
    }
  });

  it('serves 64 concurrent callers strictly in arrival order: none starves', async () => {
    const limiter = new RateLimiter({ requestsPerMinute: 600, tokensPerMinute: 1_000_000 }, { clock, burstMs: 100 });
    const { granted, done } = start(limiter, 64);
    await clock.advance(64 * 100);
    await Promise.all(done);
    assert.deepEqual(
      granted.map((g) => g.index),
      Array.from({ length: 64 }, (_, i) => i),
    );
    const last = granted[63]!.at;
    assert.ok(last <= 63 * 100, `the last caller waited ${last} ms, longer than its place in line allows`);
  });

  it('a large request does not let smaller later ones overtake it', async () => {
    // 6000 tokens/min = 100 a second, 200 a two-second burst.
    const limiter = new RateLimiter({ requestsPerMinute: 10_000, tokensPerMinute: 6000 }, { clock });
    const order: string[] = [];
    const big = limiter.acquire(150).then(() => order.push('big-1'));
    const bigger = limiter.acquire(500).then(() => order.push('big-2'));
    const small = limiter.acquire(1).then(() => order.push('small'));
    await settle();
    assert.deepEqual(order, ['big-1']);
    await clock.advance(1499);
    assert.deepEqual(order, ['big-1'], 'the 500-token request waits for a full bucket (its demand capped at the capacity, 200)');
    await clock.advance(1);
    assert.deepEqual(order, ['big-1', 'big-2']);
    // big-2 left a debt of 300 tokens: 3 s before even one token is there.
    await clock.advance(3000);
    assert.deepEqual(order, ['big-1', 'big-2']);
    await clock.advance(10);
    await Promise.all([big, bigger, small]);
    assert.deepEqual(order, ['big-1', 'big-2', 'small']);
  });

  it('charges the real token use after the fact and gives back an overestimate', async () => {
    const limiter = new RateLimiter({ requestsPerMinute: 10_000, tokensPerMinute: 6000 }, { clock });
    await limiter.acquire(200);
    let next = false;
    void limiter.acquire(100).then(() => (next = true));
    await settle();
    assert.equal(next, false);
    limiter.adjustTokens(150);
    await settle();
    assert.equal(next, true, 'the refund let the next caller through without waiting');
  });

  it('removes an aborted caller from the line, and the next one moves up', async () => {
    const limiter = new RateLimiter({ requestsPerMinute: 60, tokensPerMinute: 1_000_000 }, { clock, burstMs: 1000 });
    await limiter.acquire(1);
    const controller = new AbortController();
    const aborted = limiter.acquire(1, controller.signal);
    let second = false;
    void limiter.acquire(1).then(() => (second = true));
    controller.abort();
    await assert.rejects(aborted, SwarmCancelledError);
    assert.equal(limiter.waiting, 1);
    await clock.advance(1000);
    assert.equal(second, true);
  });

  it('holds everyone while the endpoint asked to wait', async () => {
    const limiter = new RateLimiter({ requestsPerMinute: 6000, tokensPerMinute: 1_000_000 }, { clock });
    limiter.holdFor(5000);
    let granted = false;
    void limiter.acquire(1).then(() => (granted = true));
    await clock.advance(4999);
    assert.equal(granted, false);
    await clock.advance(1);
    assert.equal(granted, true);
  });

  it('is shared per endpoint and workspace across runs in the process', () => {
    const a = sharedRateLimiter('http://127.0.0.1:1/v1/', '/tmp/ws-a', { requestsPerMinute: 60, tokensPerMinute: 1000 });
    const again = sharedRateLimiter('http://127.0.0.1:1/v1', '/tmp/ws-a/', { requestsPerMinute: 120, tokensPerMinute: 1000 });
    const other = sharedRateLimiter('http://127.0.0.1:1/v1', '/tmp/ws-b', { requestsPerMinute: 60, tokensPerMinute: 1000 });
    assert.equal(a, again);
    assert.notEqual(a, other);
    assert.equal(a.limits.requestsPerMinute, 120, 'a later run with other limits reconfigures the shared limiter');
  });
});

describe('token bucket', () => {
  it('refills continuously up to its capacity and lets a demand above the capacity through from a full bucket', () => {
    const bucket = new TokenBucket(600, 1000, 0); // 10 a second, capacity 10
    assert.equal(bucket.capacity, 10);
    assert.equal(bucket.waitFor(10, 0), 0);
    bucket.take(25, 0);
    assert.equal(bucket.waitFor(1, 0), 1600, 'the debt of 15 is repaid first');
    assert.equal(bucket.waitFor(10, 10_000), 0);
    assert.equal(bucket.waitFor(11, 10_000), 0, 'capped at the capacity');
  });
});
