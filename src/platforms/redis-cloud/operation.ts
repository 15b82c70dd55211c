import { Operation } from "../../engine/port";
import { RedisVersion } from "../../versions";
import { DatabasePaths } from "./client";
import { DatabaseWatch } from "./follow-database";
import { TaskWatch } from "./follow-task";

/**
 * What an upgrade is followed through, one phase after another: the task an
 * upgrade request returned (with the version it asked for, so following it
 * knows what "landed" means); the database itself (its status and its
 * upgrade-status endpoint), also for an upgrade found already running with
 * no task to hand; then its subscription. Each phase carries what its
 * earlier reads learnt, so the upgrader keeps nothing between reads.
 */
export type CloudOperation =
  | (Operation & { readonly kind: "task"; readonly requested?: RedisVersion } & TaskWatch)
  /** `requested`: the version we asked for when Redis Cloud said one was already running, so a queued upgrade gets time to show. */
  | (Operation & { readonly kind: "database" } & DatabaseWatch)
  | (Operation & { readonly kind: "subscription" });

export function taskOperation(taskId: string, paths: DatabasePaths, requested?: RedisVersion): CloudOperation {
  return { kind: "task", taskId, lookup: `GET ${paths.tasks}/${taskId}`, ...(requested ? { requested } : {}) };
}

export function databaseOperation(paths: DatabasePaths, requested?: RedisVersion, taskSaysScheduled = false): CloudOperation {
  return { kind: "database", lookup: `GET ${paths.upgrade}`, ...(requested ? { requested } : {}), ...(taskSaysScheduled ? { taskSaysScheduled } : {}) };
}

export function subscriptionOperation(paths: DatabasePaths): CloudOperation {
  return { kind: "subscription", lookup: `GET ${paths.subscription}` };
}
