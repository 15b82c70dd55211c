import { FollowOptions, FollowResult, Progress } from "../../engine";
import { RedisVersion, releaseLine } from "../../versions";
import { Clock } from "../../core/clock";
import { pollUntilDone, PollStep } from "../../engine/poll";
import { CloudDatabaseClient } from "./client";
import { databaseState } from "./database-status";
import { SUPPORT_URL } from "./explain";
import { currentVersion, isActiveActive, isUpgrading, reaches } from "./observation";
import { heldRequest, scheduledUpgrade } from "./scheduled";
import { CloudDatabase, UpgradeStatus } from "./schemas";

/**
 * After our task completes the database may still read `active` on its old
 * version for a moment before the upgrade shows. Past this long with nothing
 * moving we stop waiting and let the final read say what happened, rather
 * than sit out the whole timeout.
 */
const LANDING_GRACE_MS = 2 * 60_000;

const FAILED = "failed";

/**
 * Waits for the database to finish upgrading (status back to `active` through
 * the provider's pending statuses, the upgrade-status endpoint no longer in
 * progress, and, when we asked for a version, that version reached) and then
 * for its subscription to be `active`, as the Terraform provider does before
 * anything else touches it. A request Redis Cloud holds for a maintenance
 * window ends the wait as `scheduled`.
 */
export async function followDatabase(
  client: CloudDatabaseClient,
  clock: Clock,
  target: RedisVersion | undefined,
  options: FollowOptions,
  described: string,
): Promise<FollowResult> {
  let behindSince: number | undefined;
  /**
   * GET …/upgrade describes the latest attempt, which just after our task may
   * still be an earlier failed one, and it carries no time or task id to tell
   * them apart. So a "failed" counts as ours only once this wait has seen an
   * attempt run (a resume saw it running before it began), or once the grace
   * ran out with nothing else happening.
   */
  let seenRunning = target === undefined;
  const ended = (db: CloudDatabase, upgrade: UpgradeStatus | undefined): FollowResult | undefined => {
    if (databaseState(db.status) === "error") return { kind: "failed", reason: errorStatus(described) };
    if (isUpgrading(db, upgrade)) {
      seenRunning = true;
      behindSince = undefined;
      return undefined;
    }
    const failure = failedAttempt(upgrade, target, client.paths.upgrade);
    if (failure && seenRunning) return { kind: "failed", reason: failure };
    const current = currentVersion(db, client.paths.database);
    const scheduled = scheduledUpgrade(upgrade, current, isActiveActive(db), `GET ${client.paths.upgrade}`);
    if (scheduled) return { kind: "scheduled", scheduled };
    if (databaseState(db.status) !== "active") return undefined;
    if (!target || reaches(db, client.paths.database, target)) return { kind: "completed" };
    behindSince ??= clock.now();
    if (clock.now() - behindSince < LANDING_GRACE_MS) return undefined;
    if (failure) return { kind: "failed", reason: failure };
    // Accepted, and nothing moves: Redis Cloud holds Active-Active requests for the subscription's windows.
    if (isActiveActive(db)) return { kind: "scheduled", scheduled: heldRequest(target, true, `GET ${client.paths.upgrade}`) };
    return { kind: "completed" };
  };
  const look = async (): Promise<PollStep<FollowResult>> => {
    const [db, upgrade] = [await client.database(), await client.upgradeStatus()];
    return { result: ended(db, upgrade), progress: progressOf(db, upgrade) };
  };
  const database = await pollUntilDone(look, options, clock);
  if (database.kind !== "completed") return database;
  return followSubscription(client, clock, options);
}

function followSubscription(client: CloudDatabaseClient, clock: Clock, options: FollowOptions): Promise<FollowResult> {
  const look = async (): Promise<PollStep<FollowResult>> => {
    const status = await client.subscriptionStatus();
    const progress = { state: `subscription ${status}` };
    if (status === "active") return { result: { kind: "completed" }, progress };
    if (status !== "error") return { progress };
    const reason = `subscription ${client.address.subscriptionId} went into status "error"; check it in the console and contact Redis support (${SUPPORT_URL})`;
    return { result: { kind: "failed", reason }, progress };
  };
  return pollUntilDone(look, options, clock);
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
  if (databaseState(db.status) === "unknown") {
    return { state, detail: `a status the Terraform provider does not list; waiting for "active"` };
  }
  if (!isUpgrading(db, upgrade)) return { state };
  return {
    state,
    ...(upgrade?.progress === undefined ? {} : { percent: upgrade.progress }),
    ...(upgrade?.targetRedisVersion ? { detail: `upgrading to ${upgrade.targetRedisVersion}` } : {}),
  };
}
