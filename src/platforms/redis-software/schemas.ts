import * as z from "zod";
import { endpointOf } from "../../engine/replication";
import { reportedVersionField } from "../version-field";

/**
 * The Redis Software REST API as this project reads it. Every object is a
 * plain `z.object`: real answers carry dozens of fields we do not use, and
 * zod drops them while parsing. That is deliberate, not only tolerant: a bdb
 * carries `authentication_admin_pass`, and what we never keep we can never print.
 */

/** The docs type `progress` as a float, the captures send "100": accept both. */
export const numberLike = z.union([
  z.number(),
  z
    .string()
    .regex(/^-?\d+(\.\d+)?$/, "must be a number or a numeric string")
    .transform(Number),
]);

export const errorBodySchema = z.object({
  error_code: z.string().optional(),
  /** The OpenAPI document names the human text `description`, the prose docs `message`. */
  description: z.string().optional(),
  message: z.string().optional(),
  /** Present on CRDB errors: which participant answered. */
  cluster_name: z.string().optional(),
  /** RFC 7807 problem details, as the CRDB coordinator answers request validation errors: {detail, status, title, type}. */
  detail: z.string().optional(),
  title: z.string().optional(),
});

const bdbModuleSchema = z.object({
  module_name: z.string(),
  module_id: z.string().optional(),
  /** Documented as `[string, null]` and deprecated as of 8.0 (redis/docs …/rest-api/objects/bdb/_index.md): null must not break a read. */
  module_args: z.string().nullable().optional(),
  semantic_version: z.string().optional(),
});

const syncSourceSchema = z.object({ uri: z.string() }).transform(({ uri }) => endpointOf(uri));

const bdbEndpointSchema = z.object({
  dns_name: z.string().optional(),
  addr: z.array(z.string()).optional(),
  port: z.number().int().optional(),
});

export const bdbSchema = z.object({
  uid: z.number().int(),
  name: z.string().optional(),
  type: z.string().optional(),
  /** major.minor of the redis-server processes ("8.0", "6.0-big"). */
  redis_version: reportedVersionField,
  /** The full compatibility version ("8.0.0"). */
  version: z.string().optional(),
  /** pending, active, active-change-pending, …: kept open so a new status never breaks a read. */
  status: z.string(),
  /** The running (or last) action; absent on an idle bdb in the capture. */
  action_uid: z.string().optional(),
  crdt: z.boolean().optional(),
  crdt_guid: z.string().optional(),
  crdt_protocol_version: z.number().int().optional(),
  crdt_featureset_version: z.number().int().optional(),
  replication: z.boolean().optional(),
  data_persistence: z.string().optional(),
  module_list: z.array(bdbModuleSchema).optional(),
  /** Replica Of sources, each kept as "host:port" only: the URI carries the source's password. */
  replica_sources: z.array(syncSourceSchema).optional(),
  sync_sources: z.array(syncSourceSchema).optional(),
  endpoints: z.array(bdbEndpointSchema).optional(),
  /** The last administrative change of its configuration, an upgrade included ("2025-10-14T00:01:22Z" in the capture). */
  last_changed_time: z.string().optional(),
});
export type Bdb = z.infer<typeof bdbSchema>;

/** Any bdb, memcached included: read first, so a bdb without redis_version gets a clear refusal, not a shape error. */
export const anyBdbSchema = bdbSchema.extend({ redis_version: reportedVersionField.optional() });

/** The fields we ask for with `?fields=`, so secrets are not even sent to us. */
export const BDB_FIELDS = Object.keys(bdbSchema.shape).join(",");

/**
 * One item of `GET /v1/bdbs`, read only to find the instance of a CRDB. A
 * memcached bdb has no `redis_version` (the bdb object documents it for redis
 * only), so the list reads just what finding an instance needs: one such bdb
 * must not break the whole list.
 */
export const listedBdbSchema = bdbSchema.pick({ uid: true, name: true, type: true, crdt: true, crdt_guid: true });
export type ListedBdb = z.infer<typeof listedBdbSchema>;

export const bdbListSchema = z.array(listedBdbSchema);

/**
 * Documented as `{db_type, version}`; a real node adds `major` and
 * `redis_version`. Memcached entries carry only `db_type` and `version`.
 */
const supportedDatabaseVersionSchema = z.object({
  db_type: z.string(),
  version: z.string().optional(),
  redis_version: z.string().optional(),
  major: z.boolean().optional(),
});

export const nodeSchema = z.object({
  uid: z.number().int(),
  status: z.string().optional(),
  /** Installed Redis Software, such as "7.22.0-95". */
  software_version: z.string().optional(),
  supported_database_versions: z.array(supportedDatabaseVersionSchema).optional(),
});
export type Node = z.infer<typeof nodeSchema>;

export const nodesSchema = z.array(nodeSchema);

export const clusterSchema = z.object({
  name: z.string(),
  upgrade_mode: z.boolean().optional(),
  upgrade_in_progress: z.boolean().optional(),
  crdt_supported_protocol_versions: z.array(z.string()).optional(),
  /** The highest CRDB featureset this cluster runs: above a CRDB's featureset_version, that CRDB can still be updated. */
  crdt_supported_featureset_version: z.number().int().optional(),
});
export type ClusterInfo = z.infer<typeof clusterSchema>;

export const moduleSchema = z.object({
  uid: z.string(),
  module_name: z.string(),
  semantic_version: z.string(),
  min_redis_version: z.string().optional(),
  compatible_redis_version: z.string().optional(),
  is_bundled: z.boolean().optional(),
});

export const moduleListSchema = z.array(moduleSchema);

/** A failed state machine's `error`: documented as a string; read an object too rather than lose the reason. */
const actionErrorSchema = z.union([z.string(), errorBodySchema]);

/** `GET /v1/actions/{uid}` and the items of `GET /v1/actions/bdb/{uid}`: a state machine such as SMUpgradeBDB. */
export const actionSchema = z.object({
  action_uid: z.string(),
  name: z.string().optional(),
  /** An open enum: see status-meaning.ts for the words the docs name and what each means. */
  status: z.string(),
  progress: numberLike.optional(),
  state: z.string().optional(),
  object_name: z.string().optional(),
  node_uid: z.string().optional(),
  heartbeat: z.number().optional(),
  error: actionErrorSchema.optional(),
});
export type Action = z.infer<typeof actionSchema>;

export const bdbActionsSchema = z.array(actionSchema);

/** Cluster tasks (backups, retries…) share `GET /v1/actions` with state machines but not their statuses. */
const taskActionSchema = z.object({
  action_uid: z.string(),
  name: z.string().optional(),
  /** objects/action.md names queued … cancelled; kept open like every status (status-meaning.ts). */
  status: z.string(),
  progress: numberLike.optional(),
  creation_time: numberLike.optional(),
  node_uid: z.string().optional(),
  error_code: z.string().optional(),
  error_message: z.string().optional(),
});

/** Documented as an array; the docs' example and a real cluster send this object. */
export const actionsListSchema = z.object({
  actions: z.array(taskActionSchema).default([]),
  "state-machines": z.array(actionSchema).default([]),
});
export type ActionsList = z.infer<typeof actionsListSchema>;

/**
 * The 200 body of `POST /v1/bdbs/{uid}/upgrade`: documented as the bdb with
 * `action_uid`, modelled by others as `{action_uid, description}`. This reads both.
 */
export const upgradeAcceptedSchema = z.object({
  action_uid: z.string().optional(),
  description: z.string().optional(),
});
