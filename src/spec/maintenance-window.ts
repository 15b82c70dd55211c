import * as z from "zod";

export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time of day "HH:MM" on a 24-hour clock, such as "02:30"');

/** Accepted when this Node's ICU knows the zone, which is the one the handler computes with. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * When an upgrade may start, on the wall clock of `timeZone`: from `start` to
 * `end` on each of `days` (the day it opens). An `end` at or before `start`
 * closes the next day, so "22:00"–"02:00" crosses midnight.
 */
export const maintenanceWindowSchema = z
  .strictObject({
    /** The days the window opens on. @default every day */
    days: z.array(z.enum(WEEKDAYS, { error: `must be one of ${WEEKDAYS.join(", ")}` })).min(1, "must list at least one day, or be left out for every day").optional(),
    start: clockTime,
    end: clockTime,
    /** An IANA time zone, such as "Europe/Paris". @default "UTC" */
    timeZone: z
      .string()
      .refine(isTimeZone, { error: (issue) => `${JSON.stringify(issue.input)} is not an IANA time zone, such as "Europe/Paris" or "UTC"` })
      .default("UTC"),
  })
  .refine((window) => window.start !== window.end, { path: ["end"], error: "must differ from start: a window that never closes is no window" });
export type MaintenanceWindow = z.infer<typeof maintenanceWindowSchema>;

export const maintenanceWindowsSchema = z.array(maintenanceWindowSchema).min(1, "must list at least one window, or be left out to allow any time");
