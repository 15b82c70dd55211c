import { ControlPlane, SimRequest, SimResponse } from "../types";
import { ActiveActiveRefusal, ActiveActiveUpgrades, CloudAccount, databaseKey } from "./account";
import { cloudControl } from "./controls";
import { cloudError, errorResponse } from "./errors";
import { DatabaseInput, SimDatabase, SubscriptionInput } from "./model";
import { REMAINING_HEADER, RequestBudget } from "./request-budget";
import { matchRoute } from "./routes";
import { planVersions, SimPlan } from "./versions";

export type { DatabaseInput, SubscriptionInput } from "./model";
export type { ActiveActiveRefusal, ActiveActiveUpgrades } from "./account";
export type { SimPlan } from "./versions";
export { CLOUD_CONTROLS_HELP } from "./controls";

export interface RedisCloudSimulatorOptions {
  /** The one account key (x-api-key) and user key (x-api-secret-key) the API accepts. */
  readonly credentials: { readonly accessKey: string; readonly secretKey: string };
  /** Requests per minute before 429; default 400, as documented. */
  readonly rateLimitPerMinute?: number;
  /** Requests served while a task processes, and again while its database upgrades; default 3. */
  readonly stepsPerTask?: number;
  /** Requests served while a database upgrades, when it differs from stepsPerTask (a test that needs an upgrade to stay running). */
  readonly stepsPerUpgrade?: number;
  readonly now?: () => number;
}

/** A database as the simulator holds it, for assertions. */
export interface CloudDatabaseView {
  readonly subscriptionId: number;
  readonly databaseId: number;
  readonly plan: SimPlan;
  readonly redisVersion: string;
  readonly redisVersionCompliance: string;
  readonly status: string;
  readonly activeActive: boolean;
  /** Every target an upgrade request named, honoured or not. */
  readonly upgradeRequests: readonly string[];
  /** Backups and upgrade requests in the order the database met them ("backup requested", "backup succeeded", "upgrade requested 8.2"). */
  readonly timeline: readonly string[];
  /** What GET …/upgrade reports as upgradeStatus; undefined before any attempt. */
  readonly upgradeStatus?: string;
  /** When it last changed, as GET …/databases/{id} reports it. */
  readonly lastModified: string;
}

export interface TaskFailure {
  readonly type: string;
  readonly description: string;
  /** HTTP status the error stands for; default 400. */
  readonly httpStatus?: number;
}

/**
 * The Redis Cloud API for version upgrades (Pro, Active-Active, Essentials)
 * under /v1/..., as at https://api.redislabs.com/v1: point a client's base
 * address at `<server.url>/v1`. Serve it with `serve({ controlPlanes: [sim] })`.
 */
export class RedisCloudSimulator implements ControlPlane {
  private readonly account: CloudAccount;
  private readonly budget: RequestBudget;

  constructor(private readonly options: RedisCloudSimulatorOptions) {
    const now = options.now ?? Date.now;
    const stepsPerTask = options.stepsPerTask ?? 3;
    this.account = new CloudAccount({ stepsPerTask, stepsPerUpgrade: options.stepsPerUpgrade ?? stepsPerTask, now });
    this.budget = new RequestBudget(options.rateLimitPerMinute ?? 400, now);
  }

  handle(request: SimRequest): SimResponse | undefined {
    const route = matchRoute(request);
    if (!route) return undefined;
    if (!this.authorized(request)) return errorResponse(401, "the x-api-key and x-api-secret-key pair is not valid");
    const budget = this.budget.take();
    const headers = { [REMAINING_HEADER]: String(budget.remaining) };
    if (!budget.allowed) {
      return { ...errorResponse(429, "Too Many Requests - the account's requests per minute are used up"), headers };
    }
    this.account.tick();
    const response = route(this.account);
    return { ...response, headers: { ...response.headers, ...headers } };
  }

  control(request: SimRequest): SimResponse | undefined {
    return cloudControl(request, this);
  }

  addSubscription(input: SubscriptionInput): void {
    this.account.addSubscription(input);
  }

  /** Adds a database (and its subscription, when the simulator has none with that id). */
  addDatabase(input: DatabaseInput): CloudDatabaseView {
    return view(this.account.addDatabase(input));
  }

  database(subscriptionId: number, databaseId: number): CloudDatabaseView {
    return view(this.held(subscriptionId, databaseId));
  }

  subscriptionStatus(subscriptionId: number): string {
    const subscription = this.account.subscriptions.get(subscriptionId);
    if (!subscription) throw new Error(`the simulator has no subscription ${subscriptionId}`);
    return subscription.status;
  }

  /** The release lines a plan offers, oldest first. */
  versions(plan: SimPlan): string[] {
    return planVersions(plan).map((entry) => entry.version);
  }

