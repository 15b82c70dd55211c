import { FollowOptions, Progress } from "../../engine";
import { Clock } from "../../core/clock";
import { pollUntilDone, PollStep, TimedOut } from "../../engine/poll";
import { CloudDatabaseClient } from "./client";
import { Refusal } from "./explain";
import { CloudTask } from "./schemas";

export type TaskOutcome =
  | { readonly kind: "completed" }
  | { readonly kind: "refused"; readonly refusal: Refusal }
  /** Seen, then forgotten: tasks expire, so the database has the last word. */
  | { readonly kind: "gone" }
  /** Never appeared at all. */
  | { readonly kind: "missing"; readonly polls: number }
  | TimedOut;

/** A new task can answer 404 for a moment; the Go SDK tolerates five in a row, and so do we. */
const EARLY_NOT_FOUND_LIMIT = 5;

const QUEUED = new Set(["initialized", "received"]);
const PROCESSING = "processing-in-progress";
const COMPLETED = "processing-completed";

/**
 * Polls GET /tasks/{id} to its end. `processing-completed` only means the
 * request was accepted: the database keeps upgrading afterwards, which
 * follow-database waits for.
 */
export async function followTask(client: CloudDatabaseClient, clock: Clock, taskId: string, options: FollowOptions): Promise<TaskOutcome> {
  let misses = 0;
  let seen = false;
  const look = async (): Promise<PollStep<TaskOutcome>> => {
    const task = await client.task(taskId);
    if (!task) {
      if (seen) return { result: { kind: "gone" } };
      misses++;
      return misses > EARLY_NOT_FOUND_LIMIT ? { result: { kind: "missing", polls: misses } } : {};
    }
    seen = true;
    return stepOf(task);
  };
  return pollUntilDone(look, options, clock);
}

export function isTaskRunning(task: CloudTask): boolean {
  return QUEUED.has(task.status) || task.status === PROCESSING;
}

/** Like the Go SDK, any status outside the documented running ones ends the wait as a failure. */
function stepOf(task: CloudTask): PollStep<TaskOutcome> {
  const progress = progressOf(task);
  if (isTaskRunning(task)) return { progress };
  if (task.status === COMPLETED) return { result: { kind: "completed" }, progress };
  const error = task.response?.error;
  const refusal: Refusal = error
    ? { code: error.type, status: error.status, description: error.description }
    : { status: task.status, description: task.description };
  return { result: { kind: "refused", refusal }, progress };
}

function progressOf(task: CloudTask): Progress {
  if (QUEUED.has(task.status)) {
    return { state: "task queued", detail: "Redis Cloud runs one task per account at a time; others may be ahead of it" };
  }
  return { state: `task ${task.status}` };
}
