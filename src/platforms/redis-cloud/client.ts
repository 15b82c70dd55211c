import * as z from "zod";
import { DeclaredCloudPlan } from "../../spec";
import { ApiError, ResponseShapeError } from "../../core/errors";
import { compareVersions, RedisVersion, tryParseVersion } from "../../versions";
import { RequestOptions } from "../http";
import { CloudApi } from "./connect";
import { allDatabases, databasesPageSchema } from "./database-list";
import { databaseNotFound, ExplainContext, explainAccess } from "./explain";
import {
  availableTargetsSchema,
  CloudDatabase,
  CloudTask,
  databaseSchema,
  redisVersionsSchema,
  subscriptionSchema,
  taskListSchema,
  taskSchema,
  UpgradeStatus,
  upgradeStatusSchema,
} from "./schemas";

export interface DatabaseAddress {
  readonly subscriptionId: number;
  readonly databaseId: number;
  readonly plan: DeclaredCloudPlan;
}

export interface DatabasePaths {
  readonly subscription: string;
  /** The subscription's databases. */
  readonly databases: string;
  readonly database: string;
  readonly upgrade: string;
  readonly targets: string;
  /** All versions of the plan, the fallback when the per-database targets are not offered. */
  readonly versions: string;
  readonly tasks: string;
  /** POST starts a backup to the database's configured destination. */
  readonly backup: string;
}

/** Essentials databases live under /fixed/; Pro and Active-Active ones do not. */
function databasePaths(prefix: string, address: DatabaseAddress): DatabasePaths {
  const fixed = address.plan === "essentials" ? "/fixed" : "";
  const subscription = `${prefix}${fixed}/subscriptions/${address.subscriptionId}`;
  const database = `${subscription}/databases/${address.databaseId}`;
  return {
    subscription,
    databases: `${subscription}/databases`,
    database,
    upgrade: `${database}/upgrade`,
    targets: `${database}/available-target-versions`,
    versions: fixed ? `${prefix}/fixed/redis-versions` : `${prefix}/subscriptions/redis-versions`,
    tasks: `${prefix}/tasks`,
    backup: `${database}/backup`,
  };
}

/** Where a database may be upgraded to, and what a reviewer should know of how that was learnt. */
export interface UpgradeTargets {
  /** Undefined when no list is offered: the upgrade request has the last word. */
  readonly versions: string[] | undefined;
  readonly notes: readonly string[];
}

/** Answers that mean "this endpoint has nothing for you", for the reads we can do without. */
const NOT_OFFERED = new Set([400, 404, 405, 412, 501]);

/** The calls one database's upgrade needs, each parsed with zod and failing with a message a user can act on. */
export class CloudDatabaseClient {
  readonly paths: DatabasePaths;

  constructor(
    private readonly api: CloudApi,
    readonly address: DatabaseAddress,
    private readonly context: ExplainContext,
  ) {
    this.paths = databasePaths(api.prefix, address);
  }