  /** Self-service Active-Active upgrades are off for the account, as Redis has switched them at times. */
  disableActiveActiveUpgrade(refusal: ActiveActiveRefusal = "precondition-failed"): void {
    this.account.activeActiveRefusal = refusal;
  }

  /**
   * Accepted Active-Active upgrades wait for the subscription's maintenance
   * window (GET …/upgrade says upgradeStatus "scheduled") and then move every
   * database of the subscription; "immediate" (the default) runs them at once.
   */
  setActiveActiveUpgrades(mode: ActiveActiveUpgrades): void {
    this.account.activeActiveUpgrades = mode;
  }

  /** The subscription's maintenance window comes: its held upgrades start. */
  openMaintenanceWindow(subscriptionId: number): void {
    if (!this.account.subscriptions.has(subscriptionId)) throw new Error(`the simulator has no subscription ${subscriptionId}`);
    this.account.openMaintenanceWindow(subscriptionId);
  }

  /** The next accepted upgrade shows only after this many more requests; GET …/upgrade describes the previous attempt meanwhile. */
  delayNextUpgradeStart(requests: number): void {
    this.account.armStartDelay(requests);
  }

  /** After the next upgrade the database holds this status (e.g. "bdb-update-pending") for this many requests before `active`. */
  lingerAfterNextUpgrade(status: string, requests: number): void {
    this.account.armLinger({ status, requests });
  }

  /** GET …/upgrade describes an earlier attempt to `target` that failed. */
  recordFailedUpgrade(subscriptionId: number, databaseId: number, target: string): void {
    this.account.recordFailedUpgrade(this.held(subscriptionId, databaseId), target);
  }

  /** The next upgrade task ends in `processing-error` with this error. */
  failNextTask(failure: TaskFailure): void {
    this.account.armFailure(cloudError(failure.httpStatus ?? 400, failure.type, failure.description));
  }

  /** The next upgrade's task completes, but the upgrade itself then fails: upgradeStatus "failed", version unchanged. */
  failNextUpgrade(): void {
    this.account.armUpgradeFailure();
  }

  /** The database's next backup task ends in processing-error with this error (default DATABASE_BACKUP_FAILED). */
  failNextBackup(subscriptionId: number, databaseId: number, failure?: TaskFailure): void {
    const { type, description, httpStatus } = failure ?? { type: "DATABASE_BACKUP_FAILED", description: "The backup could not be written to the backup location" };
    this.held(subscriptionId, databaseId).backups.armedFailure = cloudError(httpStatus ?? 400, type, description);
  }

  /** Gives the database a remote backup location, or takes it away. */
  setBackupDestination(subscriptionId: number, databaseId: number, configured: boolean): void {
    this.held(subscriptionId, databaseId).backups.destination = configured;
  }

  /** The next task answers 404 to its first `polls` reads by id, as a task just created sometimes does. */
  hideNextTaskFor(polls: number): void {
    this.account.armHiddenPolls(polls);
  }

  /** Every database's activatedOn and lastModified move `hours` into the past, as if that long had passed (fractions allowed). */
  age(hours: number): void {
    this.account.age(hours * 3_600_000);
  }

  /** The database's configuration changes: lastModified moves to now, as any change of it does. */
  changeConfiguration(subscriptionId: number, databaseId: number): void {
    this.account.changeConfiguration(this.held(subscriptionId, databaseId));
  }

  /** Puts another change of the account in the task queue, ahead of tasks requested after it. */
  queueForeignTask(steps: number, commandType = "subscriptionUpdateRequest"): string {
    return this.account.queueForeignTask(steps, commandType).taskId;
  }

  private held(subscriptionId: number, databaseId: number): SimDatabase {
    const db = this.account.databases.get(databaseKey(subscriptionId, databaseId));
    if (!db) throw new Error(`the simulator has no database ${databaseKey(subscriptionId, databaseId)}`);
    return db;
  }

  private authorized(request: SimRequest): boolean {
    const { accessKey, secretKey } = this.options.credentials;
    return request.headers["x-api-key"] === accessKey && request.headers["x-api-secret-key"] === secretKey;
  }
}

function view(db: SimDatabase): CloudDatabaseView {
  return {
    subscriptionId: db.subscriptionId,
    databaseId: db.databaseId,
    plan: db.plan,
    redisVersion: db.redisVersion,
    redisVersionCompliance: db.compliance,
    status: db.status,
    activeActive: db.activeActive,
    upgradeRequests: [...db.upgradeRequests],
    timeline: [...db.timeline],
    lastModified: db.lastModified,
    ...(db.upgrade ? { upgradeStatus: db.upgrade.status } : {}),
  };
}
