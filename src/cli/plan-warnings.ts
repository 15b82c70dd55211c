import { Decision, Observation } from "../engine";
import { RedisVersion, warningsFor } from "../versions";
import { PinProfile } from "./plan-kinds";

export interface WarningInput {
  readonly pinned: RedisVersion;
  readonly profile: PinProfile;
  /** Absent when the control plane could not be read: only what the pin alone tells is known. */
  readonly observed?: Observation;
  readonly action?: Decision["action"];
  readonly today: Date;
}

/** What a reviewer should weigh before merging the pin; none of it changes the decision. */
export function planWarnings(input: WarningInput): string[] {
  const { profile, observed } = input;
  return [
    ...warningsFor({ platform: profile.platform, current: observed?.current, target: input.pinned, today: input.today, plan: profile.cloudPlan }),
    ...dataLossWarnings(profile, input.action),
    ...activeActiveModuleCaution(input),
  ];
}

/** The flags only matter when apply sends them, which is with a new upgrade request. */
function dataLossWarnings(profile: PinProfile, action: Decision["action"] | undefined): string[] {
  const flags = profile.dataLossFlags;
  if (action !== "upgrade" || flags.length === 0) return [];
  const verb = flags.length === 1 ? "is" : "are";
  return [
    `upgrade.${flags.join(" and upgrade.")} ${verb} set (acknowledged with acknowledgeDataLoss): this upgrade may discard the database's data.`,
  ];
}

/**
 * Documented for Redis Software (rladmin upgrade, the Active-Active upgrade
 * guide, 8.0.18 known limitations): nothing blocks these commands while the
 * participants run mixed versions, so only the reviewer can hold them back.
 */
function activeActiveModuleCaution(input: WarningInput): string[] {
  const { observed, pinned } = input;
  const activeActive = input.profile.activeActive || observed?.participants !== undefined;
  const moving = input.action === "upgrade" || input.action === "resume";
  if (!activeActive || !moving || !observed || observed.current.major >= 8 || pinned.major < 8) return [];
  return [
    `Active-Active database moving from Redis ${observed.current.text} to ${pinned.text}: do not run module commands (Search, JSON) ` +
      "until every participant runs the new version. Redis does not block them, and they can crash the syncer.",
  ];
}
