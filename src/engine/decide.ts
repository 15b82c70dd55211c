import { compareVersions, RedisVersion, releaseLine, sameReleaseLine } from "../versions";
import { Observation, Operation, ScheduledUpgrade } from "./port";
import { satisfies } from "./satisfies";
import { MaintenanceWindow } from "../spec/maintenance-window";
import { describeWindow, insideAny, nextOpening } from "./maintenance-window";
import { orderVerdict, Predecessor, WaitingOn } from "./order";
import { PinProfile } from "./profile";

export type Decision<Op extends Operation = Operation> =
  | { readonly action: "noop"; readonly reason: string }
  | { readonly action: "upgrade"; readonly from: RedisVersion; readonly to: RedisVersion }
  | { readonly action: "resume"; readonly operation: Op }
  | { readonly action: "refuse"; readonly reason: string }
  /** The control plane holds an accepted request that reaches the pin: nothing is sent while it is pending. */
  | { readonly action: "scheduled"; readonly scheduled: ScheduledUpgrade; readonly reason: string }
  /**
   * An upgrade is due but must wait, for a maintenance window or for the pins of upgradeAfter (and their soak):
   * nothing is sent before `opensAt` (epoch ms; infinite while a predecessor is behind). `waitingOn` lists those pins.
   */
  | { readonly action: "deferred"; readonly reason: string; readonly opensAt: number; readonly waitingOn?: readonly WaitingOn[] };

/**
 * What the user asked of an upgrade beyond its version, and the instant it
 * is decided at: passed in, so decide stays pure and plan and apply agree.
 */
export interface Safeguards {
  /** Consent to a higher major version; without it such an upgrade is refused. */
  readonly allowMajorVersionUpgrade?: boolean;
  /** When an upgrade may start; none: any time. A running upgrade is followed whatever the hour. */
  readonly maintenanceWindows?: readonly MaintenanceWindow[];
  /** The pins of `upgradeAfter`, as read before deciding. */
  readonly predecessors?: readonly Predecessor[];
  /** Epoch milliseconds the windows and the soak are measured against. */
  readonly now: number;
}

/** No consent, no windows, no order: what a caller that says nothing gets. */
const DEFAULT_SAFEGUARDS: Safeguards = { now: 0 };

export function safeguardsOf(profile: PinProfile, predecessors: readonly Predecessor[], now: number): Safeguards {
  return {
    allowMajorVersionUpgrade: profile.allowMajorVersionUpgrade,
    maintenanceWindows: profile.maintenanceWindows,
    predecessors,
    now,
  };
}

/**
 * The one decision both `plan` and `apply` make, so a plan never promises
 * what apply would not do. It reads nothing and sends nothing.
 */
export function decide<Op extends Operation>(
  pin: RedisVersion,
  observed: Observation<Op>,
  safeguards: Safeguards = DEFAULT_SAFEGUARDS,
): Decision<Op> {
  if (observed.wrongKind) return { action: "refuse", reason: observed.wrongKind };
  if (observed.running) return { action: "resume", operation: observed.running };
  const { current } = observed;
  if (satisfies(current, pin)) return { action: "noop", reason: reached(current, pin) };
  if (compareVersions(current, pin) > 0) return downgrade(pin, current);
  if (observed.scheduled) return pending(pin, observed.scheduled);
  const unsupported = unsupportedTarget(pin, observed);
  if (unsupported) return { action: "refuse", reason: unsupported };
  return guarded(current, pin, safeguards) ?? { action: "upgrade", from: current, to: pin };
}

/** The user's own rails, checked once the upgrade is otherwise possible: consent, order and soak, then the hour. */
function guarded(current: RedisVersion, pin: RedisVersion, safeguards: Safeguards): Decision<never> | undefined {
  if (pin.major > current.major && safeguards.allowMajorVersionUpgrade !== true) return majorWithoutConsent(current, pin);
  const windows = safeguards.maintenanceWindows ?? [];
  const order = orderVerdict(safeguards.predecessors ?? [], { now: safeguards.now, timeZone: localZone(windows) });
  if (order.kind === "refuse") return { action: "refuse", reason: order.reason };
  if (order.kind === "wait") return { action: "deferred", reason: order.reason, opensAt: order.until, waitingOn: order.waitingOn };
  return outsideWindows(windows, safeguards.now);
}

