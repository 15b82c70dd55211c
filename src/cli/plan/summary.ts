import { PlanAction, PlanRow } from "../../engine";

/** How each action is counted in a summary, in the order a reviewer reads them. */
const COUNTED: Readonly<Record<PlanAction, string>> = {
  upgrade: "to upgrade",
  resume: "to resume",
  scheduled: "requested and pending",
  deferred: "deferred (a maintenance window, or upgradeAfter and its soak)",
  noop: "unchanged",
  refuse: "refused",
  error: "unreadable",
  unresolved: "unresolved until apply",
};

/** "3 pins: 1 to upgrade, 1 refused, 1 unreadable". */
export function summaryLine(rows: readonly PlanRow[]): string {
  if (rows.length === 0) return "no version pins found";
  const counts = Object.entries(COUNTED).flatMap(([action, label]) => {
    const count = rows.filter((row) => row.action === action).length;
    return count ? [`${count} ${label}`] : [];
  });
  return `${rows.length} pin${rows.length === 1 ? "" : "s"}: ${counts.join(", ")}`;
}

export type BlockingRow = PlanRow & { readonly action: "refuse" | "error" };

/** Rows that stop an apply: a refusal fails it, an unreadable control plane fails it too. */
export function needsAttention(row: PlanRow): row is BlockingRow {
  return row.action === "refuse" || row.action === "error";
}

/** The version column: an unreadable database has none. */
export function currentText(row: PlanRow): string {
  return row.action === "error" || row.action === "unresolved" ? "?" : row.current;
}
