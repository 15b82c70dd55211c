/**
 * Time as the code sees it. One run holds one clock (src/core/run-context.ts)
 * and everything below asks it, never the wall clock: tests hand in a virtual
 * or a sped-up one, so every wait, retry and timeout of a run follows it.
 */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  sleep(ms: number): Promise<void>;
  /** In [0, 1): the jitter of retries, budget waits and the follow schedule. */
  random(): number;
  /** Aborts `ms` from now on this clock: per-attempt request timeouts follow it too. */
  timeout(ms: number): AbortSignal;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: () => Math.random(),
  timeout: (ms) => AbortSignal.timeout(ms),
};
