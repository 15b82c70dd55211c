import { parseReportedVersion, releaseLine } from "../../versions";
import { ClusterOptions, SimAction, SoftwareClusterState } from "./state";

/** Node, cluster and action bodies in the shapes (and with the quirks) of a real cluster's captures. */

export const NODE_UID = 1;

export function renderNode(options: ClusterOptions, shardList: readonly number[]): Record<string, unknown> {
  return {
    accept_servers: true,
    addr: "127.0.0.1",
    architecture: "x86_64",
    bigredis_storage_path: "/var/opt/redislabs/flash",
    bigstore_enabled: false,
    cores: 4,
    ephemeral_storage_path: "/var/opt/redislabs/tmp",
    ephemeral_storage_size: 20639797248,
    external_addr: [],
    os_family: "ubuntu",
    os_name: "ubuntu",
    os_semantic_version: "22.04",
    os_version: "Ubuntu 22.04.5 LTS",
    persistent_storage_path: "/var/opt/redislabs/persist",
    persistent_storage_size: 20639797248,
    public_addr: "",
    rack_id: "",
    ram_shard_count: shardList.length,
    shard_count: shardList.length,
    shard_list: [...shardList],
    software_version: options.softwareVersion,
    status: "active",
    // A real node adds `major` and `redis_version` to the documented {db_type, version}.
    supported_database_versions: [
      ...options.supportedVersions.map((version) => ({
        db_type: "redis",
        major: true,
        redis_version: releaseLine(parseReportedVersion(version)),
        version,
      })),
      { db_type: "memcached", version: "1.4.17" },
    ],
    total_memory: 8217473024,
    uid: NODE_UID,
    uptime: Math.round(process.uptime()),
  };
}

export function renderCluster(name: string): Record<string, unknown> {
  return {
    name,
    cnm_https_port: 9443,
    crdb_coordinator_port: 9081,
    crdt_supported_featureset_version: 8,
    crdt_supported_protocol_versions: ["1"],
    created_time: "2026-01-01T00:00:00Z",
    upgrade_in_progress: false,
    upgrade_mode: false,
  };
}

/** `GET /v1/actions/{uid}` and `/v1/actions/bdb/{uid}` send progress as a number. */
export function renderAction(state: SoftwareClusterState, action: SimAction): Record<string, unknown> {
  return {
    action_uid: action.uid,
    heartbeat: action.heartbeat,
    name: action.name,
    node_uid: String(NODE_UID),
    object_name: `bdb:${action.bdbUid}`,
    pending_ops: {},
    progress: state.progressOf(action),
    state: state.stateOf(action),
    status: action.reported?.status ?? action.status,
    ...(action.error === undefined ? {} : { error: action.error }),
  };
}

/** `GET /v1/actions` sends progress as a string, like the capture and the docs' example. */
export function renderActionsList(state: SoftwareClusterState): Record<string, unknown> {
  return {
    actions: [],
    "state-machines": [...state.actions.values()].map((action) => ({
      ...renderAction(state, action),
      progress: String(state.progressOf(action)),
    })),
  };
}
