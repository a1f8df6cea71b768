/** A client's pace: a burst, then a steady number of requests a second (a token bucket). */
export class RateBudget {
  private allowance: number;
  private last = performance.now();

  constructor(
    private readonly burst: number,
    readonly perSecond: number,
  ) {
    this.allowance = burst;
  }

  /** Spends one request; false when the client is over its pace. */
  take(): boolean {
    const now = performance.now();
    this.allowance = Math.min(this.burst, this.allowance + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
    if (this.allowance < 1) return false;
    this.allowance -= 1;
    return true;
  }
}

/** A paired client's pace, on either transport (a panel sends a few requests a second). */
export const pairedBudget = (): RateBudget => new RateBudget(100, 50);
