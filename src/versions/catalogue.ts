import { compareVersions, parseVersion, RedisVersion, releaseLine } from "./version";

/**
 * What is documented about each Redis release line on Redis Cloud and Redis
 * Software, for the warnings and links a plan shows. It never decides: a
 * well-formed version missing here goes to the live API, which is the
 * authority (Redis Cloud `GET /v1/subscriptions/redis-versions`, Redis
 * Software `supported_database_versions` on `GET /v1/nodes`).
 *
 * Every fact comes from redis/docs at commit 63f31f6 (2026-08-21), the
 * snapshot the project's API notes were written from; a page at
 * `content/<path>.md` is published at `https://redis.io/docs/latest/<path>/`.
 * - Redis Cloud support model, status, end-of-life date and plans:
 *   operate/rc/databases/version-management (its "Supported database versions" table).
 * - Redis Cloud release notes and breaking changes, one page per line:
 *   operate/rc/changelog/version-release-notes/<major>-<minor>.
 * - Redis Software lines: the bundled-versions table (content/embeds/rs-bundled-db-versions.md).
 * - Redis Software breaking changes per database version: the sections of the
 *   Redis Software release notes that introduced that version.
 * A field left undefined means the docs do not state it, not that it is false.
 */
export const CATALOGUE_AS_OF = "2026-08-21";

export type Platform = "redis-cloud" | "redis-software";
/** The Redis Cloud plans (an Active-Active database is on Pro). */
export const CLOUD_PLANS = ["pro", "essentials"] as const;
export type CloudPlan = (typeof CLOUD_PLANS)[number];

/** The Redis Software release that added `POST /v1/crdbs/{guid}/upgrade`, the one-call Active-Active upgrade. */
export const ONE_CALL_UPGRADE_SINCE = parseVersion("8.0.18");

export interface CatalogueEntry {
  readonly platform: Platform;
  /** The release line, "major.minor": the unit both control planes upgrade to. */
  readonly line: string;
  /** Redis Cloud only: Redis Software's docs give no GA/preview status per database version. */
  readonly status?: "ga" | "preview";
  /** Redis Cloud only: the LTS/STS model is stated for Redis Cloud, not for Redis Software. */
  readonly support?: "LTS" | "STS";
  /** "YYYY-MM-DD", the first day the line is no longer supported. */
  readonly endOfLife?: string;
  /** Redis Cloud plans that offer the line. */
  readonly plans?: readonly CloudPlan[];
  /** Redis Software: the first release whose bundled versions include the line, where the table shows it. */
  readonly bundledSince?: string;
  /** Redis Software: the first release that no longer bundles the line. */
  readonly droppedIn?: string;
  readonly releaseNotes?: string;
  readonly breakingChanges?: string;
}

const RC_NOTES = "https://redis.io/docs/latest/operate/rc/changelog/version-release-notes";
const WHATS_NEW = "https://redis.io/docs/latest/develop/whats-new";
const RS_NOTES = "https://redis.io/docs/latest/operate/rs/release-notes";

