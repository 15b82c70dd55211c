import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { CATALOGUE, compareVersions, lookup, parseVersion } from "../../src/versions";
import { describeWithReference, REFERENCE_DIR } from "../support/reference";

/**
 * The catalogue is typed in by hand; this checks it against the tables in the
 * project's API notes, so a fact edited on one side only is caught. The notes
 * live outside the package: CI always has them, a user's fresh clone does not.
 */

/** The rows of the first markdown table after `heading`, as trimmed cells, header and rule left out. */
function tableAfter(file: string, heading: string): string[][] {
  const text = readFileSync(resolve(REFERENCE_DIR, file), "utf8");
  const lines = text.slice(text.indexOf(heading)).split("\n");
  const start = lines.findIndex((line) => line.trim().startsWith("|"));
  const end = lines.findIndex((line, index) => index > start && !line.trim().startsWith("|"));
  return lines
    .slice(start + 2, end)
    .map((line) => line.trim().replace(/^\||\|$/g, "").split("|").map((cell) => cell.trim()));
}

/** "7.8.x" → 7.8: a release series sorts like its first release. */
const release = (label: string) => parseVersion(label.replace(/\.x$/, ""));

describeWithReference("catalogue vs the reference notes", ["API-REDIS-CLOUD.md", "API-REDIS-SOFTWARE.md"], () => {
  it("matches the Redis Cloud versions table line by line", () => {
    const rows = tableAfter("API-REDIS-CLOUD.md", "## 9. Versions & EOL");
    expect(rows.length).toBeGreaterThan(0);
    for (const [line, support, status, eol, plans] of rows) {
      const facts = lookup(line, "redis-cloud");
      expect({ line, support: facts?.support, status: facts?.status, endOfLife: facts?.endOfLife, plans: facts?.plans }).toEqual({
        line,
        support,
        status: status.startsWith("Preview") ? "preview" : "ga",
        endOfLife: eol === "TBD" ? undefined : eol,
        plans: plans.replace(/ only$/, "").split(", ").map((plan) => plan.toLowerCase()),
      });
    }
    const cloudLines = CATALOGUE.filter((entry) => entry.platform === "redis-cloud").map((entry) => entry.line);
    expect(cloudLines.sort()).toEqual(rows.map(([line]) => line).sort());
  });

  it("matches the Redis Software bundled-versions table", () => {
    const rows = tableAfter("API-REDIS-SOFTWARE.md", "**Bundled versions by release**").map(([releases, bundled]) => ({
      releases: releases.split(", ").map(release),
      bundled: bundled.split(", "),
    }));
    const allReleases = rows.flatMap((row) => row.releases).sort(compareVersions);
    const oldest = allReleases[0];
    const lines = [...new Set(rows.flatMap((row) => row.bundled))];

    const softwareLines = CATALOGUE.filter((entry) => entry.platform === "redis-software").map((entry) => entry.line);
    expect(softwareLines.sort()).toEqual([...lines].sort());

    for (const line of lines) {
      const bundling = rows.filter((row) => row.bundled.includes(line)).flatMap((row) => row.releases).sort(compareVersions);
      const first = bundling[0];
      const last = bundling[bundling.length - 1];
      const next = allReleases.find((candidate) => compareVersions(candidate, last) > 0);
      const facts = lookup(line, "redis-software");
      expect({ line, bundledSince: facts?.bundledSince, droppedIn: facts?.droppedIn }).toEqual({
        line,
        // Bundled by the oldest release in the table: when it first shipped is not stated.
        bundledSince: compareVersions(first, oldest) === 0 ? undefined : first.text,
        droppedIn: next?.text,
      });
    }
  });
});
