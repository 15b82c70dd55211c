import { Backup, BackupEnd, Step } from "../../engine/port";
import { ApiError } from "../../core/errors";
import { CloudDatabaseClient } from "./client";
import { ExplainContext, Refusal, redactedRefusal } from "./explain";
import { readTask, TaskWatch } from "./follow-task";
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

/** The backup under way: the parts (regions) in order, the one whose task is followed, and the lookups of those done. */
export interface CloudBackup extends TaskWatch {
  readonly parts: readonly Part[];
  readonly index: number;
  readonly lookups: readonly string[];
}

type Started = Awaited<ReturnType<Backup<CloudBackup>["start"]>>;

/**
 * Backs a Redis Cloud database up to its configured destination, one part
 * (region) after another, each followed through its task by the engine's
 * loop. A database that says it has no remote backup is refused before
 * anything is sent; one that says nothing is tried, and the task's error
 * tells. The next region's request is sent when the read that sees the
 * previous one done: regions are backed up one at a time.
 */
export class CloudBackups implements Backup<CloudBackup> {
  constructor(
    private readonly client: CloudDatabaseClient,
    private readonly explain: ExplainContext,
  ) {}

  async start(): Promise<Started> {
    const parts = partsOf(await this.client.database());
    const without = parts.filter((part) => switchedOff(part.settings));
    if (without.length) return { kind: "ended", result: noDestination(this.client, this.explain, without) };
    return this.request(parts, 0, []);
  }

  async step(backup: CloudBackup): Promise<Step<CloudBackup, BackupEnd>> {
    const read = await readTask(this.client, backup);
    if (read.kind !== "ended") return { ...read, operation: { ...backup, ...read.operation } };
    const part = backup.parts[backup.index];
    const lookup = `GET ${this.client.taskPath(backup.taskId)}${where(part)}`;
    const outcome = read.result;
    switch (outcome.kind) {
      case "completed": {
        const lookups = [...backup.lookups, lookup];
        if (backup.index + 1 >= backup.parts.length) return { kind: "ended", result: { kind: "backed-up", lookup: lookups.join(", ") } };
        const next = await this.request(backup.parts, backup.index + 1, lookups);
        return next.kind === "ended" ? next : { kind: "running", operation: next.operation };
      }
      case "refused":
        return { kind: "ended", result: refused(this.client, this.explain, outcome.refusal, lookup, [part]) };
      case "gone":
      case "missing":
        // Without the task's end there is no proof of a backup, and no upgrade goes without one.
        return {
          kind: "ended",
          result: { kind: "failed", reason: `Redis Cloud lost track of backup task ${backup.taskId} before it ended; look for it with GET ${this.client.paths.tasks}` },
        };
    }
  }

  private async request(parts: readonly Part[], index: number, lookups: readonly string[]): Promise<Started> {
    const part = parts[index];
    try {
      const { taskId } = await this.client.requestBackup(part.regionName);
      return { kind: "started", operation: { parts, index, lookups, taskId } };
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      const refusal = { code: error.errorCode, status: String(error.status), description: error.detail };
      return { kind: "ended", result: refused(this.client, this.explain, refusal, `POST ${this.client.paths.backup}${where(part)}`, [part]) };
    }
  }
}

function where(part: Part): string {
  return part.regionName === undefined ? "" : ` (region ${part.regionName})`;
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

function refused(client: CloudDatabaseClient, explain: ExplainContext, refusal: Refusal, lookup: string, parts: readonly Part[]): BackupEnd {
  if (refusal.code !== undefined && NO_DESTINATION.has(refusal.code)) return noDestination(client, explain, parts);
  const words = redactedRefusal(refusal, (text) => client.redact(text));
  const said = [words.code, words.description].filter(Boolean).join(": ") || words.status || "no reason given";
  return { kind: "failed", reason: `Redis Cloud answered ${said} (${lookup})` };
}

function noDestination(client: CloudDatabaseClient, explain: ExplainContext, parts: readonly Part[]): BackupEnd {
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