const ROWS: readonly CatalogueEntry[] = [
  // Redis Cloud. Redis Cloud has no version release-notes page for 6.2.
  { platform: "redis-cloud", line: "6.2", status: "ga", support: "LTS", endOfLife: "2027-04-01", plans: ["pro"] },
  {
    platform: "redis-cloud", line: "7.2", status: "ga", support: "LTS", endOfLife: "2029-12-01", plans: ["essentials", "pro"],
    releaseNotes: `${RC_NOTES}/7-2/`, breakingChanges: `${RC_NOTES}/7-2/#breaking-changes`,
  },
  {
    platform: "redis-cloud", line: "7.4", status: "ga", support: "LTS", endOfLife: "2029-12-01", plans: ["essentials", "pro"],
    releaseNotes: `${RC_NOTES}/7-4/`, breakingChanges: `${RC_NOTES}/7-4/#breaking-changes`,
  },
  // Also "not available for new databases"; this project only upgrades existing ones.
  {
    platform: "redis-cloud", line: "8.0", status: "preview", support: "STS", endOfLife: "2026-12-01", plans: ["essentials"],
    releaseNotes: `${RC_NOTES}/8-0/`, breakingChanges: `${RC_NOTES}/8-0/#breaking-changes`,
  },
  {
    platform: "redis-cloud", line: "8.2", status: "ga", support: "LTS", endOfLife: "2030-09-01", plans: ["essentials", "pro"],
    releaseNotes: `${RC_NOTES}/8-2/`, breakingChanges: `${RC_NOTES}/8-2/#breaking-changes`,
  },
  // The 8.4 and 8.6 pages list known limitations but no breaking changes.
  { platform: "redis-cloud", line: "8.4", status: "ga", support: "STS", endOfLife: "2027-01-01", plans: ["essentials", "pro"], releaseNotes: `${RC_NOTES}/8-4/` },
  // End of life "TBD" in the docs.
  { platform: "redis-cloud", line: "8.6", status: "ga", support: "STS", plans: ["essentials", "pro"], releaseNotes: `${RC_NOTES}/8-6/` },

  // Redis Software has no release notes per database version: it bundles Redis
  // Open Source, so each line links "What's new in Redis X.Y" (none exists for 6.0).
  // The bundled-versions table starts at Redis Software 7.2.4, which already
  // bundles 6.0, 6.2 and 7.2, so when those first shipped is not stated.
  // No end-of-life dates per database version are given for Redis Software.
  { platform: "redis-software", line: "6.0", droppedIn: "7.8" },
  { platform: "redis-software", line: "6.2", releaseNotes: `${WHATS_NEW}/6-2/` },
  {
    platform: "redis-software", line: "7.2", releaseNotes: `${WHATS_NEW}/7-2/`,
    breakingChanges: `${RS_NOTES}/rs-7-2-4-releases/rs-7-2-4-52/#redis-72-breaking-changes`,
  },
  {
    platform: "redis-software", line: "7.4", bundledSince: "7.8", releaseNotes: `${WHATS_NEW}/7-4/`,
    breakingChanges: `${RS_NOTES}/rs-7-8-releases/#redis-74-breaking-changes`,
  },
  // "Redis database version 8 breaking changes" covers the move to any 8.x line.
  {
    platform: "redis-software", line: "8.0", bundledSince: "8.0.2", releaseNotes: `${WHATS_NEW}/8-0/`,
    breakingChanges: `${RS_NOTES}/rs-8-0-releases/#redis-8-breaking-changes`,
  },
  { platform: "redis-software", line: "8.2", bundledSince: "8.0.2", releaseNotes: `${WHATS_NEW}/8-2/` },
  { platform: "redis-software", line: "8.4", bundledSince: "8.0.10", releaseNotes: `${WHATS_NEW}/8-4/` },
  { platform: "redis-software", line: "8.6", bundledSince: "8.0.18", releaseNotes: `${WHATS_NEW}/8-6/` },
];

/** Frozen all the way down, so no caller can edit a fact another caller reads. */
export const CATALOGUE: readonly CatalogueEntry[] = Object.freeze(
  ROWS.map((row) => Object.freeze({ ...row, ...(row.plans ? { plans: Object.freeze([...row.plans]) } : {}) })),
);

interface PlatformFacts {
  readonly name: string;
  /** Where to look when the catalogue has no page for a line. */
  readonly releaseNotesIndex: string;
  /** What the platform does to a database whose line has reached end of life. */
  readonly atEndOfLife?: string;
}

const PLATFORMS: Readonly<Record<Platform, PlatformFacts>> = {
  "redis-cloud": {
    name: "Redis Cloud",
    releaseNotesIndex: `${RC_NOTES}/`,
    atEndOfLife: "Redis Cloud upgrades such databases to the next minor version in a maintenance window",
  },
  "redis-software": { name: "Redis Software", releaseNotesIndex: `${RS_NOTES}/` },
};

/**
 * How far ahead an end of life is worth a warning: Redis Cloud supports an STS
 * line for six months after the next release, so a pin that expires sooner
 * should already be moving.
 */
export const END_OF_LIFE_NOTICE_DAYS = 180;

const DAY_MS = 24 * 60 * 60 * 1000;

/** A string must be a valid pin; versions a control plane reports go through parseReportedVersion first. */
export type VersionInput = RedisVersion | string;

function toVersion(input: VersionInput): RedisVersion {
  return typeof input === "string" ? parseVersion(input) : input;
}

/** The entry for the version's release line, or undefined when the docs do not list it. */
export function lookup(version: VersionInput, platform: Platform): CatalogueEntry | undefined {
  const line = releaseLine(toVersion(version));
  return CATALOGUE.find((entry) => entry.platform === platform && entry.line === line);
}

/** Release lines after `current` up to and including `target`, oldest first. */
function crossedLines(current: RedisVersion, target: RedisVersion, platform: Platform): CatalogueEntry[] {
  return CATALOGUE.filter((entry) => {
    if (entry.platform !== platform) return false;
    const line = parseVersion(entry.line);
    return compareVersions(line, current) > 0 && compareVersions(line, target) <= 0;
  }).sort((a, b) => compareVersions(parseVersion(a.line), parseVersion(b.line)));
}

const pageOf = (url: string): string => url.split("#")[0];

/**
 * The docs ask to read the notes of the target and of every version in
 * between. A Redis Cloud page holds both the notes and the breaking changes,
 * so it is listed once.
 */
