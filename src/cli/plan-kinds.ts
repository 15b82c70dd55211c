import { CLOUD_REQUESTS_PER_MINUTE } from "../platforms/redis-cloud/rate-limit";
import { ClusterSpec, CloudPlan, dataLossFlagsSet, Spec } from "../spec";
import { Platform } from "../versions";
import { Bounds } from "../engine/pool";

/** What a plan needs to know about a pin beyond what every kind shares: the one place it switches on `kind`. */
export interface PinProfile {
  /** Which catalogue facts apply. */
  readonly platform: Platform;
  /** How a person finds the database, e.g. "bdb 12 @ https://cluster:9443". */
  readonly database: string;
  /** Pins with the same key share a control plane, and with it the bounds of how hard a plan reads it. */
  readonly controlPlane: string;
  readonly bounds: Bounds;
  /** Known from the spec alone; an observation can still reveal an Active-Active database. */
  readonly activeActive: boolean;
  readonly cloudPlan?: CloudPlan;
  /** The data-discard options the upgrade request would carry. */
  readonly dataLossFlags: readonly string[];
}

/** A cluster answers a few reads at once easily; more only queue on its REST API. */
const SOFTWARE_BOUNDS: Bounds = { concurrency: 4, minIntervalMs: 0 };

/**
 * Redis Cloud allows 400 requests a minute per account key, shared with
 * Terraform runs and people. An observation sends at most a few reads, so a
 * plan starts one every 1.2 s (50 a minute, at most about 200 requests): half
 * the budget at worst, and the rest stays free for everyone else.
 */
const CLOUD_OBSERVATIONS_PER_MINUTE = CLOUD_REQUESTS_PER_MINUTE / 8;
const CLOUD_BOUNDS: Bounds = { concurrency: 4, minIntervalMs: 60_000 / CLOUD_OBSERVATIONS_PER_MINUTE };

export function profileOf(spec: Spec): PinProfile {
  switch (spec.kind) {
    case "redis-software-database":
      return {
        ...softwareCluster(spec.cluster),
        database: `bdb ${spec.databaseUid} @ ${spec.cluster.url}`,
        activeActive: false,
        dataLossFlags: dataLossFlagsSet(spec.upgrade),
      };
    case "redis-software-active-active":
      return {
        ...softwareCluster(spec.cluster),
        database: `crdb ${spec.crdbGuid} @ ${spec.cluster.url}`,
        activeActive: true,
        dataLossFlags: dataLossFlagsSet(spec.upgrade),
      };
    case "redis-cloud-database":
      return {
        platform: "redis-cloud",
        database: `subscription ${spec.subscriptionId}/db ${spec.databaseId} (${spec.plan})`,
        // Grouped by the variable that holds the account key, never by the key itself.
        controlPlane: `redis-cloud ${spec.api.url ?? "(default API)"} ${spec.api.accessKeyEnv}`,
        bounds: CLOUD_BOUNDS,
        activeActive: false,
        cloudPlan: spec.plan,
        dataLossFlags: [],
      };
  }
}

function softwareCluster(cluster: ClusterSpec): Pick<PinProfile, "platform" | "controlPlane" | "bounds"> {
  return { platform: "redis-software", controlPlane: `redis-software ${new URL(cluster.url).origin}`, bounds: SOFTWARE_BOUNDS };
}
