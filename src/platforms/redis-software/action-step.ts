import type { FollowResult } from "../../engine/port";
import { PollStep } from "../../engine/poll";
import { Action } from "./schemas";

/** What one read of an SMUpgradeBDB action means for the follower: pending → active → completed | failed. */
export function actionStep(action: Action, redact: (text: string) => string): PollStep<FollowResult> {
  switch (action.status) {
    case "completed":
      return { result: { kind: "completed" } };
    case "failed":
      return { result: { kind: "failed", reason: redact(actionFailure(action)) } };
    case "pending":
    case "active":
      return { progress: { state: action.state ?? action.status, percent: action.progress } };
  }
}

/** The cluster's reason, documented as a string; an object is read rather than lost. */
function actionFailure(action: Action): string {
  const error = typeof action.error === "string" ? action.error : (action.error?.description ?? action.error?.message ?? action.error?.error_code);
  const where = action.state ? ` in state ${action.state}` : "";
  return `${action.name ?? "the action"} failed${where}${error ? `: ${error}` : ""}`;
}
