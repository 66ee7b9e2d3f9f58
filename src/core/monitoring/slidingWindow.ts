/**
 * Outcomes (good or bad) over the last `windowMs` milliseconds. A ring of timestamps pruned from the
 * front, so recording is O(1) amortised however long the run.
 */
export class SlidingWindow {
  private times: number[] = [];
  private bad: boolean[] = [];
  private head = 0;
  private badCount = 0;

  constructor(
    readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  record(ok: boolean, at = this.now()): void {
    this.prune(at);
    this.times.push(at);
    this.bad.push(!ok);
    if (!ok) this.badCount++;
  }

  /** Outcomes still inside the window. */
  counts(at = this.now()): { total: number; bad: number } {
    this.prune(at);
    return { total: this.times.length - this.head, bad: this.badCount };
  }

  /** Share of bad outcomes in the window, or undefined when it is empty. */
  badRatio(at = this.now()): number | undefined {
    const { total, bad } = this.counts(at);
    return total === 0 ? undefined : bad / total;
  }

  private prune(at: number): void {
    const oldest = at - this.windowMs;
    while (this.head < this.times.length && this.times[this.head] <= oldest) {
      if (this.bad[this.head]) this.badCount--;
      this.head++;
    }
    // Compact once the dead prefix dominates, keeping the arrays from growing without bound.
    if (this.head > 1024 && this.head * 2 > this.times.length) {
      this.times = this.times.slice(this.head);
      this.bad = this.bad.slice(this.head);
      this.head = 0;
    }
  }
}