export function releaseNotesFor(current: VersionInput, target: VersionInput, platform: Platform): string[] {
  const links: string[] = [];
  for (const entry of crossedLines(toVersion(current), toVersion(target), platform)) {
    for (const url of [entry.releaseNotes, entry.breakingChanges]) {
      if (url !== undefined && !links.some((seen) => pageOf(seen) === pageOf(url))) links.push(url);
    }
  }
  return links;
}

export interface WarningsInput {
  readonly platform: Platform;
  /** The version the database runs, when it could be read. */
  readonly current?: VersionInput;
  /** The pinned version. */
  readonly target: VersionInput;
  /** Injected so tests and plans agree on what "already past end of life" means. */
  readonly today: Date;
  /** Redis Cloud plan of the database, when known, to check the plan offers the target. */
  readonly plan?: CloudPlan;
}

/**
 * Everything a reviewer should know before the pin is applied. Warnings only:
 * nothing here stops an upgrade the control plane would accept.
 */
export function warningsFor(input: WarningsInput): string[] {
  const facts = PLATFORMS[input.platform];
  const target = toVersion(input.target);
  const current = input.current === undefined ? undefined : toVersion(input.current);
  const targetEntry = lookup(target, input.platform);
  const warnings: string[] = [];

  if (!targetEntry) {
    // Only the pin is checked: it is a user's choice and may be a typo, while the
    // current version is whatever the control plane reported.
    warnings.push(
      `Redis ${releaseLine(target)} is not in this project's version catalogue for ${facts.name} ` +
        `(facts as of ${CATALOGUE_AS_OF}): the live API decides whether it is offered, so this is not a blocker, ` +
        `but no end-of-life, preview or release-notes facts are known for it.`,
    );
  }
  if (targetEntry?.status === "preview") {
    warnings.push(`Redis ${targetEntry.line} is a preview version on ${facts.name}, not generally available.`);
  }
  if (current && compareVersions(current, target) < 0) {
    warnings.push(...breakingChangeWarnings(current, target, input.platform));
  }

  const currentEntry = current && lookup(current, input.platform);
  if (currentEntry) warnings.push(...lifecycleWarnings(currentEntry, "The database's current version", input.today));
  if (targetEntry && targetEntry !== currentEntry) {
    warnings.push(...lifecycleWarnings(targetEntry, "The pinned version", input.today));
  }

  if (targetEntry?.plans && input.plan && !targetEntry.plans.includes(input.plan)) {
    warnings.push(
      `Redis Cloud lists Redis ${targetEntry.line} for ${targetEntry.plans.map(planName).join(" and ")} only, ` +
        `not ${planName(input.plan)}: the live API decides whether this database can use it.`,
    );
  }
  return warnings;
}

function breakingChangeWarnings(current: RedisVersion, target: RedisVersion, platform: Platform): string[] {
  const links = crossedLines(current, target, platform)
    .map((entry) => entry.breakingChanges)
    .filter((url): url is string => url !== undefined);
  const step = `${current.text} → ${target.text}`;
  if (current.major < target.major) {
    const read = links.length
      ? `review the breaking changes: ${links.join(" ")}`
      : `no breaking-changes page is catalogued for it, so review the release notes: ${PLATFORMS[platform].releaseNotesIndex}`;
    return [`${step} is a major upgrade (Redis ${current.major} → Redis ${target.major}) and may break applications; ${read}`];
  }
  return links.length ? [`${step} crosses documented breaking changes; review: ${links.join(" ")}`] : [];
}

function lifecycleWarnings(entry: CatalogueEntry, role: string, today: Date): string[] {
  const facts = PLATFORMS[entry.platform];
  const subject = `${role}, Redis ${entry.line},`;
  const warnings: string[] = [];
  if (entry.endOfLife !== undefined) {
    const daysLeft = Math.round((Date.parse(entry.endOfLife) - Date.parse(today.toISOString().slice(0, 10))) / DAY_MS);
    if (daysLeft <= 0) {
      const consequence = facts.atEndOfLife ? `: ${facts.atEndOfLife}` : "";
      warnings.push(`${subject} reached end of life on ${facts.name} on ${entry.endOfLife}${consequence}.`);
    } else if (daysLeft <= END_OF_LIFE_NOTICE_DAYS) {
      warnings.push(`${subject} reaches end of life on ${facts.name} on ${entry.endOfLife}, in ${daysLeft} days.`);
    }
  }
  if (entry.droppedIn !== undefined) {
    warnings.push(
      `${subject} is not bundled with ${facts.name} ${entry.droppedIn} or later: ` +
        `databases must leave it before their cluster is upgraded to such a release.`,
    );
  }
  return warnings;
}

function planName(plan: CloudPlan): string {
  return plan === "pro" ? "Pro" : "Essentials";
}
