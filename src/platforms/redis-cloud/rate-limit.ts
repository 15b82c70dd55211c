import { Pacer } from "../http";
import { Clock } from "../../core/clock";
import { Deadline, NO_DEADLINE } from "../../core/deadline";
import { Logger } from "../../core/log";
import { CLOUD_REQUESTS_PER_MINUTE } from "../../spec";

const RATE_LIMIT_REMAINING_HEADER = "x-rate-limit-remaining";
const WINDOW_MS = 60_000;

/** Jitter needs randomness beside the time, so tests can fix both. */
export interface PacerClock extends Clock {
  readonly random: () => number;
}

/**
 * Counts requests in one-minute windows and holds the next one back when the
 * budget is spent, instead of spending it on 429s. The account key is shared
 * (Terraform runs several handlers at once, CI and people use it too), so
 * every answer's X-Rate-Limit-Remaining resets the count to what the server
 * saw. The server's window may not line up with ours: a 429 can still come,
 * and HttpClient retries it.
 */
export class FixedWindowPacer implements Pacer {
  private windowStart: number | undefined;
  private used = 0;

  constructor(
    private readonly clock: PacerClock,
    private readonly log: Logger,
    private readonly limit = CLOUD_REQUESTS_PER_MINUTE,
  ) {}

  async beforeAttempt(deadline: Deadline = NO_DEADLINE): Promise<void> {
    this.roll();
    if (this.used >= this.limit) {
      // Jitter so parallel handlers sharing the key do not all return at the same instant.
      const wait = (this.windowStart ?? this.clock.now()) + WINDOW_MS - this.clock.now() + Math.round(this.clock.random() * 1000);
      this.log.info(`Redis Cloud API: the ${this.limit} requests of this minute are used; waiting ${(wait / 1000).toFixed(1)}s`);
      await deadline.sleep(Math.max(0, wait), "the next minute's Redis Cloud request budget", this.clock.sleep);
      this.roll();
    }
    this.used++;
  }

  afterAnswer(headers: Readonly<Record<string, string | undefined>>): void {
    const remaining = headers[RATE_LIMIT_REMAINING_HEADER]?.trim();
    if (remaining && /^\d+$/.test(remaining)) this.used = Math.max(0, this.limit - Number(remaining));
  }

  private roll(): void {
    const now = this.clock.now();
    if (this.windowStart === undefined || now >= this.windowStart + WINDOW_MS) {
      this.windowStart = now;
      this.used = 0;
    }
  }
}
