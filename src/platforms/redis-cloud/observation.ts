import { Observation, Operation, Participant, ScheduledUpgrade, UpgradedTogether } from "../../engine/port";
import { DeclaredCloudPlan } from "../../spec";
import { satisfies } from "../../engine/satisfies";
import { endpointOf, Replication } from "../../engine/replication";
import { parseReportedVersion, RedisVersion, tryParseVersion } from "../../versions";
import { ResponseShapeError } from "../../core/errors";
import { backupDestination } from "./backup";
import { lastChangeFrom } from "../last-change";
import { CloudDatabase, UpgradeStatus } from "./schemas";

/** The database status Redis Cloud shows while a version upgrade runs. */
const UPGRADING_STATUS = "active-upgrade-pending";
const UPGRADE_RUNNING = new Set(["in-progress", "in-progress-recovery-pending"]);

export function isActiveActive(database: CloudDatabase): boolean {
  return database.activeActiveRedis === true || (database.crdbDatabases?.length ?? 0) > 0;
}

/** `redisVersion` is the selected major.minor; very old answers only carry the compliance triple. */
export function currentVersion(database: CloudDatabase, path: string): RedisVersion {
  const text = database.redisVersion ?? database.redisVersionCompliance;
  if (!text || !/^\d+\.\d+/.test(text.trim())) {
    throw new ResponseShapeError("GET", path, [`redisVersion: expected a version such as "7.4", got ${JSON.stringify(text)}`]);
  }
  return parseReportedVersion(text);
}

export function isUpgrading(database: CloudDatabase, upgrade: UpgradeStatus | undefined): boolean {
  return database.status === UPGRADING_STATUS || UPGRADE_RUNNING.has(upgrade?.upgradeStatus ?? "");
}

export function reaches(database: CloudDatabase, path: string, target: RedisVersion): boolean {
  return satisfies(currentVersion(database, path), target);
}

/**
 * The regions that do not run `target` yet, by the version each reports
 * (crdbDatabases[].redisVersionCompliance: the fixtures and the Go client's
 * model carry it; the OpenAPI document's Database schema lists no fields).
 */
export function laggingRegions(database: CloudDatabase, target: RedisVersion): string[] {
  return (database.crdbDatabases ?? []).flatMap((region) => {
    const version = tryParseVersion(region.redisVersionCompliance?.trim() ?? "");
    return version && !satisfies(version, target) ? [`${region.region} runs ${version.text}`] : [];
  });
}

/** The database, and each Active-Active region that reports its own version, runs `target`. */
export function landed(database: CloudDatabase, path: string, target: RedisVersion): boolean {
  return reaches(database, path, target) && laggingRegions(database, target).length === 0;
}

export interface ObservationParts<Op extends Operation> {
  readonly database: CloudDatabase;
  readonly path: string;
  readonly running?: Op;
  readonly targets?: readonly string[];
  /** The plan the pin declares: set by observe, so a mismatch with what the API reports refuses the pin. */
  readonly declared?: DeclaredCloudPlan;
  readonly scheduled?: ScheduledUpgrade;
  readonly together?: UpgradedTogether;
  /** What the reads learnt beside the database (where its targets came from, say). */
  readonly notes?: readonly string[];
}

export function observation<Op extends Operation>(parts: ObservationParts<Op>): Observation<Op> {
  const { database, path } = parts;
  const current = currentVersion(database, path);
  const participants = regions(database);
  const wrongKind = parts.declared ? planMismatch(parts.declared, database, path) : undefined;
  const destination = backupDestination(database);
  return {
    current,
    status: database.status,
    ...(wrongKind ? { wrongKind } : {}),
    ...(parts.scheduled ? { scheduled: parts.scheduled } : {}),
    ...(parts.together ? { upgradedTogether: parts.together } : {}),
    ...(parts.running ? { running: parts.running } : {}),
    ...(parts.targets ? { supportedTargets: readableVersions(parts.targets) } : {}),
    ...(participants.length ? { participants } : {}),
    ...(isActiveActive(database) ? { activeActive: true } : {}),
    ...(destination === undefined ? {} : { backupDestination: destination }),
    replication: replicationOf(database),
    lastChange: lastChangeFrom("lastModified", database.lastModified, `database ${database.databaseId}`),
    notes: [...notes(database, current, participants), ...(parts.together ? [movedTogether(parts.together)] : []), ...(parts.notes ?? [])],
  };
}

/** Where the database answers and what it replicates from, for plan's Replica Of order warnings. */
function replicationOf(database: CloudDatabase): Replication | undefined {
  const endpoints = [database.publicEndpoint, database.privateEndpoint].flatMap((text) => (text ? [endpointOf(text)] : [])).filter(isText);
  const sources = (database.replicaOf?.endpoints ?? []).filter(isText);
  return endpoints.length || sources.length ? { endpoints, sources } : undefined;
}

const isText = (text: string | undefined): text is string => text !== undefined;

/** The pin says which kind it expects, so a plan reviewer sees a subscription-wide request coming; the API has the last word. */
function planMismatch(declared: DeclaredCloudPlan, database: CloudDatabase, path: string): string | undefined {
  const activeActive = isActiveActive(database);
  if (activeActive && declared !== "active-active") {
    return (
      `Redis Cloud reports database ${database.databaseId} as Active-Active (GET ${path}: activeActiveRedis/crdbDatabases), ` +
      `but the pin declares plan: "${declared}". Set plan: "active-active": its upgrade may be scheduled for the whole subscription`
    );
  }
  if (!activeActive && declared === "active-active") {
    return `Redis Cloud reports database ${database.databaseId} as a single-region Pro database (GET ${path}), but the pin declares plan: "active-active". Set plan: "pro"`;
  }
  return undefined;
}

function movedTogether(together: UpgradedTogether): string {
  return `${together.group}: one request upgrades all its databases to one version: ${together.databases.join(", ")}`;
}

function regions(database: CloudDatabase): Participant[] {
  return (database.crdbDatabases ?? []).map((region) => ({
    name: region.region,
    version: region.redisVersionCompliance ?? database.redisVersion ?? "unknown",
  }));
}

function notes(database: CloudDatabase, current: RedisVersion, participants: readonly Participant[]): string[] {
  const found: string[] = [];
  if (database.redisVersionCompliance && database.redisVersionCompliance !== current.text) {
    found.push(`runs Redis ${current.text} (compliance version ${database.redisVersionCompliance})`);
  }
  if (isActiveActive(database)) {
    const where = participants.map((p) => `${p.name} ${p.version}`).join(", ");
    found.push(
      `an Active-Active database${where ? ` (${where})` : ""}: one request upgrades every region, and every database of the subscription, to one version; ` +
        "Redis Cloud may start it at once or schedule it within 1–3 weeks in the subscription's maintenance windows, " +
        "and refuses it (412) while self-service Active-Active upgrades are switched off for the account",
    );
  }
  return found;
}

/** A listed version we cannot read is left out rather than failing the plan; the API has the last word anyway. */
function readableVersions(texts: readonly string[]): RedisVersion[] {
  return texts.flatMap((text) => {
    const version = tryParseVersion(text.trim());
    return version ? [version] : [];
  });
}
