import type { FollowOptions, FollowResult, Progress } from "../../engine/upgrader";
import { sleep } from "../backoff";

/** One look at an operation: still running (with what it reports), or done. */
export type PollStep =
  | { readonly kind: "running"; readonly progress: Progress }
  | { readonly kind: "done"; readonly result: FollowResult };

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = { now: Date.now, sleep };

/**
 * Reads until the operation is done or the deadline passes. The last wait is
 * cut to the deadline, so a timeout is reported on time and never slept past.
 */
export async function pollUntilDone(read: () => Promise<PollStep>, options: FollowOptions, clock: Clock = systemClock): Promise<FollowResult> {
  for (;;) {
    const step = await read();
    if (step.kind === "done") return step.result;
    options.onProgress(step.progress);
    const left = options.deadline - clock.now();
    if (left <= 0) return { kind: "timeout", last: step.progress };
    await clock.sleep(Math.min(options.pollIntervalMs, left));
  }
}
