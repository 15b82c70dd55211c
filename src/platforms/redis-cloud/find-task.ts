import { CloudDatabaseClient } from "./client";
import { isTaskRunning } from "./follow-task";
import { CloudTask } from "./schemas";

/** Our clock and Redis Cloud's differ; a task stamped this much before our request may still be the one it created. */
const CLOCK_SKEW_MS = 60_000;

export type TaskFilter =
  /** An upgrade that is queued or processing now: the one a refusal "already running" means. */
  | { readonly kind: "running" }
  /** Any upgrade created since we sent ours: did a request whose answer we lost go through? */
  | { readonly kind: "since"; readonly at: number };

/**
 * Finds this database's upgrade task in the account's task list. A queued
 * task does not name its database yet, so a task that names none counts as a
 * candidate, and only a single candidate is taken: with two we cannot tell
 * which is ours, and following the database instead is always safe.
 */
export async function findUpgradeTask(client: CloudDatabaseClient, filter: TaskFilter): Promise<CloudTask | undefined> {
  const candidates = (await client.tasks()).filter(
    (task) => isUpgrade(task) && mayConcern(task, client.address.databaseId) && matches(task, filter),
  );
  return candidates.length === 1 ? candidates[0] : undefined;
}

/** The Pro and Essentials upgrade commands differ in name (databaseUpgradeRequest, fixedDatabaseUpgradeRedisVersionRequest). */
function isUpgrade(task: CloudTask): boolean {
  return /upgrade/i.test(task.commandType ?? "");
}

function mayConcern(task: CloudTask, databaseId: number): boolean {
  const resourceId = task.response?.resourceId;
  return resourceId === undefined || resourceId === databaseId;
}

function matches(task: CloudTask, filter: TaskFilter): boolean {
  if (filter.kind === "running") return isTaskRunning(task);
  const stamped = Date.parse(task.timestamp ?? "");
  return Number.isFinite(stamped) && stamped >= filter.at - CLOCK_SKEW_MS;
}
