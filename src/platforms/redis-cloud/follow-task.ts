import { Progress, Step } from "../../engine/port";
import { CloudDatabaseClient } from "./client";
import { Refusal } from "./explain";
import { CloudTask } from "./schemas";

export type TaskOutcome =
  /** `says`: the task's own words on how it ended (additionalInfo, else description). */
  | { readonly kind: "completed"; readonly says?: string }
  | { readonly kind: "refused"; readonly refusal: Refusal }
  /** Seen, then forgotten: tasks expire, so the database has the last word. */
  | { readonly kind: "gone" }
  /** Never appeared at all. */
  | { readonly kind: "missing"; readonly polls: number };

/** A task being followed, and what earlier reads of it learnt. */
export interface TaskWatch {
  readonly taskId: string;
  /** Set once a read found it: a 404 after that means it expired. */
  readonly seen?: boolean;
  /** 404s in a row before it was ever seen. */
  readonly misses?: number;
}

/** A new task can answer 404 for a moment; the Go SDK tolerates five in a row, and so do we. */
const EARLY_NOT_FOUND_LIMIT = 5;

const QUEUED = new Set(["initialized", "received"]);
const PROCESSING = "processing-in-progress";
const COMPLETED = "processing-completed";
/** The document's TaskStateUpdate.status enum ends here on failure. */
const ERROR = "processing-error";

/**
 * One read of GET /tasks/{id}. `processing-completed` only means the request
 * was accepted: the database keeps upgrading afterwards, which
 * follow-database reads. A status the document does not list is followed
 * (named, until the deadline) unless the task carries an error.
 */
export async function readTask(client: CloudDatabaseClient, watch: TaskWatch): Promise<Step<TaskWatch, TaskOutcome>> {
  const task = await client.task(watch.taskId);
  if (!task) {
    if (watch.seen) return { kind: "ended", result: { kind: "gone" } };
    const misses = (watch.misses ?? 0) + 1;
    if (misses > EARLY_NOT_FOUND_LIMIT) return { kind: "ended", result: { kind: "missing", polls: misses } };
    return { kind: "running", operation: { ...watch, misses } };
  }
  const seen = { ...watch, seen: true };
  const progress = progressOf(task);
  if (isTaskRunning(task)) return { kind: "running", progress, operation: seen };
  if (task.status === COMPLETED) return { kind: "ended", result: { kind: "completed", says: task.response?.additionalInfo ?? task.description } };
  if (task.status === ERROR || task.response?.error !== undefined) return { kind: "ended", result: { kind: "refused", refusal: refusalOf(task) } };
  return { kind: "unknown", status: task.status, progress, operation: seen };
}

export function isTaskRunning(task: CloudTask): boolean {
  return QUEUED.has(task.status) || task.status === PROCESSING;
}

function refusalOf(task: CloudTask): Refusal {
  const error = task.response?.error;
  return error ? { code: error.type, status: error.status, description: error.description } : { status: task.status, description: task.description };
}

function progressOf(task: CloudTask): Progress {
  if (QUEUED.has(task.status)) {
    return { state: "task queued", detail: "Redis Cloud runs one task per account at a time; others may be ahead of it" };
  }
  return { state: `task ${task.status}` };
}
