import * as z from "zod";

/** A year: longer is no soak but a freeze, and a typo of a few zeros should fail synth. */
export const MAX_SOAK_HOURS = 24 * 365;

/**
 * How long every pin of `upgradeAfter` must have run its own pin before this
 * one upgrades, in hours (fractions allowed: 0.5 is half an hour).
 */
export const soakHoursSchema = z
  .number({ error: "must be a number of hours, such as 48" })
  .positive("must be greater than zero: leave soakHours out to order the pins without a soak")
  .max(MAX_SOAK_HOURS, `must be at most ${MAX_SOAK_HOURS} (a year)`);

/** Where a pin sits in a RedisVersionRollout: plan groups its rows by it. */
export const rolloutMarkSchema = z.strictObject({
  /** The rollout's construct path. */
  name: z.string().min(1),
  /** The wave's name, e.g. "production". */
  wave: z.string().min(1),
  /** The wave's place in the rollout, from 1. */
  index: z.number().int().positive(),
});
export type RolloutMark = z.infer<typeof rolloutMarkSchema>;
