import { Progress, Step, UpgradeEnd } from "../../engine/port";
import { RedisVersion, releaseLine } from "../../versions";
import { Clock } from "../../core/clock";
import { CloudDatabaseClient } from "./client";
import { databaseState } from "./database-status";
import { SUPPORT_URL } from "./explain";
import { currentVersion, isActiveActive, isUpgrading, landed } from "./observation";
import { heldRequest, scheduledUpgrade } from "./scheduled";
import { CloudDatabase, UpgradeStatus } from "./schemas";

/**
 * After our task completes the database may still read `active` on its old
 * version for a moment before the upgrade shows. Past this long with nothing
 * moving, a single-region database is left to the final read to say what
 * happened, rather than sitting out the whole timeout.
 */
const LANDING_GRACE_MS = 2 * 60_000;

const FAILED = "failed";

/** The database phase of a follow, and what earlier reads of it learnt. */
export interface DatabaseWatch {
  /** The version we asked for, when we know it. */
  readonly requested?: RedisVersion;
  /**
   * GET …/upgrade describes the latest attempt, which just after our task may
   * still be an earlier failed one, and it carries no time or task id to tell
   * them apart. So a "failed" counts as ours only once this follow has seen
   * an attempt run (a resume saw it running before it began), or once the
   * grace ran out with nothing else happening.
   */
  readonly seenRunning?: boolean;
  /** When a read first found the database active below the requested version, on the run's clock. */
  readonly behindSince?: number;
  /** The completed task said the upgrade is held for later: a positive signal of a schedule. */
  readonly taskSaysScheduled?: boolean;
}

export type DatabaseStep = Step<DatabaseWatch, UpgradeEnd>;

/**
 * One read of the database during its upgrade: status back to `active`
 * through the provider's pending statuses, the upgrade-status endpoint no
 * longer in progress, and, when we asked for a version, that version reached
 * in every region. A request Redis Cloud shows as held for a maintenance
 * window (the upgrade status names a held target, or the task said so) ends
 * as `scheduled`; an Active-Active request with no such signal is followed
 * to the deadline like any other, saying it has not started.
 */
export async function readDatabase(client: CloudDatabaseClient, clock: Clock, watch: DatabaseWatch, described: string): Promise<DatabaseStep> {
  const [db, upgrade] = [await client.database(), await client.upgradeStatus()];
  const progress = progressOf(db, upgrade);
  const target = watch.requested;
  if (databaseState(db.status) === "error") return failed(errorStatus(described));
  if (isUpgrading(db, upgrade)) return { kind: "running", progress, operation: { ...watch, seenRunning: true, behindSince: undefined } };
  const seenRunning = watch.seenRunning ?? target === undefined;
  const failure = failedAttempt(upgrade, target, client.paths.upgrade);
  if (failure && seenRunning) return failed(failure);
  const lookup = `GET ${client.paths.upgrade}`;
  const scheduled = scheduledUpgrade(upgrade, currentVersion(db, client.paths.database), isActiveActive(db), lookup);
  if (scheduled) return { kind: "ended", result: { kind: "scheduled", scheduled } };
  if (databaseState(db.status) === "unknown") return { kind: "unknown", status: db.status, progress, operation: watch };
  if (databaseState(db.status) !== "active") return { kind: "running", progress, operation: watch };
  if (!target || landed(db, client.paths.database, target)) return { kind: "ended", result: { kind: "completed" } };
  if (watch.taskSaysScheduled) return { kind: "ended", result: { kind: "scheduled", scheduled: heldRequest(target, isActiveActive(db), lookup) } };
  const behindSince = watch.behindSince ?? clock.now();
  const behindMs = clock.now() - behindSince;
  const next = { ...watch, behindSince };
  if (isActiveActive(db)) return { kind: "running", progress: notStarted(behindMs), operation: next };
  if (behindMs < LANDING_GRACE_MS) return { kind: "running", progress, operation: next };
  if (failure) return failed(failure);
  return { kind: "ended", result: { kind: "completed" } };
}

/** Once the database is done, its subscription must be `active` too, as the Terraform provider waits for before anything else touches it. */
export async function readSubscription(client: CloudDatabaseClient): Promise<Step<never, UpgradeEnd>> {
  const status = await client.subscriptionStatus();
  const progress = { state: `subscription ${status}` };
  if (status === "active") return { kind: "ended", result: { kind: "completed" } };
  if (status !== "error") return { kind: "running", progress };
  return failed(`subscription ${client.address.subscriptionId} went into status "error"; check it in the console and contact Redis support (${SUPPORT_URL})`);
}

/** An accepted Active-Active request that shows no sign of running or of a schedule, in its own words. */
function notStarted(behindMs: number): Progress {
  const minutes = Math.floor(behindMs / 60_000);
  return { state: `accepted, not started after ${minutes} min; no schedule visible`, detail: "following it until the deadline" };
}

function failed(reason: string): { readonly kind: "ended"; readonly result: UpgradeEnd } {
  return { kind: "ended", result: { kind: "failed", reason } };
}

function errorStatus(described: string): string {
  return `${described} went into status "error" during the upgrade; check it in the console and contact Redis support (${SUPPORT_URL})`;
}

function failedAttempt(upgrade: UpgradeStatus | undefined, target: RedisVersion | undefined, upgradePath: string): string | undefined {
  if (upgrade?.upgradeStatus !== FAILED) return undefined;
  const ours = !target || upgrade.targetRedisVersion === undefined || upgrade.targetRedisVersion === releaseLine(target);
  if (!ours) return undefined;
  const to = upgrade.targetRedisVersion ? ` to ${upgrade.targetRedisVersion}` : "";
  return `Redis Cloud reports that the upgrade${to} failed (GET ${upgradePath}: upgradeStatus "failed"); the database stays on its version`;
}

function progressOf(db: CloudDatabase, upgrade: UpgradeStatus | undefined): Progress {
  const state = `database ${db.status}`;
  if (!isUpgrading(db, upgrade)) return { state };
  return {
    state,
    ...(upgrade?.progress === undefined ? {} : { percent: upgrade.progress }),
    ...(upgrade?.targetRedisVersion ? { detail: `upgrading to ${upgrade.targetRedisVersion}` } : {}),
  };
}
