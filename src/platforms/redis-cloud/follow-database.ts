import { FollowOptions, FollowResult, Progress } from "../../engine";
import { RedisVersion, releaseLine } from "../../versions";
import { CloudDatabaseClient } from "./client";
import { SUPPORT_URL } from "./explain";
import { isBehind, isUpgrading } from "./observation";
import { Clock, pollUntil } from "./poll";
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
  let last: Progress | undefined;
  let behindSince: number | undefined;
  const database = await pollUntil<FollowResult>(clock, options, async () => {
    const [db, upgrade] = [await client.database(), await client.upgradeStatus()];
    last = progressOf(db, upgrade);
    options.onProgress(last);
    const failure = failureOf(db, upgrade, target, described, client.paths.upgrade);
    if (failure) return { kind: "failed", reason: failure };
    if (isUpgrading(db, upgrade)) {
      behindSince = undefined;
      return undefined;
    }
    if (!target || !isBehind(db, client.paths.database, target)) return { kind: "completed" };
    behindSince ??= clock.now();
    return clock.now() - behindSince < LANDING_GRACE_MS ? undefined : { kind: "completed" };
  });
  if (database.kind === "deadline") return { kind: "timeout", last };
  if (database.value.kind !== "completed") return database.value;
  return followSubscription(client, clock, options);
}

async function followSubscription(client: CloudDatabaseClient, clock: Clock, options: FollowOptions): Promise<FollowResult> {
  let last: Progress | undefined;
  const subscription = await pollUntil<FollowResult>(clock, options, async () => {
    const status = await client.subscriptionStatus();
    last = { state: `subscription ${status}` };
    options.onProgress(last);
    if (status === "active") return { kind: "completed" };
    if (status === "error") {
      return { kind: "failed", reason: `subscription ${client.address.subscriptionId} went into status "error"; check it in the console and contact Redis support (${SUPPORT_URL})` };
    }
    return undefined;
  });
  return subscription.kind === "done" ? subscription.value : { kind: "timeout", last };
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
