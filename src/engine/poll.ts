import type { FollowOptions, FollowResult, Progress } from "./port";
import { Clock, systemClock } from "../core/clock";
import { DEFAULT_SCHEDULE, FollowSchedule, nextWait } from "./schedule";

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
 * Looks on the follow schedule (src/engine/schedule.ts) until a look has a
 * result or the deadline passes. The first look comes one minimum wait after
 * the start: an operation just submitted has nothing to show sooner. Nothing
 * else ends the wait: an operation queued behind others is normal, and only
 * the user's timeout says how long is too long. Every wait is cut to the
 * deadline, so a timeout is reported on time and never slept past.
 */
export async function pollUntilDone<T>(look: () => Promise<PollStep<T>>, options: FollowOptions, clock: Clock = systemClock): Promise<T | TimedOut> {
  const since = options.since ?? clock.now();
  const schedule = scheduleOf(options);
  const random = options.random ?? Math.random;
  let wait = Math.max(0, since + schedule.minMs - clock.now());
  let last: Progress | undefined;
  for (;;) {
    const pause = Math.min(wait, options.deadline - clock.now());
    if (pause > 0) await clock.sleep(pause);
    const step = await look();
    wait = nextWait(clock.now() - since, schedule, random());
    if (step.progress) {
      last = step.progress;
      options.onProgress({ ...step.progress, nextCheckInMs: wait });
    }
    if (step.result !== undefined) return step.result;
    if (options.deadline - clock.now() <= 0) return { kind: "timeout", last };
  }
}

function scheduleOf(options: FollowOptions): FollowSchedule {
  const minMs = options.pollIntervalMs;
  return { minMs, maxMs: Math.max(minMs, options.pollMaxMs ?? DEFAULT_SCHEDULE.maxMs) };
}
