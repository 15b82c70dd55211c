/**
 * What a `status` word from the cluster means for the follower. Statuses are
 * an open enum here: the docs disagree with each other, and one word we did
 * not list must never block plan or apply. A word we do not know is followed
 * as the engine follows every unknown status (src/engine/follow.ts).
 */
export type StatusMeaning =
  | { readonly kind: "running" }
  | { readonly kind: "succeeded" }
  /** Ended without success; `how` completes "the upgrade …". */
  | { readonly kind: "ended"; readonly how: string }
  | { readonly kind: "unknown"; readonly status: string };

interface Vocabulary {
  readonly running: readonly string[];
  readonly succeeded: string;
  readonly ended: Readonly<Record<string, string>>;
}

/** Ends that every vocabulary shares: a cancel or an abort is not a failure of the upgrade itself, and says so. */
const CANCELLED = { cancelled: "was cancelled", canceled: "was cancelled", aborted: "was aborted" };

/**
 * Actions, the union of what the docs name: state machines in `GET /v1/actions/bdb/{uid}`
 * (redis/docs content/operate/rs/references/rest-api/requests/actions/bdb.md: pending, active,
 * completed, failed) and the action object (…/rest-api/objects/action.md: queued, starting,
 * running, cancelling, cancelled, aborted, completed, failed).
 */
export const ACTION_STATUSES: Vocabulary = {
  running: ["pending", "active", "queued", "starting", "running", "cancelling"],
  succeeded: "completed",
  ended: { failed: "failed", ...CANCELLED },
};

/**
 * CRDB tasks (redis/docs …/rest-api/objects/crdb_task.md: queued, started, finished, failed).
 * A task can be cancelled (POST /v1/crdb_tasks/{id}/actions/cancel, …/requests/crdb_tasks/_index.md)
 * but the docs do not say what status that leaves: both spellings and "aborted" end the follow.
 */
export const CRDB_TASK_STATUSES: Vocabulary = {
  running: ["queued", "started"],
  succeeded: "finished",
  ended: { failed: "failed", ...CANCELLED },
};

export function statusMeaning(status: string, vocabulary: Vocabulary): StatusMeaning {
  if (status === vocabulary.succeeded) return { kind: "succeeded" };
  if (Object.hasOwn(vocabulary.ended, status)) return { kind: "ended", how: vocabulary.ended[status] };
  return vocabulary.running.includes(status) ? { kind: "running" } : { kind: "unknown", status };
}

/** Not ended: running, or a word we do not know (followed rather than guessed to be over). */
export function notEnded(status: string, vocabulary: Vocabulary): boolean {
  const { kind } = statusMeaning(status, vocabulary);
  return kind === "running" || kind === "unknown";
}
