import { ScheduledUpgrade } from "../../engine/port";
import { compareVersions, RedisVersion, tryParseVersion } from "../../versions";
import { UpgradeStatus } from "./schemas";

/**
 * Redis Cloud's upgrade page (redis/docs, rc/databases/upgrade-version.md,
 * before commit 461ea612) said an Active-Active upgrade is a request for the
 * whole subscription: "The upgrade will start in 1-3 weeks from your request,
 * according to your subscription's maintenance windows. All databases in the
 * subscription will be upgraded to the same version."
 */
export const ACTIVE_ACTIVE_SCHEDULE = "Redis Cloud schedules Active-Active upgrades within 1–3 weeks in the subscription's maintenance windows";
const MAINTENANCE_WINDOW = "Redis Cloud holds the upgrade for the subscription's maintenance window";

/**
 * No source says how GET …/upgrade shows a request that waits for its window:
 * the document lists in-progress, in-progress-recovery-pending, done, failed.
 * These words, naming a target above the current version, are read as "held
 * for later"; see docs/api-notes.md.
 */
const HELD = new Set(["scheduled", "pending", "requested", "queued", "waiting"]);

/** The request the upgrade status says is held for later, if any. */
export function scheduledUpgrade(
  upgrade: UpgradeStatus | undefined,
  current: RedisVersion,
  activeActive: boolean,
  lookup: string,
): ScheduledUpgrade | undefined {
  if (!HELD.has(upgrade?.upgradeStatus ?? "")) return undefined;
  const to = tryParseVersion(upgrade?.targetRedisVersion?.trim() ?? "");
  if (!to || compareVersions(to, current) <= 0) return undefined;
  return heldRequest(to, activeActive, lookup);
}

export function heldRequest(to: RedisVersion, activeActive: boolean, lookup: string): ScheduledUpgrade {
  return { to, why: activeActive ? ACTIVE_ACTIVE_SCHEDULE : MAINTENANCE_WINDOW, lookup };
}
