import type { Observation, UpgradedTogether } from "../../engine/port";
import { satisfies } from "../../engine/satisfies";
import { DeclaredCloudPlan } from "../../spec";
import { RedisVersion } from "../../versions";
import type { DatabasePaths, UpgradeTargets } from "./client";
import { currentVersion, isActiveActive, isUpgrading, observation } from "./observation";
import { CloudOperation, databaseOperation } from "./operation";
import { scheduledUpgrade } from "./scheduled";
import { CloudDatabase, UpgradeStatus } from "./schemas";

/**
 * What observe() reads of one database, wherever it was read from: its own
 * endpoints, or a plan's list of the subscription's databases
 * (src/platforms/redis-cloud/fleet.ts). Targets and the databases moved
 * together are asked for only when the observation needs them.
 */
export interface CloudReadings {
  readonly database: CloudDatabase;
  /** The latest upgrade attempt; undefined when there is none, or none that can be running or held. */
  readonly upgrade: UpgradeStatus | undefined;
  targets(current: RedisVersion): Promise<UpgradeTargets>;
  together(): Promise<UpgradedTogether>;
}

/** The one way a Redis Cloud observation is made, so a plan read from lists shows what observe() shows. */
export async function observeCloud(pin: RedisVersion, readings: CloudReadings, paths: DatabasePaths, declared: DeclaredCloudPlan): Promise<Observation<CloudOperation>> {
  const { database, upgrade } = readings;
  const current = currentVersion(database, paths.database);
  const activeActive = isActiveActive(database);
  const running = isUpgrading(database, upgrade) ? databaseOperation(paths) : undefined;
  const scheduled = running ? undefined : scheduledUpgrade(upgrade, current, activeActive, `GET ${paths.upgrade}`);
  // While an upgrade runs or waits, or once the pin is reached, there is nothing to choose: the targets are not asked for (one request less per pin).
  const targets = running || scheduled || satisfies(current, pin) ? undefined : await readings.targets(current);
  const together = activeActive ? await readings.together() : undefined;
  return observation({ database, path: paths.database, running, targets: targets?.versions, declared, scheduled, together, notes: targets?.notes });
}
