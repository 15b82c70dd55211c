import { FollowOptions } from "../../engine";

export interface Clock {
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
}

export type Polled<T> = { readonly kind: "done"; readonly value: T } | { readonly kind: "deadline" };

/**
 * Runs `step` every poll interval until it returns a value or the deadline
 * passes. Nothing else ends the wait: a task queued behind others in the
 * account is normal, and only the user's timeout says how long is too long.
 */
export async function pollUntil<T>(clock: Clock, options: FollowOptions, step: () => Promise<T | undefined>): Promise<Polled<T>> {
  for (;;) {
    const value = await step();
    if (value !== undefined) return { kind: "done", value };
    const left = options.deadline - clock.now();
    if (left <= 0) return { kind: "deadline" };
    await clock.sleep(Math.min(options.pollIntervalMs, left));
  }
}
