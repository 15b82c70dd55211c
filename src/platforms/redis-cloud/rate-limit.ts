import { Pacer } from "../http";
import { UserFacingError } from "../../core/errors";
import { RunContext } from "../../core/run-context";
import { CLOUD_REQUESTS_PER_MINUTE } from "../../spec";
import { Slot, WindowLog } from "../window-log";

export const CLOUD_BUDGET_ENV = "REDISCLOUD_REQUESTS_PER_MINUTE";
/** A quarter of the account's limit: the official provider, scripts and people share the rest. */
export const DEFAULT_CLOUD_BUDGET = CLOUD_REQUESTS_PER_MINUTE / 4;

const RATE_LIMIT_REMAINING_HEADER = "x-rate-limit-remaining";
const TOO_MANY_REQUESTS = 429;
/** Spreads the processes that waited for the same slot, so they do not all ask again at the same instant. */
const JITTER_MS = 250;
/**
 * A 429 lowers the shared ceiling to half of what the window holds, but
 * never below a quarter of the limit (25 of the default 100, about what one
 * upgrade reads in its first minute): one 429 after one request must not
 * stop the machine for a minute. The transport's own backoff (from about a
 * second, with jitter, to a minute, as the official Go client does) is what
 * answers a single 429.
 */
const FLOOR_SHARE = 0.25;

/**
 * Keeps every handler and plan on this machine that uses one Redis Cloud
 * account within `limit` requests in any sliding minute, together: Terraform
 * runs several handlers at once, and the account's limit is shared with
 * whatever else the team runs. Each request is written to the account's
 * window log (src/platforms/window-log.ts) before it is sent. The server
 * knows of clients we cannot see: a 429 halves the ceiling for a minute
 * (down to a floor), and an X-Rate-Limit-Remaining below what we would
 * still spend lowers it to half of what remains. Waiting for the budget
 * is on the run's clock and within its deadline.
 */
export class SharedCloudBudget implements Pacer {
  private announced = false;

  constructor(
    private readonly window: WindowLog,
    private readonly run: Pick<RunContext, "clock" | "deadline" | "log">,
    private readonly limit = DEFAULT_CLOUD_BUDGET,
  ) {}

  async beforeAttempt(): Promise<void> {
    const { clock, deadline } = this.run;
    for (;;) {
      const slot = await this.window.take(this.limit, clock.now());
      if (slot.waitMs === 0) return;
      this.announce(slot);
      const jittered = slot.waitMs + Math.round(clock.random() * JITTER_MS);
      await deadline.sleep(jittered, "the Redis Cloud request budget of this machine");
    }
  }

  async afterAnswer(headers: Readonly<Record<string, string | undefined>>, status?: number): Promise<void> {
    const now = this.run.clock.now();
    await this.window.answered(now);
    if (status === TOO_MANY_REQUESTS) {
      const floor = Math.max(1, Math.ceil(this.limit * FLOOR_SHARE));
      await this.window.lower(now, (inWindow) => Math.max(floor, Math.floor(inWindow / 2)));
    }
    // The server's own count, when it gives one, is the firmer word: none left means none left.
    const remaining = headers[RATE_LIMIT_REMAINING_HEADER]?.trim();
    if (!remaining || !/^\d+$/.test(remaining)) return;
    const left = Number(remaining);
    await this.window.lower(now, (inWindow) => (inWindow + left < this.limit ? inWindow + Math.floor(left / 2) : this.limit));
  }

  /** Says once why requests wait, in the terms of the ceiling in force. */
  private announce(slot: Slot): void {
    if (this.announced) return;
    this.announced = true;
    const wait = `waiting ${(slot.waitMs / 1000).toFixed(1)}s for the budget`;
    this.run.log.info(
      slot.lowered
        ? `Redis Cloud API: the server signalled its rate limit (429 or a low X-Rate-Limit-Remaining), so this machine keeps to ${slot.allowed} requests a minute for now; ${wait}`
        : `Redis Cloud API: ${slot.allowed} requests a minute are spent on this machine (${CLOUD_BUDGET_ENV}); ${wait}`,
    );
  }
}

/** The machine's budget for one account, from REDISCLOUD_REQUESTS_PER_MINUTE. */
export function cloudBudgetLimit(env: Readonly<Record<string, string | undefined>>): number {
  const text = env[CLOUD_BUDGET_ENV];
  if (text === undefined || text === "") return DEFAULT_CLOUD_BUDGET;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > CLOUD_REQUESTS_PER_MINUTE) {
    throw new UserFacingError(
      `${CLOUD_BUDGET_ENV} must be a whole number from 1 to ${CLOUD_REQUESTS_PER_MINUTE} (the account's limit), got ${JSON.stringify(text)}; ` +
        `unset it for ${DEFAULT_CLOUD_BUDGET}`,
    );
  }
  return value;
}
