import { Clock } from "./clock";
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
 * run. Time left is read from the run's clock at each use, so a wait that
 * would cross it fails at once instead of starting.
 */
export class Deadline {
  constructor(
    /** Epoch milliseconds on `clock`. */
    readonly at: number,
    readonly terms: DeadlineTerms,
    private readonly clock: Clock,
    /** How long the run was given, for messages ("timed out after 30 minutes"). */
    readonly spanMs: number = Math.max(0, at - clock.now()),
  ) {}

  static after(ms: number, terms: DeadlineTerms, clock: Clock): Deadline {
    return new Deadline(clock.now() + ms, terms, clock, ms);
  }

  remaining(): number {
    return Math.max(0, this.at - this.clock.now());
  }

  /** Throws when no time is left for `what` (a request, a wait). */
  check(what: string): void {
    if (this.remaining() <= 0) throw this.expired(what);
  }

  /** Throws, without waiting, when a wait of `ms` for `what` would end past the deadline. */
  ensureRoom(ms: number, what: string): void {
    if (ms >= this.remaining()) throw this.expired(what, ms);
  }

  /** Sleeps `ms` on the run's clock if that ends before the deadline; fails at once otherwise. */
  async sleep(ms: number, what: string): Promise<void> {
    this.ensureRoom(ms, what);
    await this.clock.sleep(ms);
  }

  /** Sleeps `ms`, or until the deadline if that comes first; true when time is left afterwards. */
  async sleepWithin(ms: number): Promise<boolean> {
    const pause = Math.min(ms, this.remaining());
    if (pause > 0) await this.clock.sleep(pause);
    return this.remaining() > 0;
  }

  /** Aborts after `capMs` or at the deadline, whichever comes first, on the run's clock. */
  signal(capMs: number): AbortSignal {
    return this.clock.timeout(Math.max(1, Math.min(capMs, this.remaining())));
  }

  /** "30 minutes", "90s": the span as the setting that gave it reads. */
  describeSpan(): string {
    return this.spanMs % 60_000 === 0 ? `${this.spanMs / 60_000} minutes` : `${Math.round(this.spanMs / 1000)}s`;
  }

  expired(what: string, wouldWaitMs?: number): DeadlineError {
    return new DeadlineError(what, this.terms, wouldWaitMs);
  }
}
