import type { Step, UpgradeEnd } from "../../engine/port";
import { CrdbTask } from "./crdb-schemas";
import { CRDB_TASK_STATUSES, statusMeaning } from "./status-meaning";

/** What one read of a CRDB task means for the follower: queued → started → finished | failed (or cancelled). */
export function crdbTaskStep<Op>(task: CrdbTask, redact: (text: string) => string, operation: Op): Step<Op, UpgradeEnd> {
  const meaning = statusMeaning(task.status, CRDB_TASK_STATUSES);
  const progress = { state: redact(task.status), detail: clusterProgress(task, redact) };
  switch (meaning.kind) {
    case "succeeded":
      return { kind: "ended", result: { kind: "completed" } };
    case "ended":
      return { kind: "ended", result: { kind: "failed", reason: taskFailure(task, meaning.how, redact) } };
    case "running":
      return { kind: "running", progress, operation };
    case "unknown":
      return { kind: "unknown", status: redact(meaning.status), progress, operation };
  }
}

/** "east: wait_for_version 50%, west: queued": each participant's step, as the task reports it. */
function clusterProgress(task: CrdbTask, redact: (text: string) => string): string | undefined {
  const clusters = task.progress?.clusters ?? [];
  return clusters.length ? redact(clusters.map((cluster) => `${cluster.name}: ${cluster.progress ?? "?"}`).join(", ")) : undefined;
}

/** Every participant's error, so the user sees which cluster failed and why; only the cluster's words are redacted. */
function taskFailure(task: CrdbTask, how: string, redact: (text: string) => string): string {
  if (!task.errors.length) return `task ${redact(task.id)} ${how} without naming a reason`;
  const errors = task.errors
    .map((error) => redact([error.cluster_name, error.error_code, error.description ?? error.message].filter(Boolean).join(": ")))
    .join("; ");
  // "the upgrade failed: <errors>" reads right as it is; a cancel or an abort says so first.
  return how === "failed" ? errors : `task ${redact(task.id)} ${how}: ${errors}`;
}
