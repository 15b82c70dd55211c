import { CATALOGUE, compareVersions, parseVersion, RedisVersion } from "../../versions";

export type SimPlan = "pro" | "essentials";

export interface SimRedisVersion {
  readonly version: string;
  readonly eolDate?: string;
  readonly isPreview: boolean;
  readonly isDefault: boolean;
}

/**
 * The release lines Redis Cloud offers a plan, from the project's catalogue
 * of the documented version table (so the simulator and the plan's warnings
 * never disagree), oldest first. The default is the newest GA LTS line.
 */
export function planVersions(plan: SimPlan): SimRedisVersion[] {
  const rows = CATALOGUE.filter((row) => row.platform === "redis-cloud" && row.plans?.includes(plan)).sort((a, b) =>
    compareVersions(parseVersion(a.line), parseVersion(b.line)),
  );
  const lts = rows.filter((row) => row.support === "LTS" && row.status === "ga");
  const defaultLine = lts[lts.length - 1]?.line;
  return rows.map((row) => ({
    version: row.line,
    ...(row.endOfLife ? { eolDate: row.endOfLife } : {}),
    isPreview: row.status === "preview",
    isDefault: row.line === defaultLine,
  }));
}

/** The GA lines above `current` a database of the plan may be upgraded to. */
export function upgradeTargets(plan: SimPlan, current: string): string[] {
  const from = parseVersion(current);
  return planVersions(plan)
    .filter((entry) => !entry.isPreview && compareVersions(parseVersion(entry.version), from) > 0)
    .map((entry) => entry.version);
}

/** The compliance version the simulator reports: the given patch, or ".0" on a bare line ("7.4" → "7.4.0"). */
export function complianceOf(version: RedisVersion): string {
  return version.patch === undefined ? `${version.text}.0` : version.text;
}
