import { Clock } from "../core/clock";
import { Interrupted } from "../core/errors";

/**
 * Where a run checks that it may still start something: the signal is
 * aborted (with an Interrupted) when the handler's parent is gone. Nothing
 * in flight is cut short: a request already sent runs to its answer.
 */
export function stopIfAsked(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason instanceof Interrupted ? signal.reason : new Interrupted(String(signal.reason));
}

/**
 * The run's clock, whose every sleep (a follow step's wait, a retry, the lock,
 * the request budget) ends at once, throwing, when the run is asked to stop:
 * one place makes every wait a stop point.
 */
export function interruptibleClock(clock: Clock, signal: AbortSignal | undefined): Clock {
  if (!signal) return clock;
  return {
    now: () => clock.now(),
    random: () => clock.random(),
    timeout: (ms) => clock.timeout(ms),
    sleep: async (ms) => {
      stopIfAsked(signal);
      let stop: () => void = () => undefined;
      const stopped = new Promise<void>((resolve) => {
        stop = resolve;
        signal.addEventListener("abort", stop, { once: true });
      });
      try {
        await Promise.race([clock.sleep(ms), stopped]);
      } finally {
        signal.removeEventListener("abort", stop);
      }
      stopIfAsked(signal);
    },
  };
}
