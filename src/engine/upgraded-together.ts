import { UpgradedTogether } from "./port";

interface Pinned {
  readonly address: string;
  readonly pinned: string;
  readonly warnings: readonly string[];
}

/**
 * Pins on databases that one request upgrades together (a Redis Cloud
 * Active-Active subscription) must ask for one version: whichever request
 * runs moves all of them. Each disagreeing pin gets a warning naming the others.
 */
export function flagDisagreements<R extends Pinned>(rows: readonly R[], together: readonly (UpgradedTogether | undefined)[]): R[] {
  const groups = new Map<string, number[]>();
  together.forEach((entry, index) => entry && groups.set(entry.group, [...(groups.get(entry.group) ?? []), index]));
  const warnings = new Map<number, string>();
  for (const [group, members] of groups) {
    const versions = new Set(members.map((index) => rows[index].pinned));
    if (versions.size < 2) continue;
    const pins = members.map((index) => `${rows[index].address} pins ${rows[index].pinned}`).join(", ");
    for (const index of members) {
      warnings.set(
        index,
        `${group}: one request upgrades all its databases to one version, but the pins disagree (${pins}); pin the same version on all of them`,
      );
    }
  }
  return rows.map((row, index) => {
    const warning = warnings.get(index);
    return warning ? { ...row, warnings: [...row.warnings, warning] } : row;
  });
}
