import { DeadlineError } from "./errors";

/** What a deadline stands for, so its error can say which setting ran out and what happens next. */
export interface DeadlineTerms {
  /** The setting that set it, e.g. "timeoutMinutes: 30" or "--timeout-seconds 120". */
  readonly budget: string;
  /** What the next run does about the work left undone, e.g. "the next apply reads the database again first". */
  readonly afterwards: string;
}

/**
 * One absolute point in time that bounds every request, retry and sleep of a
 * run. Time left is read from the clock at each use, so a wait that would
 * cross it fails at once instead of starting.
 */
export class Deadline {
  constructor(
    /** Epoch milliseconds. */
    readonly at: number,
    readonly terms: DeadlineTerms,
    private readonly now: () => number = Date.now,
  ) {}

  static after(ms: number, terms: DeadlineTerms, now: () => number = Date.now): Deadline {
    return new Deadline(now() + ms, terms, now);
  }

  remaining(): number {
    return Math.max(0, this.at - this.now());
  }

  /** Throws when no time is left for `what` (a request, a wait). */
  check(what: string): void {
    if (this.remaining() <= 0) throw this.expired(what);
  }

  /** Throws, without waiting, when a wait of `ms` for `what` would end past the deadline. */
  ensureRoom(ms: number, what: string): void {
    if (ms >= this.remaining()) throw this.expired(what, ms);
  }

  /** Sleeps `ms` if that ends before the deadline; fails at once otherwise. */
  async sleep(ms: number, what: string, pause: (ms: number) => Promise<void>): Promise<void> {
    this.ensureRoom(ms, what);
    await pause(ms);
  }

  /** Aborts after `capMs` or at the deadline, whichever comes first. */
  signal(capMs: number): AbortSignal {
    return AbortSignal.timeout(Math.max(1, Math.min(capMs, this.remaining())));
  }

  expired(what: string, wouldWaitMs?: number): DeadlineError {
    return new DeadlineError(what, this.terms, wouldWaitMs);
  }
}

/** For a run with no deadline of its own: only the per-request timeout bounds it. */
export const NO_DEADLINE = new Deadline(Infinity, { budget: "none", afterwards: "" });
