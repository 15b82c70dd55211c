import type { PinProfile } from "../engine";
import type { ClusterSpec } from "../spec";

/** A cluster answers a handful of GETs at once easily (plan reads only); more would only queue on its REST API. */
const SOFTWARE_BOUNDS = { concurrency: 8, minIntervalMs: 0 };

/** What both Redis Software kinds share: one control plane per cluster origin. */
export function softwareControlPlane(cluster: ClusterSpec): Pick<PinProfile, "platform" | "controlPlane" | "bounds"> {
  return { platform: "redis-software", controlPlane: `redis-software ${new URL(cluster.url).origin}`, bounds: SOFTWARE_BOUNDS };
}
