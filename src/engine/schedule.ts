/**
 * When to look at a running upgrade next. An upgrade's length is unknown, so
 * the wait grows with the time already spent (about a tenth of it): a short
 * upgrade is noticed within a second or two, a long one is noticed at most a
 * tenth of its length (and never more than the ceiling) late, and a 30-minute
 * upgrade costs under a hundred status reads instead of one every few seconds.
 */
export interface FollowSchedule {
  /** The shortest wait, and the wait before the first look after the submit. */
  readonly minMs: number;
  /** The longest wait: how late completion can be noticed at worst. */
  readonly maxMs: number;
}

export const DEFAULT_SCHEDULE: FollowSchedule = { minMs: 1_000, maxMs: 30_000 };
/** Below this a handler would spend requests faster than any control plane moves. */
export const SCHEDULE_FLOOR_MS = 100;

const GROWTH = 0.1;
/**
 * Waits are shortened by up to this share, at random, so parallel handlers
 * that submitted together drift apart instead of reading in lockstep. Only
 * shortened: lengthening would make completion noticed later than promised.
 */
const JITTER = 0.03;

/** The wait after a look made `elapsedMs` after the upgrade was submitted; `random` in [0, 1). */
export function nextWait(elapsedMs: number, schedule: FollowSchedule, random: number): number {
  const grown = Math.min(schedule.maxMs, Math.max(0, elapsedMs) * GROWTH);
  return Math.round(Math.max(schedule.minMs, grown * (1 - JITTER * random)));
}
