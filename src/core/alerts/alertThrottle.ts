/**
 * Decides whether an alert goes out: the same dedup key is sent once per `dedupWindowMs`, and at
 * most `maxPerMinute` alerts go out in any 60 seconds (a failure storm must not flood a channel).
 */
export class AlertThrottle {
  private readonly lastSent = new Map<string, number>();
  private sentTimes: number[] = [];

  constructor(
    private readonly dedupWindowMs: number,
    private readonly maxPerMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** `send`, or why not; a `send` verdict is recorded as sent. */
  admit(dedupKey: string): 'send' | 'duplicate' | 'rate-limited' {
    const at = this.now();
    const last = this.lastSent.get(dedupKey);
    if (last !== undefined && at - last < this.dedupWindowMs) return 'duplicate';
    this.sentTimes = this.sentTimes.filter((t) => at - t < 60_000);
    if (this.sentTimes.length >= this.maxPerMinute) return 'rate-limited';
    this.sentTimes.push(at);
    this.lastSent.set(dedupKey, at);
    return 'send';
  }
}
