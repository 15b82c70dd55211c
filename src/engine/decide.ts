import { compareVersions, RedisVersion, releaseLine, sameReleaseLine } from "../versions";
import { Observation, Operation } from "./port";

export type Decision =
  | { readonly action: "noop"; readonly reason: string }
  | { readonly action: "upgrade"; readonly from: RedisVersion; readonly to: RedisVersion }
  | { readonly action: "resume"; readonly operation: Operation }
  | { readonly action: "refuse"; readonly reason: string };

/**
 * The one decision both `plan` and `apply` make, so a plan never promises
 * what apply would not do. It reads nothing and sends nothing.
 */
export function decide(pin: RedisVersion, observed: Observation): Decision {
  if (observed.wrongKind) return { action: "refuse", reason: observed.wrongKind };
  if (observed.running) return { action: "resume", operation: observed.running };
  const order = compareVersions(observed.current, pin);
  if (order === 0) return { action: "noop", reason: `already at ${observed.current.text}` };
  if (order > 0) return ahead(pin, observed.current);
  const unsupported = unsupportedTarget(pin, observed);
  if (unsupported) return { action: "refuse", reason: unsupported };
  return { action: "upgrade", from: observed.current, to: pin };
}

function ahead(pin: RedisVersion, current: RedisVersion): Decision {
  if (current.major === pin.major) {
    return {
      action: "noop",
      reason: `already at ${current.text}, ahead of the pin ${pin.text} within major version ${pin.major}: satisfied`,
    };
  }
  return {
    action: "refuse",
    reason:
      `the database runs ${current.text}, a newer major version than the pin ${pin.text}, and a downgrade is never sent. ` +
      `Either pin ${releaseLine(current)} (or newer), or go back by hand: back up the database, ` +
      `create a new database on ${pin.text}, and import the backup into it.`,
  };
}

function unsupportedTarget(pin: RedisVersion, observed: Observation): string | undefined {
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
