import { FollowOptions, FollowResult, Progress } from "../../engine";
import { RedisVersion, releaseLine } from "../../versions";
import { Clock } from "../../core/clock";
import { pollUntilDone, PollStep } from "../../engine/poll";
import { CloudDatabaseClient } from "./client";
import { SUPPORT_URL } from "./explain";
import { isUpgrading, reaches } from "./observation";
import { CloudDatabase, UpgradeStatus } from "./schemas";

/**
 * After our task completes the database may still read `active` on its old
 * version for a moment before the upgrade shows. Past this long with nothing
 * moving we stop waiting and let the final read say what happened, rather
 * than sit out the whole timeout.
 */
const LANDING_GRACE_MS = 2 * 60_000;

/**
 * Waits for the database to finish upgrading (status back to `active`, the
 * upgrade-status endpoint no longer in progress, and, when we asked for a
 * version, that version reached) and then for its subscription to be
 * `active`, as the Terraform provider does before anything else touches it.
 */
export async function followDatabase(
  client: CloudDatabaseClient,
  clock: Clock,
  target: RedisVersion | undefined,
  options: FollowOptions,
  described: string,
): Promise<FollowResult> {
  let behindSince: number | undefined;
  /** How the upgrade ended, or undefined while it still runs (or has not shown yet). */
  const ended = (db: CloudDatabase, upgrade: UpgradeStatus | undefined): FollowResult | undefined => {
    const failure = failureOf(db, upgrade, target, described, client.paths.upgrade);
    if (failure) return { kind: "failed", reason: failure };
    if (isUpgrading(db, upgrade)) {
      behindSince = undefined;
      return undefined;
    }
    if (!target || reaches(db, client.paths.database, target)) return { kind: "completed" };
    behindSince ??= clock.now();
    return clock.now() - behindSince < LANDING_GRACE_MS ? undefined : { kind: "completed" };
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

function failureOf(
  db: CloudDatabase,
  upgrade: UpgradeStatus | undefined,
  target: RedisVersion | undefined,
  described: string,
  upgradePath: string,
): string | undefined {
  if (db.status === "error") {
    return `${described} went into status "error" during the upgrade; check it in the console and contact Redis support (${SUPPORT_URL})`;
  }
  const ours = !target || upgrade?.targetRedisVersion === undefined || upgrade.targetRedisVersion === releaseLine(target);
  if (upgrade?.upgradeStatus === "failed" && ours) {
    const to = upgrade.targetRedisVersion ? ` to ${upgrade.targetRedisVersion}` : "";
    return `Redis Cloud reports that the upgrade${to} failed (GET ${upgradePath}: upgradeStatus "failed"); the database stays on its version`;
  }
  return undefined;
}

function progressOf(db: CloudDatabase, upgrade: UpgradeStatus | undefined): Progress {
  if (!isUpgrading(db, upgrade)) return { state: `database ${db.status}` };
  return {
    state: `database ${db.status}`,
    ...(upgrade?.progress === undefined ? {} : { percent: upgrade.progress }),
    ...(upgrade?.targetRedisVersion ? { detail: `upgrading to ${upgrade.targetRedisVersion}` } : {}),
  };
}
