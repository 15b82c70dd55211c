import * as z from "zod";
import { endpointOf } from "../../engine/replication";
import { reportedVersionField } from "../version-field";

/**
 * The Redis Cloud API as this project reads it. Every object is a plain
 * `z.object`, so the many fields we do not use are dropped while parsing.
 * That is deliberate as well as tolerant: a database carries
 * `security.password`, and what we never keep we can never print.
 *
 * The OpenAPI document's `Database` schema lists only `databaseId` and
 * `links`; the fields below come from its example, the Go SDK's model and
 * the Terraform provider's Active-Active mock.
 */

/**
 * Whether the database has a remote backup destination: Pro and Active-Active
 * regions say enableRemoteBackup, Essentials remoteBackupEnabled (fixtures
 * rc-rs-database-pro.json, rc-go-database-active-active.json,
 * rc-go-fixed-database.json). The destination itself is not kept: a storage
 * path may carry credentials.
 */
const backupSettingsSchema = z.object({
  enableRemoteBackup: z.boolean().optional(),
  remoteBackupEnabled: z.boolean().optional(),
});
export type BackupSettings = z.infer<typeof backupSettingsSchema>;

const regionSchema = z.object({
  region: z.string(),
  backup: backupSettingsSchema.nullish(),
  /** The full version this region runs, e.g. "7.4.2". */
  redisVersionCompliance: z.string().optional(),
});

export const databaseSchema = z.object({
  databaseId: z.number().int(),
  name: z.string().optional(),
  /** active, pending, active-upgrade-pending, …: kept open so a new status never breaks a read. */
  status: z.string(),
  /** The selected major.minor, e.g. "7.4"; older databases report a triple such as "6.0.5". */
  redisVersion: reportedVersionField.optional(),
  /** The full compliance version, e.g. "7.4.2" (deprecated in the document, still sent). */
  redisVersionCompliance: reportedVersionField.optional(),
  /** Present (true) on Active-Active databases only. */
  activeActiveRedis: z.boolean().optional(),
  /** One entry per Active-Active region. */
  crdbDatabases: z.array(regionSchema).optional(),
  backup: backupSettingsSchema.nullish(),
  /** "host:port" where it answers (fixture rc-go-database-pro.json). */
  publicEndpoint: z.string().nullish(),
  privateEndpoint: z.string().nullish(),
  /**
   * When Redis Cloud last changed the database, an upgrade or any change of its configuration
   * (the OpenAPI Database example and FixedDatabase schema; fixture rc-go-database-pro.json).
   */
  lastModified: z.string().nullish(),
  /** Its Replica Of sources, each kept as "host:port" only: a source URI may carry a password. */
  replicaOf: z
    .object({ endpoints: z.array(z.string().transform(endpointOf)).default([]) })
    .nullish(),
});
export type CloudDatabase = z.infer<typeof databaseSchema>;

export const subscriptionSchema = z.object({
  /** active, pending, encryption_key_pending, error, deleting. */
  status: z.string(),
});

/**
 * The document types `error` as a string enum; real answers (Go SDK model,
 * Terraform provider issues) carry an object. Both are accepted.
 */
export const processorErrorSchema = z.union([
  z.object({
    /** The error code, e.g. DATABASE_UPGRADE_INVALID_REDIS_VERSION. */
    type: z.string().optional(),
    /** An HTTP status with its reason, e.g. "400 BAD_REQUEST". */
    status: z.string().optional(),
    description: z.string().optional(),
  }),
  z.string().transform((type) => ({ type, status: undefined, description: undefined })),
]);

export const taskSchema = z.object({
  taskId: z.string().min(1),
  commandType: z.string().optional(),
  /** initialized, received, processing-in-progress, processing-completed, processing-error. */
  status: z.string(),
  description: z.string().optional(),
  timestamp: z.string().optional(),
  response: z
    .object({
      resourceId: z.number().int().optional(),
      additionalResourceId: z.number().int().optional(),
      error: processorErrorSchema.optional(),
      additionalInfo: z.string().optional(),
    })
    .optional(),
});
export type CloudTask = z.infer<typeof taskSchema>;

/** The document wraps the list as `{tasks: [...]}`; whether the live API does is unconfirmed, so a bare array is read too. */
export const taskListSchema = z.union([
  z.object({ tasks: z.array(taskSchema) }).transform((list) => list.tasks),
  z.array(taskSchema),
]);

/** One target as the sources write it: `{redisVersion}` (OpenAPI TargetVersion), `{version}`, or the bare string. */
const targetSchema = z.union([
  z.string(),
  z.object({ redisVersion: z.string() }).transform((target) => target.redisVersion),
  z.object({ version: z.string() }).transform((target) => target.version),
]);

/**
 * Never seen live: the OpenAPI document gives `{targets: [TargetVersion]}`, redisctl reads a bare
 * array (docs/api-notes.md). Both are read; anything else fails the parse and the caller falls back.
 */
export const availableTargetsSchema = z.union([
  z.object({ targets: z.array(targetSchema) }).transform((list) => list.targets),
  z.array(targetSchema),
]);

export const redisVersionsSchema = z.object({
  redisVersions: z
    .array(
      z.object({
        version: z.string(),
        eolDate: z.string().optional(),
        isPreview: z.boolean().optional(),
        isDefault: z.boolean().optional(),
      }),
    )
    .default([]),
});

export const upgradeStatusSchema = z.object({
  databaseId: z.number().int().optional(),
  targetRedisVersion: z.string().optional(),
  /** Percent, 0–100. */
  progress: z.number().optional(),
  /**
   * The document (DatabaseVersionUpgradeStatus) lists in-progress,
   * in-progress-recovery-pending, done and failed; kept open, since how a
   * scheduled Active-Active request shows here is documented nowhere.
   */
  upgradeStatus: z.string().optional(),
});
export type UpgradeStatus = z.infer<typeof upgradeStatusSchema>;

/**
 * Synchronous error bodies are not documented. Seen or plausible: the task
 * error object, a wrapper holding one, Spring-style `{status, error, message}`,
 * and an nginx HTML page (a 401 in front of the API).
 */
export const errorBodySchema = z.object({
  type: z.string().optional(),
  status: z.union([z.string(), z.number()]).optional(),
  description: z.string().optional(),
  message: z.string().optional(),
  error: z.unknown().optional(),
  response: z.object({ error: z.unknown().optional() }).optional(),
});