/** The zone a soak's completion is shown in beside UTC: the pin's windows' own, when they name one. */
function localZone(windows: readonly MaintenanceWindow[]): string {
  return windows.find((window) => window.timeZone !== "UTC")?.timeZone ?? "UTC";
}

function majorWithoutConsent(current: RedisVersion, pin: RedisVersion): Decision<never> {
  return {
    action: "refuse",
    reason:
      `${pin.text} is a new major version for a database on ${current.text}, and a major upgrade cannot be undone: ` +
      `read its breaking changes, back the database up, then set allowMajorVersionUpgrade: true on this pin to consent. ` +
      `Nothing is sent without it.`,
  };
}

function outsideWindows(windows: readonly MaintenanceWindow[], now: number): Decision<never> | undefined {
  if (windows.length === 0 || insideAny(windows, now)) return undefined;
  const opening = nextOpening(windows, now);
  const when = opening ? `the next opening is ${opening.text}` : "none of them opens in the next 9 days";
  return {
    action: "deferred",
    opensAt: opening?.at ?? Number.POSITIVE_INFINITY,
    reason:
      `outside its maintenanceWindows (${windows.map(describeWindow).join("; ")}): ${when}. Nothing is sent outside them; ` +
      `Terraform marks a pin whose apply failed as tainted, so a terraform apply inside a window upgrades it`,
  };
}

function reached(current: RedisVersion, pin: RedisVersion): string {
  return compareVersions(current, pin) === 0
    ? `already at ${current.text}`
    : `already at ${current.text}, ahead of the pin ${pin.text} within major version ${pin.major}: satisfied`;
}

function downgrade(pin: RedisVersion, current: RedisVersion): Decision<never> {
  return {
    action: "refuse",
    reason:
      `the database runs ${current.text}, a newer major version than the pin ${pin.text}, and a downgrade is never sent. ` +
      `Either pin ${releaseLine(current)} (or newer), or go back by hand: back up the database, ` +
      `create a new database on ${pin.text}, and import the backup into it.`,
  };
}

/** A request already waits: it either reaches the pin, or a second request for another version would contradict it. */
function pending(pin: RedisVersion, scheduled: ScheduledUpgrade): Decision<never> {
  const to = scheduled.to.text;
  if (satisfies(scheduled.to, pin)) {
    return { action: "scheduled", scheduled, reason: `an upgrade to ${to} is requested and pending (${scheduled.lookup}): ${scheduled.why}; nothing more is sent` };
  }
  return {
    action: "refuse",
    reason:
      `an upgrade to ${to} is already requested and pending (${scheduled.lookup}): ${scheduled.why}. ` +
      `A second request for ${pin.text} is not sent while it waits: pin ${to}, or apply again once it has run.`,
  };
}

function unsupportedTarget(pin: RedisVersion, observed: Observation<Operation>): string | undefined {
  const supported = observed.supportedTargets;
  if (supported === undefined) return undefined;
  // A patch pin is reached by any patch at or above it (satisfies), and upgrades are requested by
  // release line, so a line that offers a patch at or above the pin's can take it.
  const accepted = supported.some(
    (version) =>
      sameReleaseLine(version, pin) &&
      (pin.patch === undefined || version.patch === undefined || version.patch >= pin.patch),
  );
  if (accepted) return undefined;
  const offered = [...supported].sort(compareVersions).map((version) => version.text);
  return (
    `${pin.text} is not a version this control plane can upgrade to; it offers ${offered.join(", ") || "none"}. ` +
    `Pin one of those${observed.newerTargetsHint ? `, or ${observed.newerTargetsHint}` : ""}.`
  );
}
