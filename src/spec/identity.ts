import { SoftwareDatabaseSpec } from "./redis-software-database";
import { ActiveActiveSpec } from "./redis-software-active-active";
import { CloudDatabaseSpec } from "./redis-cloud-database";
import { PinSpecOf } from "./union";

/**
 * Which database a pin acts on, as one string: two pins with the same
 * identity would race each other's upgrades. Synth refuses such pins, and
 * handlers on one machine take turns on a lock named by it. Addresses are
 * compared by origin (scheme, lower-case host, port), so
 * "https://Cluster:9443/" and "https://cluster:9443" are the same cluster; a
 * value that is not a URL yet (an unresolved token) compares as written.
 */
export function softwareDatabaseIdentity(spec: Pick<PinSpecOf<SoftwareDatabaseSpec>, "cluster" | "databaseUid">): string {
  return `redis-software ${origin(spec.cluster.url)} bdb ${spec.databaseUid}`;
}

/** A CRDB's GUID names it on every participating cluster, so the GUID alone identifies it. */
export function activeActiveIdentity(spec: Pick<PinSpecOf<ActiveActiveSpec>, "crdbGuid">): string {
  return `redis-software crdb ${spec.crdbGuid.toLowerCase()}`;
}

/** Essentials ids live under /fixed/: the path tells them from Pro ones. */
export function cloudDatabaseIdentity(spec: Pick<PinSpecOf<CloudDatabaseSpec>, "api" | "plan" | "subscriptionId" | "databaseId">): string {
  const api = spec.api.url === undefined ? "(default API)" : origin(spec.api.url);
  const fixed = spec.plan === "essentials" ? "fixed/" : "";
  return `redis-cloud ${api} ${fixed}subscriptions/${spec.subscriptionId}/databases/${spec.databaseId}`;
}

function origin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}
