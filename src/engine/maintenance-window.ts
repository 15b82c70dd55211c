import { MaintenanceWindow, Weekday, WEEKDAYS } from "../spec/maintenance-window";

/**
 * Whether an upgrade may start now, and if not, when it may. Computed on
 * each window's own wall clock through Intl, so daylight-saving changes move
 * the window with the local time, as a person reading "02:00" expects.
 * Pure: the instant is passed in.
 */

const MINUTE = 60_000;
const DAY_MINUTES = 24 * 60;
/** A weekly window opens within 8 days; the margin covers a day lost to a clock change. */
const SEARCH_MINUTES = 9 * DAY_MINUTES;
/** The coarsest step of the search; the opening is then found to the minute. */
const STEP_MINUTES = 15;

interface WallClock {
  readonly day: Weekday;
  /** Minutes since local midnight. */
  readonly minutes: number;
}

export interface Opening {
  /** Epoch milliseconds of the first minute inside a window. */
  readonly at: number;
  readonly window: MaintenanceWindow;
  /** "Tue 2026-12-01 22:00 Europe/Paris (21:00 UTC)". */
  readonly text: string;
}

export function insideAny(windows: readonly MaintenanceWindow[], now: number): boolean {
  return windows.some((window) => inside(window, now));
}

/** The first instant at or after `now` inside one of the windows; undefined only when none opens within 9 days. */
export function nextOpening(windows: readonly MaintenanceWindow[], now: number): Opening | undefined {
  const start = Math.floor(now / MINUTE) * MINUTE;
  let at = start;
  while (at - start <= SEARCH_MINUTES * MINUTE) {
    const open = windows.find((window) => inside(window, at));
    if (open) return opening(earliestInside(open, at, start), open);
    at += Math.max(1, Math.min(STEP_MINUTES, ...windows.map((window) => minutesToStart(window, at)))) * MINUTE;
  }
  return undefined;
}

/** "every day 22:00–02:00 Europe/Paris": how a plan and an error name a window. */
export function describeWindow(window: MaintenanceWindow): string {
  const days = window.days ? window.days.join(",") : "every day";
  return `${days} ${window.start}–${window.end} ${window.timeZone}`;
}

function formatInstant(at: number, timeZone: string): string {
  const parts = partsOf(at, timeZone);
  return `${parts.weekday} ${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute} ${timeZone}`;
}

function inside(window: MaintenanceWindow, at: number): boolean {
  const { day, minutes } = wallClock(at, window.timeZone);
  const start = toMinutes(window.start);
  const end = toMinutes(window.end);
  if (end > start) return opensOn(window, day) && minutes >= start && minutes < end;
  return (opensOn(window, day) && minutes >= start) || (opensOn(window, previous(day)) && minutes < end);
}

/** The search stepped past the opening by up to a step: walk back to the first minute inside. */
function earliestInside(window: MaintenanceWindow, at: number, floor: number): number {
  let first = at;
  while (first - MINUTE >= floor && inside(window, first - MINUTE)) first -= MINUTE;
  return first;
}

function opening(at: number, window: MaintenanceWindow): Opening {
  return { at, window, text: inZoneAndUtc(at, window.timeZone) };
}

/** "Tue 2026-12-01 22:00 Europe/Paris (Tue 2026-12-01 21:00 UTC)", or the UTC time alone for UTC. */
export function inZoneAndUtc(at: number, timeZone: string): string {
  const local = formatInstant(at, timeZone);
  return timeZone === "UTC" ? local : `${local} (${formatInstant(at, "UTC")})`;
}

/** Wall-clock minutes until the window's start time comes round again (a clock change can make it off by an hour). */
function minutesToStart(window: MaintenanceWindow, at: number): number {
  return (toMinutes(window.start) - wallClock(at, window.timeZone).minutes + DAY_MINUTES) % DAY_MINUTES;
}

function opensOn(window: MaintenanceWindow, day: Weekday): boolean {
  return window.days === undefined || window.days.includes(day);
}

function previous(day: Weekday): Weekday {
  return WEEKDAYS[(WEEKDAYS.indexOf(day) + WEEKDAYS.length - 1) % WEEKDAYS.length];
}

function toMinutes(time: string): number {
  const [hours, minutes] = time.split(":").map(Number);
  return hours * 60 + minutes;
}

function wallClock(at: number, timeZone: string): WallClock {
  const parts = partsOf(at, timeZone);
  return { day: parts.weekday.toLowerCase() as Weekday, minutes: Number(parts.hour) * 60 + Number(parts.minute) };
}

type Parts = Record<"weekday" | "year" | "month" | "day" | "hour" | "minute", string>;

const formatters = new Map<string, Intl.DateTimeFormat>();

function partsOf(at: number, timeZone: string): Parts {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      weekday: "short",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
    });
    formatters.set(timeZone, formatter);
  }
  const parts = Object.fromEntries(formatter.formatToParts(at).map((part) => [part.type, part.value]));
  return parts as Parts;
}
