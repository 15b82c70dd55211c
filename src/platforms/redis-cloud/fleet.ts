import { FleetAnswer, unanswered } from "../../engine/fleet";
import { runBounded } from "../../engine/pool";
import { CLOUD_CA_CERT_ENV, CLOUD_URL_ENV, CloudDatabaseSpec, DeclaredCloudPlan, DEFAULT_CLOUD_API_URL } from "../../spec";
import { parseVersion } from "../../versions";
import { PlatformContext, SpecSurroundings } from "../context";
import { caIdentity } from "../ca-identity";
import { backupDestination } from "./backup";
import { UpgradeTargets } from "./client";
import { connectCloud } from "./connect";
import { isUpgradeTask } from "./find-task";
import { isTaskRunning } from "./follow-task";
import { isActiveActive, isUpgrading } from "./observation";
import { CloudReadings, observeCloud } from "./observe";
import { CloudDatabase, CloudTask, databaseSchema } from "./schemas";
import { upgradedTogether } from "./together";
import { cloudDatabaseClient } from "./upgrader";

/** Pins read with one connection share a group: the API address, the variables holding the keys, and the CA it is trusted with. */
export function cloudFleetKey(spec: CloudDatabaseSpec, context: SpecSurroundings): string {
  const { api } = spec;
  const address = api.url ?? (context.env[CLOUD_URL_ENV] || DEFAULT_CLOUD_API_URL);
  const ca = caIdentity({ file: api.caCertFile, field: "api.caCertFile", envName: CLOUD_CA_CERT_ENV }, context);
  return `redis-cloud ${address} ${api.accessKeyEnv} ${api.secretKeyEnv} ${ca}`;
}

/**
 * A plan's reads of one Redis Cloud account: `GET /v1/tasks` once, each
 * subscription's databases once (page by page, database-list.ts), and the
 * upgrade targets once per subscription, plan and current version; each pin
 * is then observed as observe() would from the same readings. A database's
 * own `GET …/upgrade` is read only where the list cannot stand for it (see
 * needsUpgradeStatus). A pin whose database the list omits, or lists in a
 * shape observe could not read, is left to its own reads.
 */
export async function observeCloudFleet(specs: readonly CloudDatabaseSpec[], context: PlatformContext, concurrency: number): Promise<FleetAnswer[]> {
  const api = connectCloud(specs[0].api, context);
  const pins = specs.map((spec) => ({ spec, client: cloudDatabaseClient(spec, api).client }));
  const inFlight = (await pins[0].client.tasks()).filter((task) => isUpgradeTask(task) && isTaskRunning(task));
  const lists = new Memo<Listing>();
  const targets = new Memo<UpgradeTargets>();
  return runBounded(pins, { concurrency, minIntervalMs: 0 }, async ({ spec, client }): Promise<FleetAnswer> => {
    try {
      const listing = await lists.get(client.paths.databases, async () => listingOf(await client.subscriptionDatabases()));
      const database = listing.databases.get(spec.databaseId);
      if (!database || !listedEnough(spec, database)) return { kind: "alone" };
      const upgrade = needsUpgradeStatus(database, spec.plan, inFlight) ? await client.upgradeStatus() : undefined;
      const readings: CloudReadings = {
        database,
        upgrade,
        targets: (current) => targets.get(`${client.paths.databases} ${spec.plan} ${current.text}`, () => client.targets(current)),
        together: async () => upgradedTogether(spec.subscriptionId, listing.items),
      };
      return { kind: "observed", observed: await observeCloud(parseVersion(spec.redisVersion), readings, client.paths, spec.plan) };
    } catch (error) {
      if (unanswered(error)) throw error;
      return { kind: "alone" };
    }
  });
}

interface Listing {
  readonly items: readonly unknown[];
  /** Each item read as GET …/databases/{id} is read; one in a shape observe could not read (a list item without status, say) is left out. */
  readonly databases: ReadonlyMap<number, CloudDatabase>;
}

function listingOf(items: readonly unknown[]): Listing {
  const databases = items.flatMap((item) => {
    const parsed = databaseSchema.safeParse(item);
    return parsed.success ? [[parsed.data.databaseId, parsed.data] as const] : [];
  });
  return { items, databases: new Map(databases) };
}

/** A pin that backs up first is warned about a database with no backup location: a list item that does not say leaves it to its own read. */
function listedEnough(spec: CloudDatabaseSpec, database: CloudDatabase): boolean {
  return spec.backupBeforeUpgrade !== true || backupDestination(database) !== undefined;
}

/**
 * Whether GET …/upgrade could change the observation, so it must be read:
 * its upgradeStatus makes an upgrade running (in-progress) or held
 * (scheduled.ts). Not read when the database's status already says an
 * upgrade runs (active-upgrade-pending: the Go SDK's "pending status for
 * database upgrade", which the official provider waits through), nor for an
 * active single-region Pro database while no upgrade task of the account is
 * running that could be its own: the only moment its upgrade can run before
 * its status says so. Always read for Active-Active databases (a held
 * request shows only there), Essentials ones (no source shows an Essentials
 * database reporting active-upgrade-pending: the provider's Essentials
 * waiter leaves it out) and a database in any other status.
 */
function needsUpgradeStatus(database: CloudDatabase, plan: DeclaredCloudPlan, inFlight: readonly CloudTask[]): boolean {
  if (isUpgrading(database, undefined)) return false;
  if (isActiveActive(database) || plan === "essentials" || database.status !== "active") return true;
  return inFlight.some((task) => task.response?.resourceId === undefined || task.response.resourceId === database.databaseId);
}

/** One read per key, however many pins ask for it at once. */
class Memo<T> {
  private readonly reads = new Map<string, Promise<T>>();

  get(key: string, read: () => Promise<T>): Promise<T> {
    const known = this.reads.get(key);
    if (known) return known;
    const started = read();
    this.reads.set(key, started);
    return started;
  }
}
