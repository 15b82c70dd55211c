import { compareVersions, RedisVersion, releaseLine, sameReleaseLine } from "../versions";
import { Observation, Operation } from "./port";
import { satisfies } from "./satisfies";

export type Decision<Op extends Operation = Operation> =
  | { readonly action: "noop"; readonly reason: string }
  | { readonly action: "upgrade"; readonly from: RedisVersion; readonly to: RedisVersion }
  | { readonly action: "resume"; readonly operation: Op }
  | { readonly action: "refuse"; readonly reason: string };

/**
 * The one decision both `plan` and `apply` make, so a plan never promises
 * what apply would not do. It reads nothing and sends nothing.
 */
export function decide<Op extends Operation>(pin: RedisVersion, observed: Observation<Op>): Decision<Op> {
  if (observed.wrongKind) return { action: "refuse", reason: observed.wrongKind };
  if (observed.running) return { action: "resume", operation: observed.running };
  const { current } = observed;
  if (satisfies(current, pin)) return { action: "noop", reason: reached(current, pin) };
  if (compareVersions(current, pin) > 0) return downgrade(pin, current);
  const unsupported = unsupportedTarget(pin, observed);
  if (unsupported) return { action: "refuse", reason: unsupported };
  return { action: "upgrade", from: current, to: pin };
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

function unsupportedTarget(pin: RedisVersion, observed: Observation<Operation>): string | undefined {
  const supported = observed.supportedTargets;
  if (supported === undefined) return undefined;
  const accepted = supported.some(
    (version) =>
      sameReleaseLine(version, pin) &&
      (pin.patch === undefined || version.patch === undefined || version.patch === pin.patch),
  );
  if (accepted) return undefined;
  const offered = [...supported].sort(compareVersions).map((version) => version.text);
  return (
    `${pin.text} is not a version this control plane can upgrade to; it offers ${offered.join(", ") || "none"}. ` +
    `Pin one of those${observed.newerTargetsHint ? `, or ${observed.newerTargetsHint}` : ""}.`
  );
}