  async database(): Promise<CloudDatabase> {
    try {
      return await this.get(this.paths.database, databaseSchema);
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) throw databaseNotFound(error, this.context);
      throw error;
    }
  }

  async subscriptionStatus(): Promise<string> {
    return (await this.get(this.paths.subscription, subscriptionSchema)).status;
  }

  /** The latest upgrade attempt; undefined when there was none or the endpoint is not offered to the account. */
  async upgradeStatus(): Promise<UpgradeStatus | undefined> {
    return this.optional(this.get(this.paths.upgrade, upgradeStatusSchema));
  }

  /**
   * The versions this database may go to, or else the plan's versions it could
   * go to from `current`; no versions when neither is offered. Neither read
   * ever fails the pin: what stood in for what is said in the notes.
   */
  async targets(current: RedisVersion): Promise<UpgradeTargets> {
    const own = await this.ownTargets();
    if (own.kind === "listed") return { versions: own.versions, notes: [] };
    const notes =
      own.kind === "unreadable"
        ? [
            `GET ${this.paths.targets} answered in a shape no source documents (${own.problem}), neither {targets: [...]} nor a bare list: ` +
              `the subscription's version list (GET ${this.paths.versions}) stands in for it`,
          ]
        : [];
    const plan = await this.planVersions(current);
    return { versions: plan.versions, notes: [...notes, ...plan.notes] };
  }

  /** GET …/available-target-versions, which has never been seen live: either documented shape, or what kept it from being read. */
  private async ownTargets(): Promise<{ kind: "listed"; versions: string[] } | { kind: "not-offered" } | { kind: "unreadable"; problem: string }> {
    try {
      const versions = await this.optional(this.get(this.paths.targets, availableTargetsSchema));
      return versions ? { kind: "listed", versions } : { kind: "not-offered" };
    } catch (error) {
      if (error instanceof ResponseShapeError) return { kind: "unreadable", problem: error.problems.join("; ") };
      throw error;
    }
  }

  /**
   * The plan's versions reachable from `current`. The Essentials list answers 500 on live accounts
   * (redis-cloud-rs compliance baseline): a 5xx, after one more try, reads as "not offered here".
   */
  private async planVersions(current: RedisVersion): Promise<UpgradeTargets> {
    // A real query parameter: the Go SDK puts "?subscriptionId=" inside the path, which escapes it to %3F.
    const query = { subscriptionId: this.address.subscriptionId };
    try {
      const all = await this.optional(this.get(this.paths.versions, redisVersionsSchema, { query, attempts: 2 }));
      return { versions: all?.redisVersions.filter((entry) => this.reachable(entry, current)).map((entry) => entry.version), notes: [] };
    } catch (error) {
      if (!(error instanceof ApiError) || error.status < 500) throw error;
      const note =
        `GET ${this.paths.versions}?subscriptionId=${query.subscriptionId} answered ${error.status}: Redis Cloud does not offer the version list here, ` +
        "so the versions this database may go to are not known before the upgrade request; the upgrade request itself says whether the pinned version is a valid target";
      return { versions: undefined, notes: [note] };
    }
  }

  /** Every database of the subscription, each left to be read on its own (database-list.ts). */
  async subscriptionDatabases(): Promise<unknown[]> {
    return allDatabases((query) => this.get(this.paths.databases, databasesPageSchema, { query }));
  }

  /** Sends the upgrade; a failed answer stays an ApiError, since what it means depends on the database. */
  async requestUpgrade(target: string): Promise<CloudTask> {
    const response = await this.explainedAccess(this.api.http.post(this.paths.upgrade, taskSchema, { body: { targetRedisVersion: target } }));
    return response.body;
  }

  /**
   * Starts a backup to the database's configured destination (OpenAPI
   * backupDatabase / backupDatabase_1). An Active-Active database is backed up
   * one region at a time, each named by regionName.
   */
  async requestBackup(regionName: string | undefined): Promise<CloudTask> {
    const body = regionName === undefined ? {} : { regionName };
    return (await this.explainedAccess(this.api.http.post(this.paths.backup, taskSchema, { body }))).body;
  }

  /** Undefined while the task is not visible yet (Redis Cloud answers 404 for a moment after creating it). */
  async task(taskId: string): Promise<CloudTask | undefined> {
    try {
      return await this.get(this.taskPath(taskId), taskSchema);
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return undefined;
      throw error;
    }
  }

  /** The account's tasks of the last days. */
  async tasks(): Promise<readonly CloudTask[]> {
    return this.get(this.paths.tasks, taskListSchema);
  }

  /**
   * The plan's list names every version, not where this database can go: a
   * preview is not an upgrade target, nor is a version at or below the current
   * one, and Essentials allows manual upgrades to a new major version only
   * ("Manual upgrades: Major upgrades only", redis/docs rc/databases/
   * version-management.md, table since 76a42e5d7).
   */
  private reachable(entry: { version: string; isPreview?: boolean }, current: RedisVersion): boolean {
    const version = tryParseVersion(entry.version.trim());
    if (!version || entry.isPreview === true) return false;
    if (this.address.plan === "essentials") return version.major > current.major;
    return compareVersions(version, current) > 0;
  }

  taskPath(taskId: string): string {
    return `${this.paths.tasks}/${encodeURIComponent(taskId)}`;
  }

  redact(text: string): string {
    return this.api.http.redact(text);
  }

  private async get<S extends z.ZodType>(path: string, schema: S, options: RequestOptions = {}): Promise<z.infer<S>> {
    return (await this.explainedAccess(this.api.http.get(path, schema, options))).body;
  }

  private async optional<T>(call: Promise<T>): Promise<T | undefined> {
    try {
      return await call;
    } catch (error) {
      if (error instanceof ApiError && NOT_OFFERED.has(error.status)) return undefined;
      throw error;
    }
  }

  private async explainedAccess<T>(call: Promise<T>): Promise<T> {
    try {
      return await call;
    } catch (error) {
      throw (error instanceof ApiError && explainAccess(error, this.context)) || error;
    }
  }
}
