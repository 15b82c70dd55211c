import type { Step, UpgradeEnd } from "../../engine/port";
import { Action } from "./schemas";
import { ACTION_STATUSES, statusMeaning } from "./status-meaning";

/** What one read of an SMUpgradeBDB action means for the follower: pending → active → completed | failed (or cancelled, aborted). */
export function actionStep<Op>(action: Action, redact: (text: string) => string, operation: Op): Step<Op, UpgradeEnd> {
  const meaning = statusMeaning(action.status, ACTION_STATUSES);
  const progress = { state: action.state ?? action.status, percent: action.progress };
  switch (meaning.kind) {
    case "succeeded":
      return { kind: "ended", result: { kind: "completed" } };
    case "ended":
      return { kind: "ended", result: { kind: "failed", reason: redact(actionFailure(action, meaning.how)) } };
    case "running":
      return { kind: "running", progress, operation };
    case "unknown":
      return { kind: "unknown", status: meaning.status, progress, operation };
  }
}

/** The cluster's reason, documented as a string; an object is read rather than lost. */
function actionFailure(action: Action, how: string): string {
  const error = typeof action.error === "string" ? action.error : (action.error?.description ?? action.error?.message ?? action.error?.error_code);
  const where = action.state ? ` in state ${action.state}` : "";
  return `${action.name ?? "the action"} ${how}${where}${error ? `: ${error}` : ""}`;
}
