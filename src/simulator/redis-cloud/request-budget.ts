/** The header the official Go SDK reads to learn how many requests remain (not in the public docs). */
export const REMAINING_HEADER = "X-Rate-Limit-Remaining";
const WINDOW_MS = 60_000;

/**
 * Redis Cloud's documented limit, 400 requests a minute per account key, as
 * a fixed one-minute window: every request counts, and past the limit the
 * answer is 429 until the window turns.
 */
export class RequestBudget {
  private windowStart = -Infinity;
  private used = 0;

  constructor(
    private readonly limit: number,
    private readonly now: () => number,
  ) {}

  /** Counts one request; `allowed` is false once the minute's budget is spent. */
  take(): { allowed: boolean; remaining: number } {
    const now = this.now();
    if (now >= this.windowStart + WINDOW_MS) {
      this.windowStart = now;
      this.used = 0;
    }
    this.used++;
    return { allowed: this.used <= this.limit, remaining: Math.max(0, this.limit - this.used) };
  }
}
