import type { FollowResult } from "../../engine/port";
import { PollStep } from "../../engine/poll";
import { Action } from "./schemas";
import { ACTION_STATUSES, statusMeaning, unknownStatusNote } from "./status-meaning";

/** What one read of an SMUpgradeBDB action means for the follower: pending → active → completed | failed (or cancelled, aborted). */
export function actionStep(action: Action, redact: (text: string) => string): PollStep<FollowResult> {
  const meaning = statusMeaning(action.status, ACTION_STATUSES);
  switch (meaning.kind) {
    case "succeeded":
      return { result: { kind: "completed" } };
    case "ended":
      return { result: { kind: "failed", reason: redact(actionFailure(action, meaning.how)) } };
    case "running":
      return { progress: { state: action.state ?? action.status, percent: action.progress } };
    case "unknown":
      return { progress: { state: action.state ?? action.status, percent: action.progress, detail: unknownStatusNote(meaning.status) } };
  }
}

/** The cluster's reason, documented as a string; an object is read rather than lost. */
function actionFailure(action: Action, how: string): string {
  const error = typeof action.error === "string" ? action.error : (action.error?.description ?? action.error?.message ?? action.error?.error_code);
  const where = action.state ? ` in state ${action.state}` : "";
  return `${action.name ?? "the action"} ${how}${where}${error ? `: ${error}` : ""}`;
}
