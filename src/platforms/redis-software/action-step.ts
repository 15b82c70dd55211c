import type { Step, UpgradeEnd } from "../../engine/port";
import { Action } from "./schemas";
import { ACTION_STATUSES, statusMeaning } from "./status-meaning";

/** What one read of an SMUpgradeBDB action means for the follower: pending → active → completed | failed (or cancelled, aborted). */
export function actionStep<Op>(action: Action, redact: (text: string) => string, operation: Op): Step<Op, UpgradeEnd> {
  const meaning = statusMeaning(action.status, ACTION_STATUSES);
  const progress = { state: redact(action.state ?? action.status), percent: action.progress };
  switch (meaning.kind) {
    case "succeeded":
      return { kind: "ended", result: { kind: "completed" } };
    case "ended":
      return { kind: "ended", result: { kind: "failed", reason: actionFailure(action, meaning.how, redact) } };
    case "running":
      return { kind: "running", progress, operation };
    case "unknown":
      return { kind: "unknown", status: redact(meaning.status), progress, operation };
  }
}

/** The cluster's reason, documented as a string; an object is read rather than lost. Only the cluster's words are redacted. */
function actionFailure(action: Action, how: string, redact: (text: string) => string): string {
  const error = typeof action.error === "string" ? action.error : (action.error?.description ?? action.error?.message ?? action.error?.error_code);
  const where = action.state ? ` in state ${redact(action.state)}` : "";
  return `${action.name ? redact(action.name) : "the action"} ${how}${where}${error ? `: ${redact(error)}` : ""}`;
}
