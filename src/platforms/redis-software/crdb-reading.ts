import type { Observation } from "../../engine/port";
import { compareVersions, RedisVersion } from "../../versions";
import { UserFacingError } from "../../core/errors";
import { CrdbClient, ONE_CALL_UPGRADE_SINCE, predatesOneCallUpgrade } from "./crdb-client";
import { Crdb } from "./crdb-schemas";
import { currentVersion, offPin } from "./reported-versions";
import { Bdb, Node } from "./schemas";

/** One participant's instance as its own cluster reports it. */
export interface Instance {
  readonly url: string;
  readonly bdb: Bdb;
}

/**
 * An Active-Active database as its clusters report it. The CRDB object
 * carries no running version, so each instance is read from its own cluster.
 */
export interface CrdbReading {
  readonly crdb: Crdb;
  /** The coordinator's instance first, then the configured participants'. */
  readonly instances: readonly Instance[];
  /** Every node of every cluster read. */
  readonly nodes: readonly Node[];
}

export async function readCrdb(coordinator: CrdbClient, participants: readonly CrdbClient[], guid: string): Promise<CrdbReading> {
  const crdb = await coordinator.getCrdb(guid);
  const instances = await Promise.all([
    instanceOn(coordinator, guid, crdb),
    ...participants.map(async (participant) => instanceOn(participant, guid, await participant.findCrdb(guid))),
  ]);
  const nodes = await Promise.all([coordinator, ...participants].map((client) => client.cluster.getNodes()));
  return { crdb, instances, nodes: nodes.flat() };
}

/** The instance a cluster holds: from the CRDB's local_databases, else the bdb that names the CRDB. */
async function instanceOn(client: CrdbClient, guid: string, crdb: Crdb | undefined): Promise<Instance> {
  const uid =
    crdb?.local_databases[0]?.bdb_uid ??
    (await client.cluster.listBdbs()).find((bdb) => bdb.crdt === true && bdb.crdt_guid === guid)?.uid;
  if (uid === undefined) {
    throw new UserFacingError(`${client.url} holds no instance of Active-Active database ${guid}: check the participants list, or the GUID`);
  }
  return { url: client.url, bdb: await client.cluster.getBdb(uid) };
}

/** The lowest version any instance runs is the database's version. */
export function summarize(reading: CrdbReading): Pick<Observation, "current" | "status" | "participants"> {
  const versions = reading.instances.map((instance) => currentVersion(instance.bdb));
  const statuses = new Set(reading.instances.map((instance) => instance.bdb.status));
  return {
    current: [...versions].sort(compareVersions)[0],
    status: statuses.size === 1 ? [...statuses][0] : reading.instances.map((instance) => `${instance.url}: ${instance.bdb.status}`).join(", "),
    participants: reading.instances.map((instance, index) => ({ name: instance.url, version: versions[index].text })),
  };
}

/** Every instance not yet on the pin (or not active), with why. */
export function laggingInstances(reading: CrdbReading, pin: RedisVersion): string[] {
  return reading.instances.flatMap((instance) => {
    const why = offPin(instance.bdb, pin) ?? (instance.bdb.status === "active" ? undefined : `status ${instance.bdb.status}, not active`);
    return why ? [`${instance.url} (bdb ${instance.bdb.uid}): ${why}`] : [];
  });
}

/** What a reviewer should see: CRDT protocol and featureset, each instance's version, and what was not read. */
export function readingNotes(reading: CrdbReading): string[] {
  const { crdb, instances } = reading;
  const software = [...new Set(reading.nodes.flatMap((node) => node.software_version ?? []))];
  return [
    `CRDB ${crdb.guid}: protocol_version ${crdb.protocol_version ?? "?"}, featureset_version ${crdb.featureset_version ?? "?"}`,
    ...instances.map(
      ({ url, bdb }) =>
        `${url}: bdb ${bdb.uid} runs ${currentVersion(bdb).text} ` +
        `(crdt protocol ${bdb.crdt_protocol_version ?? "?"}, featureset ${bdb.crdt_featureset_version ?? "?"})`,
    ),
    ...(instances.length > 1
      ? []
      : [`only the instance on ${instances[0].url} is read: list the other clusters in participants to report and verify every instance`]),
    ...(software.some((text) => predatesOneCallUpgrade(text))
      ? [`a cluster runs Redis Software ${software.join(", ")}: the one-call upgrade needs ${ONE_CALL_UPGRADE_SINCE.text} or later`]
      : []),
  ];
}

/** Module names across the instances and the CRDB's default config. */
export function moduleNames(reading: CrdbReading): string[] {
  return [
    ...reading.instances.flatMap((instance) => instance.bdb.module_list ?? []),
    ...(reading.crdb.default_db_config?.module_list ?? []),
  ].map((module) => module.module_name);
}
