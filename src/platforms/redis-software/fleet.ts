import type { FleetAnswer } from "../../engine/fleet";
import { SOFTWARE_CA_CERT_ENV, SoftwareDatabaseSpec } from "../../spec";
import { PlatformContext, SpecSurroundings } from "../context";
import { caIdentity } from "../ca-identity";
import { isRunningUpgrade, RedisSoftwareClient } from "./client";
import { connectCluster } from "./connect";
import { bdbObservation } from "./bdb-observation";
import { ActionSource, findRunningUpgrade } from "./running-upgrade";
import { supportedRedisVersions } from "./reported-versions";
import { Action, ActionsList, anyBdbSchema, Bdb } from "./schemas";

/**
 * Pins read with one connection share a group: the cluster's address, the
 * variables holding its credentials, and the CA it is trusted with.
 */
export function softwareFleetKey(spec: SoftwareDatabaseSpec, context: SpecSurroundings): string {
  const { cluster } = spec;
  const ca = caIdentity({ file: cluster.caCertFile, field: "cluster.caCertFile", envName: SOFTWARE_CA_CERT_ENV }, context);
  return `redis-software ${new URL(cluster.url).origin} ${cluster.usernameEnv} ${cluster.passwordEnv} ${cluster.insecureSkipTlsVerify === true} ${ca}`;
}

/**
 * A plan's reads of one cluster: `GET /v1/bdbs` (the fields observe reads),
 * `GET /v1/nodes` and `GET /v1/actions`, three requests whatever the number
 * of pins, each pin then observed as observe() would from the same
 * readings. A pin whose bdb the list omits or cannot be read as one (no
 * redis_version, an unknown shape) is left to its own reads, which explain it.
 */
export async function observeSoftwareFleet(specs: readonly SoftwareDatabaseSpec[], context: PlatformContext): Promise<FleetAnswer[]> {
  const client = new RedisSoftwareClient(connectCluster(specs[0].cluster, context), specs[0].cluster);
  const [items, nodes, actions] = await Promise.all([client.bdbList(), client.getNodes(), client.allActions()]);
  const bdbs = new Map(items.flatMap((item) => readable(item)).map((bdb) => [bdb.uid, bdb]));
  const supported = supportedRedisVersions(nodes);
  const listed = listedActions(actions);
  return Promise.all(
    specs.map(async (spec): Promise<FleetAnswer> => {
      const bdb = bdbs.get(spec.databaseUid);
      if (!bdb) return { kind: "alone" };
      if (bdb.crdt) return { kind: "observed", observed: bdbObservation(bdb, supported, undefined) };
      const running = await findRunningUpgrade(listed.source, bdb.uid, bdb.action_uid);
      // An upgrade the list names for no bdb may be this one's: only its own reads can tell.
      if (!running && listed.unattributed) return { kind: "alone" };
      return { kind: "observed", observed: bdbObservation(bdb, supported, running) };
    }),
  );
}

/** A listed bdb as getBdb would read it; none for one that has no Redis version or a shape we do not read. */
function readable(item: unknown): Bdb[] {
  const parsed = anyBdbSchema.safeParse(item);
  if (!parsed.success || parsed.data.redis_version === undefined) return [];
  return [{ ...parsed.data, redis_version: parsed.data.redis_version }];
}

/**
 * The cluster's state machines, served as the per-bdb and per-action reads
 * would serve them: a bdb's are those whose object_name names it ("bdb:12",
 * the docs' example and a real capture). GET /v1/actions lists every
 * running, pending or completed action (redis.io …/requests/actions), so an
 * action it does not list is one GET /v1/actions/{uid} would not show running.
 */
function listedActions(list: ActionsList): { readonly source: ActionSource; readonly unattributed: boolean } {
  const machines: readonly Action[] = list["state-machines"];
  const source: ActionSource = {
    bdbActions: async (uid) => machines.filter((machine) => machine.object_name === `bdb:${uid}`),
    getAction: async (actionUid) => machines.find((machine) => machine.action_uid === actionUid),
  };
  return { source, unattributed: machines.some((machine) => machine.object_name === undefined && isRunningUpgrade(machine)) };
}
