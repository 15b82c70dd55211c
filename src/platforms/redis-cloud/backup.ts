import { BackupResult, FollowOptions } from "../../engine/port";
import { ApiError } from "../../core/errors";
import { Clock } from "../../core/clock";
import { CloudDatabaseClient } from "./client";
import { ExplainContext, Refusal } from "./explain";
import { followTask } from "./follow-task";
import { BackupSettings, CloudDatabase } from "./schemas";

/**
 * Task error types meaning the database has nowhere to back up to: the
 * OpenAPI error enum's DATABASE_BACKUP_DISABLED and DATABASE_BACKUP_NOT_CONFIGURED
 * (the first as the Go client's test answers it, fixture rc-go-backup-status-task-error.json).
 */
const NO_DESTINATION = new Set(["DATABASE_BACKUP_DISABLED", "DATABASE_BACKUP_NOT_CONFIGURED"]);

/** The regions to back up: "you must back up each region separately" (OpenAPI DatabaseBackupRequest.regionName). */
interface Part {
  readonly regionName?: string;
  readonly settings?: BackupSettings | null;
}

/**
 * Backs a Redis Cloud database up to its configured destination and waits
 * for each backup task to end. A database that says it has no remote backup
 * is refused before anything is sent; one that says nothing is tried, and
 * the task's error tells.
 */
export async function backUpCloudDatabase(client: CloudDatabaseClient, clock: Clock, explain: ExplainContext, options: FollowOptions): Promise<BackupResult> {
  const parts = partsOf(await client.database());
  const without = parts.filter((part) => switchedOff(part.settings));
  if (without.length) return noDestination(client, explain, without);
  const lookups: string[] = [];
  for (const part of parts) {
    const result = await backUpPart(client, clock, explain, part, options);
    if (result.kind !== "backed-up") return result;
    lookups.push(result.lookup);
  }
  return { kind: "backed-up", lookup: lookups.join(", ") };
}

/** False when any part says it has no remote backup, true when every part says it has one; undefined otherwise. */
export function backupDestination(database: CloudDatabase): boolean | undefined {
  const parts = partsOf(database);
  if (parts.some((part) => switchedOff(part.settings))) return false;
  const said = parts.every((part) => part.settings?.enableRemoteBackup === true || part.settings?.remoteBackupEnabled === true);
  return said && parts.length > 0 ? true : undefined;
}

function partsOf(database: CloudDatabase): Part[] {
  if (database.activeActiveRedis !== true) return [{ settings: database.backup }];
  return (database.crdbDatabases ?? []).map((region) => ({ regionName: region.region, settings: region.backup }));
}

function switchedOff(settings: BackupSettings | null | undefined): boolean {
  return settings?.enableRemoteBackup === false || settings?.remoteBackupEnabled === false;
}

async function backUpPart(client: CloudDatabaseClient, clock: Clock, explain: ExplainContext, part: Part, options: FollowOptions): Promise<BackupResult> {
  const where = part.regionName === undefined ? "" : ` (region ${part.regionName})`;
  let taskId: string;
  try {
    taskId = (await client.requestBackup(part.regionName)).taskId;
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    return refused(client, explain, { code: error.errorCode, status: String(error.status), description: error.detail }, `POST ${client.paths.backup}${where}`, [part]);
  }
  const lookup = `GET ${client.taskPath(taskId)}${where}`;
  const outcome = await followTask(client, clock, taskId, options);
  switch (outcome.kind) {
    case "completed":
      return { kind: "backed-up", lookup };
    case "timeout":
      return outcome;
    case "refused":
      return refused(client, explain, outcome.refusal, lookup, [part]);
    case "gone":
    case "missing":
      // Without the task's end there is no proof of a backup, and no upgrade goes without one.
      return { kind: "failed", reason: `Redis Cloud lost track of backup task ${taskId} before it ended; look for it with GET ${client.paths.tasks}` };
  }
}

function refused(client: CloudDatabaseClient, explain: ExplainContext, refusal: Refusal, lookup: string, parts: readonly Part[]): BackupResult {
  if (refusal.code !== undefined && NO_DESTINATION.has(refusal.code)) return noDestination(client, explain, parts);
  const said = [refusal.code, refusal.description].filter(Boolean).join(": ") || refusal.status || "no reason given";
  return { kind: "failed", reason: client.redact(`Redis Cloud answered ${said} (${lookup})`) };
}

function noDestination(client: CloudDatabaseClient, explain: ExplainContext, parts: readonly Part[]): BackupResult {
  const regions = parts.flatMap((part) => (part.regionName === undefined ? [] : [part.regionName]));
  const which = regions.length ? `${explain.database}, region ${regions.join(" and ")},` : explain.database;
  const api =
    explain.plan === "essentials"
      ? `PUT ${client.paths.database} with periodicBackupPath set to a storage path`
      : `PUT ${client.paths.database}${regions.length ? "/regions" : ""} with remoteBackup {active: true, interval, storageType, storagePath}`;
  return {
    kind: "no-destination",
    fix:
      `${which} has no remote backup location. Give it one in the Redis Cloud console (the database's Configuration → Durability → Remote backup) ` +
      `or with the API (${api}); see https://redis.io/docs/latest/operate/rc/databases/back-up-data/. ` +
      "Then run terraform apply again, or remove backupBeforeUpgrade from the pin.",
  };
}
