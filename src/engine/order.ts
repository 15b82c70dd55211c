import { RedisVersion } from "../versions";
import { inZoneAndUtc } from "./maintenance-window";
import { LastChange, Observation } from "./port";
import { satisfies } from "./satisfies";

/**
 * A pin named in `upgradeAfter`, as read before deciding. Its database is
 * read live, so the order holds even when that pin was applied elsewhere (in
 * another stack, by another pipeline, on another day) or its database
 * upgraded by hand.
 */
export interface Predecessor {
  /** Its construct path. */
  readonly address: string;
  readonly pinned: RedisVersion;
  readonly state: PredecessorState;
  /** How long it must have run its pin first, in hours (the waiting pin's soakHours, or its wave's); none: reaching it is enough. */
  readonly soakHours?: number;
}

export type PredecessorState =
  /** `lastChange`: the control plane's record of its last change, which a soak is measured from. */
  | { readonly kind: "reached"; readonly current: RedisVersion; readonly lastChange?: LastChange }
  | { readonly kind: "behind"; readonly current: RedisVersion }
  /** Plan only: behind, and the same apply upgrades it first, since this pin's resource depends on it. */
  | { readonly kind: "upgraded-first"; readonly current: RedisVersion }
  | { readonly kind: "unreadable"; readonly error: string };

/** The state apply reads: the one rule for "reached" that verify uses too. */
export function readState(observed: Observation, pinned: RedisVersion): PredecessorState {
  const { current, lastChange } = observed;
  return satisfies(current, pinned) ? { kind: "reached", current, ...(lastChange ? { lastChange } : {}) } : { kind: "behind", current };
}

/** A predecessor the pin still waits for, as plan's JSON lists it under `waitingOn`. */
export interface WaitingOn {
  readonly address: string;
  readonly pinned: string;
  readonly current: string;
  /** behind: not yet at its pin; upgraded-first: the same apply upgrades it first, then it soaks; soaking: at its pin for less than its soak. */
  readonly state: "behind" | "upgraded-first" | "soaking";
  /** The soak asked of it, in hours; absent when reaching its pin is enough. */
  readonly soakHours?: number;
  /** How long it has run its pin, in hours, measured from its last change (soaking only). */
  readonly soakedHours?: number;
  /** When its soak completes, ISO 8601 in UTC; absent while it is behind, since that is not known yet. */
  readonly soakCompletesAt?: string;
}

export interface OrderOptions {
  /** Epoch milliseconds the soak is measured against. */
  readonly now: number;
  /** The zone the completion is also shown in (the pin's maintenance windows'), beside UTC. */
  readonly timeZone: string;
}

export type OrderVerdict =
  | { readonly kind: "clear" }
  /** A predecessor cannot be judged: apply fails, and plan counts it as needing attention. */
  | { readonly kind: "refuse"; readonly reason: string }
  /** Not yet: apply defers, sending nothing; `until` is when the last soak completes (infinite while one is behind). */
  | { readonly kind: "wait"; readonly reason: string; readonly until: number; readonly waitingOn: readonly WaitingOn[] };

const HOUR = 3_600_000;
const MINUTE = 60_000;

/**
 * Whether every predecessor has reached its pin, and has run it for the
 * soak asked of it. What cannot be read is not guessed at: an unreadable
 * predecessor, or one whose control plane records no time of its last
 * change while a soak is asked of it, refuses.
 */
export function orderVerdict(predecessors: readonly Predecessor[], options: OrderOptions): OrderVerdict {
  const unknown = predecessors.flatMap(unjudgeable);
  if (unknown.length) {
    return { kind: "refuse", reason: `upgradeAfter: ${unknown.join("; ")}. Nothing is sent while the order cannot be checked` };
  }
  const waits = predecessors.flatMap((predecessor) => waitFor(predecessor, options));
  if (waits.length === 0) return { kind: "clear" };
  const completions = waits.map((wait) => wait.completesAt ?? Number.POSITIVE_INFINITY);
  const until = Math.max(...completions);
  return { kind: "wait", reason: waitReason(waits, until, options), until, waitingOn: waits.map((wait) => wait.waitingOn) };
}

