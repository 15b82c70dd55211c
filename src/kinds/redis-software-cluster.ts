import type { PinProfile } from "../engine";
import type { ClusterSpec } from "../spec";

/** A cluster answers a handful of GETs at once easily (plan reads only); more would only queue on its REST API. */
const SOFTWARE_BOUNDS = { concurrency: 8, minIntervalMs: 0 };

/** What both Redis Software kinds share: one control plane per cluster origin. */
export function softwareControlPlane(cluster: ClusterSpec): Pick<PinProfile, "platform" | "controlPlane" | "bounds"> {
  return { platform: "redis-software", controlPlane: `redis-software ${new URL(cluster.url).origin}`, bounds: SOFTWARE_BOUNDS };
}

/** What both Redis Software specs hold as written, before Terraform resolves any reference in them. */
interface WrittenSoftwareSpec {
  readonly cluster: { readonly url: unknown };
  readonly redisVersion: string;
  readonly upgrade: unknown;
  readonly acknowledgeDataLoss?: boolean;
}

/**
 * What re-runs a Redis Software pin: the cluster, the database (`which`),
 * the target and every upgrade option. The order is part of triggers_replace:
 * changing it would replace every existing pin.
 */
export function softwareTriggers(spec: WrittenSoftwareSpec, which: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return {
    url: spec.cluster.url,
    ...which,
    redisVersion: spec.redisVersion,
    upgrade: spec.upgrade,
    acknowledgeDataLoss: spec.acknowledgeDataLoss ?? false,
  };
}
