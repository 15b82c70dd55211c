import { cloudError } from "./errors";
import { SimDatabase, TaskError } from "./model";

/**
 * Backups as Redis Cloud runs them: POST …/backup answers with a task
 * (OpenAPI backupDatabase / backupDatabase_1) that ends in processing-completed,
 * or in processing-error when the database has no remote backup location
 * (DATABASE_BACKUP_DISABLED, as the Go client's test answers it) or the
 * backup fails (DATABASE_BACKUP_FAILED, from the document's error enum).
 */

/** The command type is not documented for this request; the backup-status request's is "databaseBackupStatusRequest". */
export const BACKUP_COMMAND = "databaseBackupRequest";

export interface SimBackups {
  /** Whether the database has a remote backup location. */
  destination: boolean;
  /** Armed by failNextBackup: the next backup task ends with this error. */
  armedFailure?: TaskError;
}

/** The body schema's writable fields (DatabaseBackupRequest, FixedDatabaseBackupRequest). */
const BODY_FIELDS = new Set(["regionName", "adhocBackupPath"]);

/** What is wrong with a backup request's body; undefined when it is well formed. */
export function backupBodyProblem(body: unknown): string | undefined {
  if (body === undefined) return undefined;
  if (typeof body !== "object" || body === null || Array.isArray(body)) return "the body must be a JSON object";
  const unknown = Object.keys(body).filter((key) => !BODY_FIELDS.has(key));
  if (unknown.length) return `unsupported fields ${unknown.join(", ")}; expected regionName or adhocBackupPath`;
  const { regionName } = body as { regionName?: unknown };
  return regionName === undefined || typeof regionName === "string" ? undefined : "regionName must be a string";
}

export function regionNameOf(body: unknown): string | undefined {
  return (body as { regionName?: string } | undefined)?.regionName;
}

/** Why the backup task fails, checked when it is processed; undefined when it succeeds. */
export function backupProblem(database: SimDatabase, regionName: string | undefined): TaskError | undefined {
  if (database.activeActive && regionName === undefined) {
    return cloudError(400, "ACTIVE_ACTIVE_BACKUP_MISSING_REGION_NAME", "regionName is required to back up an Active-Active database");
  }
  if (database.activeActive && !database.regions.includes(regionName ?? "")) {
    return cloudError(400, "ACTIVE_ACTIVE_INVALID_BACKUP_REGION_NAME", `Database ${database.databaseId} has no region ${regionName}`);
  }
  if (!database.activeActive && regionName !== undefined) {
    return cloudError(400, "BACKUP_REGION_NAME_IS_NOT_ALLOWED_WITH_SINGLE_REGION_SUBSCRIPTION", "regionName is only for Active-Active databases");
  }
  if (!database.backups.destination) return cloudError(400, "DATABASE_BACKUP_DISABLED", "Database backup is disabled");
  const failure = database.backups.armedFailure;
  database.backups.armedFailure = undefined;
  return failure;
}

/** The database's `backup` object: Pro and Active-Active regions say enableRemoteBackup, Essentials remoteBackupEnabled. */
export function renderBackupSettings(database: SimDatabase): Record<string, unknown> {
  const on = database.backups.destination;
  if (database.plan === "essentials") return { remoteBackupEnabled: on, status: "idle" };
  return on
    ? { enableRemoteBackup: true, interval: "every-12-hours", timeUTC: "14:00", destination: `s3://sim-backups/db-${database.databaseId}` }
    : { enableRemoteBackup: false };
}
