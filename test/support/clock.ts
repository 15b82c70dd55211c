import { Clock } from "../../src/core/clock";

/** A clock whose time passes only when the code under test sleeps: every wait is recorded and takes no real time. */
export interface VirtualClock extends Clock {
  /** Every sleep asked for, in order. */
  readonly slept: number[];
  /** Moves time on without a sleep (as if work took that long). */
  advance(ms: number): void;
}

/**
 * Time that passes only when the code sleeps. Per-attempt timeouts abort
 * when virtual time passes them (or, at the latest, after as long in real
 * time); where a deadline must pass while a server stalls, use scaledClock,
 * whose time also moves on its own.
 */
export function virtualClock(start = Date.parse("2026-11-01T09:00:00Z"), random = () => 0): VirtualClock {
  let now = start;
  const timers: { at: number; abort: () => void }[] = [];
  const advance = (ms: number) => {
    now += ms;
    for (const timer of timers.filter((entry) => entry.at <= now)) {
      timers.splice(timers.indexOf(timer), 1);
      timer.abort();
    }
  };
  const slept: number[] = [];
  return {
    slept,
    advance,
    now: () => now,
    random,
    sleep: async (ms) => {
      slept.push(ms);
      advance(ms);
    },
    // At the latest `ms` of real time too, so a server that stalls while no one sleeps cannot hang a test.
    timeout: (ms) => {
      const controller = new AbortController();
      timers.push({ at: now + ms, abort: () => controller.abort(new DOMException("The operation timed out.", "TimeoutError")) });
      return AbortSignal.any([controller.signal, AbortSignal.timeout(ms)]);
    },
  };
}

/**
 * Real time, sped up `factor` times: `now` runs `factor`× as fast as the wall
 * clock (from `start`), and sleeps and per-attempt timeouts last 1/factor of
 * what they ask. Works with real sockets and servers that stall: a 30-second
 * request timeout against a silent server takes 30/factor real seconds. Use it
 * too where waits overlap or wait on each other (several pins reading, a lock
 * held by real work): on a virtual clock each such sleep moves time on by
 * itself, so overlapping waits add up and a lock wait can run past a deadline.
 */
export function scaledClock(factor: number, start = Date.now()): Clock & { readonly slept: number[] } {
  const realStart = Date.now();
  const real = (ms: number) => Math.max(0, ms / factor);
  const slept: number[] = [];
  return {
    slept,
    now: () => start + (Date.now() - realStart) * factor,
    random: Math.random,
    sleep: (ms) => {
      slept.push(ms);
      return new Promise((resolve) => setTimeout(resolve, real(ms)));
    },
    timeout: (ms) => AbortSignal.timeout(Math.max(1, Math.round(real(ms)))),
  };
}
