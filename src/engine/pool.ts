import { Clock, systemClock } from "../core/clock";

/** How hard a plan may press on one control plane. */
export interface Bounds {
  /** Tasks in flight at once. */
  readonly concurrency: number;
  /** Least time between two task starts, to keep under a request budget. */
  readonly minIntervalMs: number;
}

/**
 * Runs `task` on every item within `bounds` and returns the results in the
 * order of `items`. A task that throws rejects the whole run: callers turn
 * expected failures into results first.
 */
export async function runBounded<T, R>(
  items: readonly T[],
  bounds: Bounds,
  task: (item: T) => Promise<R>,
  clock: Pick<Clock, "now" | "sleep"> = systemClock,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let nextStartAt = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      // Reserve a start slot before waiting, so workers queue up instead of all waking at once.
      const startAt = Math.max(clock.now(), nextStartAt);
      nextStartAt = startAt + bounds.minIntervalMs;
      if (startAt > clock.now()) await clock.sleep(startAt - clock.now());
      results[index] = await task(items[index]);
    }
  };
  const workers = Math.max(1, Math.min(bounds.concurrency, items.length));
  await Promise.all(Array.from({ length: workers }, worker));
  return results;
}
