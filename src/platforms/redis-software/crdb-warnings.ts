import { compareVersions, parseVersion, RedisVersion } from "../../versions";

const LAST_BEFORE_8 = parseVersion("7.4");
const FIRST_8 = parseVersion("8.0");
/** Modules whose commands must wait until every instance is upgraded across the 8.0 boundary. */
const SYNCER_SENSITIVE = /^(search|ft|rejson|json)$/i;

export interface UpgradePlan {
  readonly from: RedisVersion;
  readonly to: RedisVersion;
  readonly moduleNames: readonly string[];
  readonly keepCrdtProtocolVersion?: boolean;
}

/** What the docs say to watch for during an Active-Active upgrade, and the cluster does not enforce. */
export function activeActiveWarnings(plan: UpgradePlan): string[] {
  const warnings: string[] = [];
  const sensitive = [...new Set(plan.moduleNames.filter((name) => SYNCER_SENSITIVE.test(name)))];
  if (sensitive.length && compareVersions(plan.from, LAST_BEFORE_8) <= 0 && compareVersions(plan.to, FIRST_8) >= 0) {
    warnings.push(
      `this upgrade crosses from ${plan.from.text} to ${plan.to.text} with ${sensitive.join(", ")}: run no Search or JSON ` +
        "commands until every instance is upgraded; mixed versions can crash the syncer, and the cluster does not block them",
    );
  }
  if (plan.keepCrdtProtocolVersion) {
    warnings.push(
      "keepCrdtProtocolVersion keeps the CRDT protocol where it is: upgrade the protocol before you update the featureset " +
        "version, and move every instance within a short time: an instance on the old protocol cannot receive writes from one on the new",
    );
  }
  return warnings;
}
