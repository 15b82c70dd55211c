import { compareVersions, parseVersion, RedisVersion, warningsFor } from "../versions";
import { Decision } from "./decide";
import { Observation } from "./port";
import { PinProfile } from "./profile";

export interface WarningInput {
  readonly pinned: RedisVersion;
  readonly profile: PinProfile;
  /** Absent when the control plane could not be read: only what the pin alone tells is known. */
  readonly observed?: Observation;
  readonly action?: Decision["action"];
  readonly today: Date;
}

/**
 * What a reviewer, and the person watching an apply, should weigh; none of
 * it changes the decision. Plan and apply both call this, so they warn
 * about the same things.
 */
export function upgradeWarnings(input: WarningInput): string[] {
  const { profile, observed } = input;
  return [
    ...warningsFor({ platform: profile.platform, current: observed?.current, target: input.pinned, today: input.today, plan: profile.cloudPlan }),
    ...dataLossWarnings(profile, input.action),
    ...activeActiveModuleCaution(input),
    ...crdtProtocolCaution(input),
    ...backupCaution(input),
  ];
}

/** Said before apply sends anything, so a plan shows that its backup, and so its upgrade, cannot happen. */
function backupCaution({ profile, observed, action }: WarningInput): string[] {
  if (profile.backupBeforeUpgrade !== true || action !== "upgrade" || observed?.backupDestination !== false) return [];
  return ["backupBeforeUpgrade is set but the database has no backup destination: apply will fail before it requests the upgrade; configure one first."];
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

const LAST_BEFORE_8 = parseVersion("7.4");
const FIRST_8 = parseVersion("8.0");
/** Modules whose commands must wait until every instance is upgraded across the 8.0 boundary. */
const SYNCER_SENSITIVE = /^(search|ft|rejson|json)$/i;

/**
 * Documented for Redis Software (rladmin upgrade, the Active-Active upgrade
 * guide, 8.0.18 known limitations): nothing blocks Search and JSON commands
 * while the participants run mixed versions across 8.0, so only people can
 * hold them back. Where the platform does not list the modules (Redis Cloud),
 * the caution is given without naming them.
 */
function activeActiveModuleCaution(input: WarningInput): string[] {
  const { observed, pinned } = input;
  const activeActive = input.profile.activeActive || observed?.activeActive === true;
  if (!activeActive || !moving(input) || !observed) return [];
  if (compareVersions(observed.current, LAST_BEFORE_8) > 0 || compareVersions(pinned, FIRST_8) < 0) return [];
  const sensitive = observed.modules === undefined ? ["Search", "JSON"] : [...new Set(observed.modules.filter((name) => SYNCER_SENSITIVE.test(name)))];
  if (sensitive.length === 0) return [];
  return [
    `Active-Active database moving from Redis ${observed.current.text} to ${pinned.text}: run no ${sensitive.join(" or ")} commands ` +
      "until every participant runs the new version. Redis does not block them, and mixed versions can crash the syncer.",
  ];
}

function crdtProtocolCaution(input: WarningInput): string[] {
  if (!input.profile.keepCrdtProtocolVersion || !moving(input)) return [];
  return [
    "keepCrdtProtocolVersion keeps the CRDT protocol where it is: upgrade the protocol before you update the featureset " +
      "version, and move every instance within a short time: an instance on the old protocol cannot receive writes from one on the new",
  ];
}

function moving(input: WarningInput): boolean {
  return input.action === "upgrade" || input.action === "resume";
}
