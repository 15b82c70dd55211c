import { renderMarkdown } from "./markdown";
import { PlanRow } from "../../engine";
import { renderTable } from "./table";
import { inWaveOrder } from "./waves";

export const PLAN_FORMATS = ["table", "markdown", "json"] as const;
export type PlanFormat = (typeof PLAN_FORMATS)[number];

export function renderPlan(rows: readonly PlanRow[], format: PlanFormat): string {
  switch (format) {
    case "table":
      return renderTable(rows);
    case "markdown":
      return renderMarkdown(rows);
    case "json":
      return `${JSON.stringify({ pins: inWaveOrder(rows).map(jsonPin) }, null, 2)}\n`;
  }
}

/**
 * One shape for every row, so scripts need no special case: `current` is null
 * and `error` is set when the control plane could not be read (action "error");
 * `current` is null too when the database is known only at apply (action "unresolved").
 * A deferred pin lists the pins of upgradeAfter it waits for in `waitingOn`
 * (empty when it waits only for a maintenance window); a pin of a
 * RedisVersionRollout names its wave in `rollout`.
 */
function jsonPin(row: PlanRow) {
  return {
    address: row.address,
    platform: row.platform,
    kind: row.kind,
    database: row.database,
    current: row.action === "error" || row.action === "unresolved" ? null : row.current,
    pinned: row.pinned,
    action: row.action,
    ...(row.action === "error" || row.action === "upgrade" ? {} : { reason: row.reason }),
    ...(row.action === "error" ? { error: row.error } : {}),
    ...(row.action === "deferred" ? { waitingOn: row.waitingOn } : {}),
    ...(row.rollout ? { rollout: row.rollout } : {}),
    releaseNotes: row.releaseNotes,
    warnings: row.warnings,
    notes: row.notes,
  };
}
