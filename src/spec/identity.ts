import { SoftwareDatabaseSpec } from "./redis-software-database";
import { ActiveActiveSpec } from "./redis-software-active-active";
import { CloudDatabaseSpec, DEFAULT_CLOUD_API_URL } from "./redis-cloud-database";
import { PinSpecOf } from "./union";

/**
 * Which database a pin acts on, as one string: two pins with the same
 * identity would race each other's upgrades. Synth refuses such pins, and
 * handlers on one machine take turns on a lock named by it. Addresses are
 * compared by origin (scheme, lower-case host without a final dot, port
 * unless it is the scheme's default), so "https://Cluster.:443/" and
 * "https://cluster" are the same cluster; a value that is not a URL yet (an
 * unresolved token) compares as written.
 */
export function softwareDatabaseIdentity(spec: Pick<PinSpecOf<SoftwareDatabaseSpec>, "cluster" | "databaseUid">): string {
  return `redis-software ${origin(spec.cluster.url)} bdb ${spec.databaseUid}`;
}

/** A CRDB's GUID names it on every participating cluster, so the GUID alone identifies it. */
export function activeActiveIdentity(spec: Pick<PinSpecOf<ActiveActiveSpec>, "crdbGuid">): string {
  return `redis-software crdb ${spec.crdbGuid.toLowerCase()}`;
}

/** Essentials ids live under /fixed/: the path tells them from Pro ones. */
/** A pin without api.url talks to the default API, and is compared as if it named it. */
export function cloudDatabaseIdentity(spec: Pick<PinSpecOf<CloudDatabaseSpec>, "api" | "plan" | "subscriptionId" | "databaseId">): string {
  const api = origin(spec.api.url ?? DEFAULT_CLOUD_API_URL);
  const fixed = spec.plan === "essentials" ? "fixed/" : "";
  return `redis-cloud ${api} ${fixed}subscriptions/${spec.subscriptionId}/databases/${spec.databaseId}`;
}

function origin(url: string): string {
  if (!URL.canParse(url)) return url;
  const parsed = new URL(url);
  // "cluster.example.com." is the same host written fully qualified.
  parsed.hostname = parsed.hostname.replace(/\.$/, "");
  return parsed.origin;
}
