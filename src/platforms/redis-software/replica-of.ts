import type { Replication } from "../../engine/replication";
import { Bdb } from "./schemas";

/** The bdb's Replica Of links and where it answers, for plan's order warnings; undefined when it has neither. */
export function replicationOf(bdb: Bdb): Replication | undefined {
  const sources = [...(bdb.replica_sources ?? []), ...(bdb.sync_sources ?? [])].filter((source): source is string => source !== undefined);
  const endpoints = (bdb.endpoints ?? []).flatMap(({ dns_name, addr, port }) =>
    port === undefined ? [] : [dns_name, ...(addr ?? [])].flatMap((host) => (host ? [`${host.toLowerCase()}:${port}`] : [])),
  );
  return sources.length || endpoints.length ? { endpoints, sources } : undefined;
}
