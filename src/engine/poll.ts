import type { FollowOptions, FollowResult, Progress } from "./port";
import { Clock, systemClock } from "../core/clock";

/**
 * One look at an operation, as a platform reads it: a result once it has
 * ended (which ends the wait), and what it reports, passed on to the user.
 * A look with neither saw nothing yet, and the wait goes on.
 */
export interface PollStep<T> {
  readonly result?: T;
  readonly progress?: Progress;
}

/** The deadline passed first, with the last progress the operation reported. */
export type TimedOut = Extract<FollowResult, { kind: "timeout" }>;

/**
 * Looks every poll interval until a look has a result or the deadline passes.
 * Nothing else ends the wait: an operation queued behind others is normal,
 * and only the user's timeout says how long is too long. The last wait is cut
 * to the deadline, so a timeout is reported on time and never slept past.
 */
export async function pollUntilDone<T>(look: () => Promise<PollStep<T>>, options: FollowOptions, clock: Clock = systemClock): Promise<T | TimedOut> {
  let last: Progress | undefined;
  for (;;) {
    const step = await look();
    if (step.progress) {
      last = step.progress;
      options.onProgress(step.progress);
    }
    if (step.result !== undefined) return step.result;
    const left = options.deadline - clock.now();
    if (left <= 0) return { kind: "timeout", last };
    await clock.sleep(Math.min(options.pollIntervalMs, left));
  }
}
