/**
 * A bucket refilled continuously at `perMinute / 60 000` a millisecond up to `capacity`. `take` may
 * drive the level below zero (a debt repaid by the refill), so a single demand larger than the
 * capacity still passes once the bucket is full, and the long-run rate holds anyway.
 */
export class TokenBucket {
  private level: number;
  private last: number;
  private ratePerMs: number;
  private capacityValue: number;

  constructor(perMinute: number, burstMs: number, now: number) {
    this.ratePerMs = perMinute / 60_000;
    this.capacityValue = Math.max(1, perMinute * (burstMs / 60_000));
    this.level = this.capacityValue;
    this.last = now;
  }

  get capacity(): number {
    return this.capacityValue;
  }

  reconfigure(perMinute: number, burstMs: number, now: number): void {
    this.refill(now);
    this.ratePerMs = perMinute / 60_000;
    this.capacityValue = Math.max(1, perMinute * (burstMs / 60_000));
    this.level = Math.min(this.level, this.capacityValue);
  }

  /** Milliseconds until `amount` (capped at the capacity) is available; 0 when it is now. */
  waitFor(amount: number, now: number): number {
    this.refill(now);
    const needed = Math.min(amount, this.capacityValue);
    return this.level >= needed ? 0 : Math.ceil((needed - this.level) / this.ratePerMs);
  }

  take(amount: number, now: number): void {
    this.refill(now);
    this.level -= amount;
  }

  /** Returns (or, when negative, charges) an amount after the fact, e.g. actual tokens against the estimate. */
  adjust(amount: number, now: number): void {
    this.refill(now);
    this.level = Math.min(this.capacityValue, this.level + amount);
  }

  private refill(now: number): void {
    if (now > this.last) {
      this.level = Math.min(this.capacityValue, this.level + (now - this.last) * this.ratePerMs);
      this.last = now;
    }
  }
}
