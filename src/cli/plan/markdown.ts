import { PlanRow } from "../../engine";
import { BlockingRow, currentText, needsAttention, summaryLine } from "./summary";
import { groupByWave, inWaveOrder } from "./waves";

/** Hidden first line: lets a CI job find its previous comment and update it instead of adding another. */
export const PLAN_COMMENT_MARKER = "<!-- redis-version-plan -->";

/**
 * For a pull-request comment: the table a reviewer scans, the reading the
 * upgrades call for, and last, in alert boxes, what would make the apply fail.
 */
export function renderMarkdown(given: readonly PlanRow[]): string {
  const rows = inWaveOrder(given);
  const blocking = rows.filter(needsAttention);
  const sections = [
    `${PLAN_COMMENT_MARKER}\n## Redis version plan\n\n${summaryLine(rows)}${blocking.length ? ": **the apply would fail, see below**" : ""}`,
    table(rows),
    listSection("Release notes to read", rows, (row) =>
      row.releaseNotes.length === 0 ? [] : [`${currentText(row)} → ${row.pinned}: ${row.releaseNotes.join(" · ")}`],
    ),
    listSection("Waiting", rows, (row) => (isWaiting(row) ? [`${row.action}: ${row.reason}`] : [])),
    listSection("Warnings", rows, (row) => row.warnings),
    listSection("Notes from the control planes", rows, (row) => row.notes),
    blocking.length ? `### Refused or unreadable\n\n${blocking.map(alert).join("\n\n")}` : "",
  ];
  return `${sections.filter((section) => section !== "").join("\n\n")}\n`;
}

/** Empty when there are no rows: a table of headers alone says nothing. A rollout gets a table per wave, in order. */
function table(rows: readonly PlanRow[]): string {
  if (rows.length === 0) return "";
  return groupByWave(rows)
    .map((group) => {
      const lines = group.rows.map((row) =>
        `| ${[`\`${row.address}\`<br>${cell(row.database)}`, currentText(row), row.pinned, actionCell(row)].join(" | ")} |`,
      );
      const heading = group.heading ? [`#### ${cell(group.heading)}`, ""] : [];
      return [...heading, "| Database | Current | Pinned | Action |", "| --- | --- | --- | --- |", ...lines].join("\n");
    })
    .join("\n\n");
}

/** Rows that block nothing yet still wait on something a reviewer should read: a held request, a window, a reference. */
function isWaiting(row: PlanRow): row is PlanRow & { readonly action: "scheduled" | "deferred" | "unresolved"; readonly reason: string } {
  return row.action === "scheduled" || row.action === "deferred" || row.action === "unresolved";
}

function actionCell(row: PlanRow): string {
  return needsAttention(row) ? `**${row.action}**` : row.action;
}

/** One bullet per item, each naming its pin; no heading at all when there is nothing to list. */
function listSection(heading: string, rows: readonly PlanRow[], items: (row: PlanRow) => readonly string[]): string {
  const bullets = rows.flatMap((row) => items(row).map((item) => `- \`${row.address}\`: ${inline(item)}`));
  return bullets.length ? `### ${heading}\n\n${bullets.join("\n")}` : "";
}

function alert(row: BlockingRow): string {
  const what = row.action === "error" ? `could not be read: ${row.error}` : `refused: ${row.reason}`;
  const text = `**\`${row.address}\`** on ${row.database} ${what}`;
  return `> [!CAUTION]\n${text.split("\n").map((line) => `> ${line}`).join("\n")}`;
}

/** A table cell is one line, and a pipe would end it. */
function cell(text: string): string {
  return inline(text).replace(/\|/g, "\\|");
}

/** Keeps a multi-line message inside its bullet or cell. */
function inline(text: string): string {
  return text.replace(/\s*\n\s*/g, " ");
}