function unjudgeable({ address, state, soakHours }: Predecessor): string[] {
  if (state.kind === "unreadable") return [`${address} could not be read (${state.error})`];
  if (soakHours === undefined || state.kind !== "reached" || state.lastChange) return [];
  return [
    `${address} runs ${state.current.text}, but its control plane reports no readable time of its last change, so how long it has run it ` +
      `cannot be measured and its soak of ${hours(soakHours)} is not guessed at: check it by hand, then remove that soakHours (on this pin, or on its wave) to let it upgrade`,
  ];
}

interface Wait {
  readonly waitingOn: WaitingOn;
  readonly text: string;
  /** Epoch milliseconds its soak completes; undefined while it is behind. */
  readonly completesAt?: number;
}

function waitFor({ address, pinned, state, soakHours }: Predecessor, { now }: OrderOptions): Wait[] {
  if (state.kind === "unreadable") return [];
  const base = { address, pinned: pinned.text, current: state.current.text, ...(soakHours === undefined ? {} : { soakHours }) };
  if (state.kind === "behind") {
    const then = soakHours === undefined ? "" : `, and must then run it for ${hours(soakHours)}`;
    return [{ waitingOn: { ...base, state: "behind" }, text: `${address} runs ${state.current.text}, not yet its pin ${pinned.text}${then}` }];
  }
  if (soakHours === undefined) return [];
  const soakMs = soakHours * HOUR;
  if (state.kind === "upgraded-first") {
    const completesAt = now + soakMs;
    return [
      {
        waitingOn: { ...base, state: "upgraded-first", soakCompletesAt: new Date(completesAt).toISOString() },
        text: `${address} is upgraded ${state.current.text} → ${pinned.text} earlier in the same apply, and must then run it for ${hours(soakHours)}`,
        completesAt,
      },
    ];
  }
  // reached: a lastChange is there, or unjudgeable() would have refused.
  const since = state.lastChange!;
  const soaked = Math.max(0, now - since.at);
  if (soaked >= soakMs) return [];
  const completesAt = since.at + soakMs;
  return [
    {
      waitingOn: { ...base, state: "soaking", soakedHours: Math.floor((soaked / HOUR) * 100) / 100, soakCompletesAt: new Date(completesAt).toISOString() },
      text: `${address} runs ${state.current.text} (its pin ${pinned.text}) and has soaked ${duration(soaked)} of ${hours(soakHours)}, since its last change (${since.source})`,
      completesAt,
    },
  ];
}

function waitReason(waits: readonly Wait[], until: number, { timeZone }: OrderOptions): string {
  const when = Number.isFinite(until)
    ? `the soak completes ${inZoneAndUtc(Math.ceil(until / MINUTE) * MINUTE, timeZone)}`
    : `apply their pins first (Terraform runs those of this stack first; another stack's are applied on their own), then apply again once they are ready`;
  return (
    `upgradeAfter: ${waits.map((wait) => wait.text).join("; ")}. This database is upgraded only after them, so nothing is sent yet: ${when}. ` +
    `Terraform marks a pin whose apply failed as tainted, so a terraform apply once they are ready upgrades it`
  );
}

/** "48h", "0.5h": a soak as the user wrote it. */
function hours(value: number): string {
  return `${value}h`;
}

/** "2h 05m": how long it has run, rounded down, so it is never overstated. */
function duration(ms: number): string {
  const minutes = Math.floor(ms / MINUTE);
  return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, "0")}m`;
}

/** "upgraded after app/replica (8.0)": how the plan shows the order, or undefined for a pin with none. */
export function orderNote(predecessors: readonly Predecessor[]): string | undefined {
  if (predecessors.length === 0) return undefined;
  return `upgradeAfter: upgraded after ${predecessors.map(describe).join(", ")}`;
}

function describe({ address, pinned, state }: Predecessor): string {
  switch (state.kind) {
    case "reached":
      return `${address} (at ${state.current.text}, its pin ${pinned.text} reached)`;
    case "upgraded-first":
      return `${address} (${state.current.text} → ${pinned.text} earlier in the same apply)`;
    case "behind":
      return `${address} (at ${state.current.text}, not yet its pin ${pinned.text})`;
    case "unreadable":
      return `${address} (unreadable)`;
  }
}
