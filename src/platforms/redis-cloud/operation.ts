import { Operation } from "../../engine/port";
import { RedisVersion } from "../../versions";
import { DatabasePaths } from "./client";

/**
 * What an upgrade is followed through: the task an upgrade request returned
 * (with the version it asked for, so following it knows what "landed"
 * means), or, for an upgrade found already running with no task to hand,
 * the database itself (its status and its upgrade-status endpoint).
 */
export type CloudOperation =
  | (Operation & { readonly kind: "task"; readonly taskId: string; readonly requested?: RedisVersion })
  /** `requested`: the version we asked for when Redis Cloud said one was already running, so a queued upgrade gets time to show. */
  | (Operation & { readonly kind: "database"; readonly requested?: RedisVersion });

export function taskOperation(taskId: string, paths: DatabasePaths, requested?: RedisVersion): CloudOperation {
  return { kind: "task", taskId, lookup: `GET ${paths.tasks}/${taskId}`, ...(requested ? { requested } : {}) };
}

export function databaseOperation(paths: DatabasePaths, requested?: RedisVersion): CloudOperation {
  return { kind: "database", lookup: `GET ${paths.upgrade}`, ...(requested ? { requested } : {}) };
}
