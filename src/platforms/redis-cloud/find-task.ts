import { CloudDatabaseClient } from "./client";
import { isTaskRunning } from "./follow-task";
import { CloudTask } from "./schemas";

/**
 * This database's upgrade task that is queued or processing now, the one a
 * refusal "already running" means. Only a task that names this database (its
 * resourceId) is taken: a queued task names none yet, and in an account with
 * several pins it may be another database's upgrade, which following would
 * leave ours never requested. Without one the caller follows the database
 * itself (its status and GET …/upgrade), which is always about this database.
 */
export async function findRunningUpgradeTask(client: CloudDatabaseClient): Promise<CloudTask | undefined> {
  const tied = (await client.tasks()).filter(
    (task) => isUpgradeTask(task) && task.response?.resourceId === client.address.databaseId && isTaskRunning(task),
  );
  return tied.length === 1 ? tied[0] : undefined;
}

/** The Pro and Essentials upgrade commands differ in name (databaseUpgradeRequest, fixedDatabaseUpgradeRedisVersionRequest). */
export function isUpgradeTask(task: CloudTask): boolean {
  return /upgrade/i.test(task.commandType ?? "");
}
