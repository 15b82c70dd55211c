import { PlanRow } from "../../engine";
import { currentText, summaryLine } from "./summary";
import { groupByWave } from "./waves";

const HEADER = ["PIN", "DATABASE", "CURRENT", "PINNED", "ACTION"] as const;

/** For a terminal: aligned columns (a rollout's rows under a line per wave), then what each pin has to say, then the counts. */
export function renderTable(rows: readonly PlanRow[]): string {
  if (rows.length === 0) return `${summaryLine(rows)}\n`;
  const groups = groupByWave(rows);
  const ordered = groups.flatMap((group) => group.rows);
  const [header, ...lines] = aligned([[...HEADER], ...ordered.map((row) => [row.address, row.database, currentText(row), row.pinned, row.action])]);
  let next = 0;
  const table = groups.flatMap((group) => [...(group.heading ? [`-- ${group.heading}`] : []), ...lines.slice(next, (next += group.rows.length))]);
  return [header, ...table, "", ...ordered.flatMap(detailLines), "", summaryLine(rows), ""].join("\n");
}

function aligned(table: readonly string[][]): string[] {
  const widths = table[0].map((_, column) => Math.max(...table.map((cells) => cells[column].length)));
  return table.map((cells) => cells.map((cell, column) => cell.padEnd(widths[column])).join("  ").trimEnd());
}

function detailLines(row: PlanRow): string[] {
  const more = [
    ...row.warnings.map((text) => `warning: ${text}`),
    ...row.notes.map((text) => `note: ${text}`),
    ...row.releaseNotes.map((url) => `release notes: ${url}`),
  ];
  return [hanging(headline(row), ""), ...more.map((text) => hanging(text, "  "))];
}

function headline(row: PlanRow): string {
  switch (row.action) {
    case "upgrade":
      return `${row.address}: upgrade ${row.current} → ${row.pinned}`;
    case "error":
      return `${row.address}: error: ${row.error}`;
    case "noop":
    case "resume":
    case "refuse":
    case "scheduled":
    case "deferred":
    case "unresolved":
      return `${row.address}: ${row.action}: ${row.reason}`;
  }
}

/** Continuation lines of a multi-line message sit under its first line, indented. */
function hanging(text: string, prefix: string): string {
  return text
    .split("\n")
    .map((line, i) => (i === 0 ? `${prefix}${line}` : `${prefix}    ${line.trimStart()}`))
    .join("\n");
}
