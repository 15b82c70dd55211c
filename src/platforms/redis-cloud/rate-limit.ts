import { Pacer } from "../http";
import { Clock } from "../../core/clock";
import { Deadline, NO_DEADLINE } from "../../core/deadline";
import { UserFacingError } from "../../core/errors";
import { Logger } from "../../core/log";
import { CLOUD_REQUESTS_PER_MINUTE } from "../../spec";
import { WindowLog } from "../window-log";

export const CLOUD_BUDGET_ENV = "REDISCLOUD_REQUESTS_PER_MINUTE";
/** A quarter of the account's limit: the official provider, scripts and people share the rest. */
export const DEFAULT_CLOUD_BUDGET = CLOUD_REQUESTS_PER_MINUTE / 4;

const RATE_LIMIT_REMAINING_HEADER = "x-rate-limit-remaining";
const TOO_MANY_REQUESTS = 429;
/** Spreads the processes that waited for the same slot, so they do not all ask again at the same instant. */
const JITTER_MS = 250;

/** Jitter needs randomness beside the time, so tests can fix both. */
export interface PacerClock extends Clock {
  readonly random: () => number;
}

/**
 * Keeps every handler and plan on this machine that uses one Redis Cloud
 * account within `limit` requests in any sliding minute, together: Terraform
 * runs several handlers at once, and the account's limit is shared with
 * whatever else the team runs. Each request is written to the account's
 * window log (src/platforms/window-log.ts) before it is sent. The server
 * knows of clients we cannot see: a 429 halves the ceiling for a minute, and
 * an X-Rate-Limit-Remaining below what we would still spend lowers it to half
 * of what remains. Waiting for the budget counts against the run's deadline.
 */
export class SharedCloudBudget implements Pacer {
  private announced = false;

  constructor(
    private readonly window: WindowLog,
    private readonly clock: PacerClock,
    private readonly log: Logger,
    private readonly limit = DEFAULT_CLOUD_BUDGET,
  ) {}

  async beforeAttempt(deadline: Deadline = NO_DEADLINE): Promise<void> {
    for (;;) {
      const wait = this.window.take(this.limit, this.clock.now());
      if (wait === 0) return;
      if (!this.announced) {
        this.log.info(`Redis Cloud API: ${this.limit} requests a minute are spent on this machine (${CLOUD_BUDGET_ENV}); waiting ${(wait / 1000).toFixed(1)}s for the budget`);
        this.announced = true;
      }
      const jittered = wait + Math.round(this.clock.random() * JITTER_MS);
      await deadline.sleep(jittered, "the Redis Cloud request budget of this machine", this.clock.sleep);
    }
  }

  afterAnswer(headers: Readonly<Record<string, string | undefined>>, status?: number): void {
    const now = this.clock.now();
    this.window.answered(now);
    if (status === TOO_MANY_REQUESTS) {
      this.window.lower(now, (inWindow) => Math.floor(inWindow / 2));
      return;
    }
    const remaining = headers[RATE_LIMIT_REMAINING_HEADER]?.trim();
    if (!remaining || !/^\d+$/.test(remaining)) return;
    const left = Number(remaining);
    this.window.lower(now, (inWindow) => (inWindow + left < this.limit ? inWindow + Math.floor(left / 2) : this.limit));
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
