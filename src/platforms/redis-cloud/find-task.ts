import { Clock } from "../../core/clock";
import { Deadline } from "../../core/deadline";
import { followSteps } from "../../engine/follow";
import { Step } from "../../engine/port";
import { DEFAULT_SCHEDULE } from "../../engine/schedule";
import { CloudDatabaseClient } from "./client";
import { isTaskRunning } from "./follow-task";
import { CloudTask } from "./schemas";

/** How long the search may wait for queued requests to show which database they are for, and what it says meanwhile. */
export interface SearchBounds {
  readonly clock: Clock;
  readonly deadline: Deadline;
  /** Told once, with the queued tasks' ids, when the search has to wait for them. */
  readonly onWait: (taskIds: readonly string[]) => void;
}

/**
 * The upgrade request of this database that Redis Cloud holds now, queued or
 * processing: the one a run killed right after its POST left behind, or the
 * one a refusal "already running" means. A task that names this database (its
 * resourceId) is taken at once. A queued task names none yet, and it may be
 * this database's request or another's: Redis Cloud processes one task per
 * account at a time, so a request of ours would wait behind it anyway, and
 * the search waits until each such task names its database (or ends) before
 * it answers. Another database's task is never taken for ours; undefined when
 * none is ours.
 */
export async function findRequestedUpgrade(client: CloudDatabaseClient, bounds: SearchBounds): Promise<CloudTask | undefined> {
  const running = (await client.tasks()).filter((task) => isUpgradeTask(task) && isTaskRunning(task));
  const ours = running.find((task) => names(task, client));
  if (ours) return ours;
  const unnamed = running.filter((task) => task.response?.resourceId === undefined).map((task) => task.taskId);
  if (unnamed.length === 0) return undefined;
  bounds.onWait(unnamed);
  return untilNamed(client, unnamed, bounds);
}

type Search = { readonly kind: "found"; readonly task: CloudTask } | { readonly kind: "none" };

/** Reads the task list on the follow schedule until every task in `pending` names its database or has ended; the one naming ours, if any. */
async function untilNamed(client: CloudDatabaseClient, pending: readonly string[], { clock, deadline }: SearchBounds): Promise<CloudTask | undefined> {
  const step = async (waiting: readonly string[]): Promise<Step<readonly string[], Search>> => {
    const listed = new Map((await client.tasks()).map((task) => [task.taskId, task]));
    const seen: CloudTask[] = [];
    for (const taskId of waiting) {
      // The list may hold only running tasks: one that left it is read by its id to see how it ended.
      const task = listed.get(taskId) ?? (await client.task(taskId));
      if (task) seen.push(task);
    }
    const ours = seen.find((task) => names(task, client));
    if (ours) return { kind: "ended", result: { kind: "found", task: ours } };
    const still = seen.filter((task) => isTaskRunning(task) && task.response?.resourceId === undefined).map((task) => task.taskId);
    return still.length === 0 ? { kind: "ended", result: { kind: "none" } } : { kind: "running", operation: still };
  };
  const outcome = await followSteps(pending, step, { clock, deadline, pollIntervalMs: DEFAULT_SCHEDULE.minMs, onProgress: () => undefined });
  if (outcome.kind === "timeout") throw deadline.expired(`the upgrade requests queued in the account (${pending.join(", ")}) to name their databases`);
  return outcome.kind === "found" ? outcome.task : undefined;
}

/** The Pro and Essentials upgrade commands differ in name (databaseUpgradeRequest, fixedDatabaseUpgradeRedisVersionRequest). */
export function isUpgradeTask(task: CloudTask): boolean {
  return /upgrade/i.test(task.commandType ?? "");
}

/** The task's resource is this database (and, when it says, this subscription). */
function names(task: CloudTask, client: CloudDatabaseClient): boolean {
  const { resourceId, additionalResourceId } = task.response ?? {};
  return resourceId === client.address.databaseId && (additionalResourceId === undefined || additionalResourceId === client.address.subscriptionId);
}
