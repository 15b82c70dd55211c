import type { Observation } from "../../engine/port";
import { compareVersions, ONE_CALL_UPGRADE_SINCE, RedisVersion } from "../../versions";
import { UserFacingError } from "../../core/errors";
import { CrdbClient, predatesOneCallUpgrade } from "./crdb-client";
import { Crdb } from "./crdb-schemas";
import { currentVersion, offPin } from "./reported-versions";
import { Bdb, Node } from "./schemas";
import { lastChangeFrom, latestChange } from "../last-change";

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
  /** The coordinator's `crdt_supported_featureset_version` (GET /v1/cluster); undefined when it does not say. */
  readonly supportedFeatureset?: number;
}

export async function readCrdb(coordinator: CrdbClient, participants: readonly CrdbClient[], guid: string): Promise<CrdbReading> {
  const crdb = await coordinator.getCrdb(guid);
  const instances = await Promise.all([
    instanceOn(coordinator, guid, crdb),
    ...participants.map(async (participant) => instanceOn(participant, guid, await participant.findCrdb(guid))),
  ]);
  const [nodes, cluster] = await Promise.all([
    Promise.all([coordinator, ...participants].map((client) => client.cluster.getNodes())),
    coordinator.cluster.getCluster(),
  ]);
  return { crdb, instances, nodes: nodes.flat(), supportedFeatureset: cluster.crdt_supported_featureset_version };
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

/**
 * The lowest version any instance runs is the database's version. The CRDB
 * object records no time of its own (objects/crdb in the REST reference), so
 * its last change is the latest of its instances' bdbs.
 */
export function summarize(reading: CrdbReading): Pick<Observation, "current" | "status" | "participants" | "lastChange"> {
  const versions = reading.instances.map((instance) => currentVersion(instance.bdb));
  const statuses = new Set(reading.instances.map((instance) => instance.bdb.status));
  return {
    current: [...versions].sort(compareVersions)[0],
    status: statuses.size === 1 ? [...statuses][0] : reading.instances.map((instance) => `${instance.url}: ${instance.bdb.status}`).join(", "),
    participants: reading.instances.map((instance, index) => ({ name: instance.url, version: versions[index].text })),
    lastChange: latestChange(reading.instances.map(({ url, bdb }) => lastChangeFrom("last_changed_time", bdb.last_changed_time, `bdb ${bdb.uid} at ${url}`))),
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
    `CRDB ${crdb.guid}: protocol_version ${crdb.protocol_version ?? "?"}`,
    ...featuresetNotes(reading, "before"),
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

/**
 * The CRDB's featureset_version, and whether it is behind what the cluster supports. The one-call
 * upgrade (8.0.18+) raises it once every instance runs the new version (release notes 8.0.18;
 * the simulator follows them), except with keep_crdt_protocol_version. The Active-Active upgrade
 * guide (redis/docs content/operate/rs/installing-upgrading/upgrading/upgrade-active-active.md)
 * updates it with crdb-cli; the REST reference documents no call for it, so this only reports.
 */
export function featuresetNotes(reading: CrdbReading, stage: "before" | "after"): string[] {
  const current = reading.crdb.featureset_version;
  const supported = reading.supportedFeatureset;
  const line = `${stage} the upgrade: CRDB featureset_version ${current ?? "?"}${supported === undefined ? "" : ` (the cluster supports ${supported})`}`;
  if (current === undefined || supported === undefined || current >= supported) return [line];
  const byHand = `crdb-cli crdb update --crdb-guid ${reading.crdb.guid} --featureset-version true (the REST API documents no call for this)`;
  return [
    line,
    stage === "before"
      ? `the featureset is behind: the one-call upgrade raises it once every instance runs the new version, unless keepCrdtProtocolVersion is set; by hand: ${byHand}`
      : `the featureset is still behind: once every instance runs the new version and the CRDT protocol is current, update it with ${byHand}`,
  ];
}

/** Module names across the instances and the CRDB's default config. */
export function moduleNames(reading: CrdbReading): string[] {
  return [
    ...reading.instances.flatMap((instance) => instance.bdb.module_list ?? []),
    ...(reading.crdb.default_db_config?.module_list ?? []),
  ].map((module) => module.module_name);
}
