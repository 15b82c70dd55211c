import { satisfies } from "../../engine/satisfies";
import { compareVersions, parseReportedVersion, RedisVersion, sameReleaseLine } from "../../versions";
import { Bdb, Node } from "./schemas";
import { readReportedVersion } from "../version-field";


/**
 * A bdb reports its release line (`redis_version`, "8.0") and its full
 * compatibility version (`version`, "8.0.0"). The full one is more precise,
 * but only trusted while it agrees with the release line.
 */
export function currentVersion(bdb: Pick<Bdb, "redis_version" | "version">): RedisVersion {
  const line = parseReportedVersion(bdb.redis_version);
  const full = readReportedVersion(bdb.version);
  return full && sameReleaseLine(full, line) ? full : line;
}

/** Why the bdb does not satisfy the pin, or undefined when it does. */
export function offPin(bdb: Pick<Bdb, "redis_version" | "version">, pin: RedisVersion): string | undefined {
  if (satisfies(currentVersion(bdb), pin)) return undefined;
  return `the database reports redis_version ${bdb.redis_version}${bdb.version ? ` (version ${bdb.version})` : ""}, which does not satisfy ${pin.text}`;
}

/** How a database gets targets beyond what the nodes offer, for a refusal of one they do not. */
export const NEWER_TARGETS_HINT = "upgrade the cluster's Redis Software first: the nodes bundle the versions a database can run";

/**
 * The Redis versions every node can run. During a rolling cluster upgrade the
 * nodes differ, and a database can only move to what all of them offer.
 * Undefined when no node lists its versions.
 */
export function supportedRedisVersions(nodes: readonly Node[]): RedisVersion[] | undefined {
  const lists = nodes.flatMap((node) => (node.supported_database_versions ? [node.supported_database_versions] : []));
  if (lists.length === 0) return undefined;
  const perNode = lists.map(
    (list) =>
      new Set(list.filter((entry) => entry.db_type === "redis").map((entry) => (entry.version || entry.redis_version) ?? "")),
  );
  return [...perNode[0]]
    .filter((text) => perNode.every((offered) => offered.has(text)))
    .flatMap((text) => readReportedVersion(text) ?? [])
    .sort(compareVersions);
}
