import type { FollowResult } from "../../engine/port";
import { PollStep } from "../../engine/poll";
import { CrdbTask } from "./crdb-schemas";

/** What one read of a CRDB task means for the follower: queued → started → finished | failed. */
export function crdbTaskStep(task: CrdbTask, redact: (text: string) => string): PollStep<FollowResult> {
  switch (task.status) {
    case "finished":
      return { result: { kind: "completed" } };
    case "failed":
      return { result: { kind: "failed", reason: redact(taskFailure(task)) } };
    case "queued":
    case "started":
      return { progress: { state: task.status, detail: clusterProgress(task) } };
  }
}

/** "east: wait_for_version 50%, west: queued": each participant's step, as the task reports it. */
function clusterProgress(task: CrdbTask): string | undefined {
  const clusters = task.progress?.clusters ?? [];
  return clusters.length ? clusters.map((cluster) => `${cluster.name}: ${cluster.progress ?? "?"}`).join(", ") : undefined;
}

/** Every participant's error, so the user sees which cluster failed and why. */
function taskFailure(task: CrdbTask): string {
  if (!task.errors.length) return `task ${task.id} failed without naming a reason`;
  return task.errors
    .map((error) => [error.cluster_name, error.error_code, error.description ?? error.message].filter(Boolean).join(": "))
    .join("; ");
}
