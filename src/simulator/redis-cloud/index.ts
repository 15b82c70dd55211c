import { ControlPlane, SimRequest, SimResponse } from "../types";
import { ActiveActiveRefusal, CloudAccount, databaseKey } from "./account";
import { cloudError, errorResponse } from "./errors";
import { DatabaseInput, SimDatabase, SubscriptionInput } from "./model";
import { REMAINING_HEADER, RequestBudget } from "./request-budget";
import { matchRoute } from "./routes";
import { planVersions, SimPlan } from "./versions";

export type { DatabaseInput, SubscriptionInput } from "./model";
export type { ActiveActiveRefusal } from "./account";
export type { SimPlan } from "./versions";

export interface RedisCloudSimulatorOptions {
  /** The one account key (x-api-key) and user key (x-api-secret-key) the API accepts. */
  readonly credentials: { readonly accessKey: string; readonly secretKey: string };
  /** Requests per minute before 429; default 400, as documented. */
  readonly rateLimitPerMinute?: number;
  /** Requests served while a task processes, and again while its database upgrades; default 3. */
  readonly stepsPerTask?: number;
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
    this.account = new CloudAccount({ stepsPerTask: options.stepsPerTask ?? 3, now });
    this.budget = new RequestBudget(options.rateLimitPerMinute ?? 400, now);
  }

  handle(request: SimRequest): SimResponse | undefined {
    const route = matchRoute(request);
    if (!route) return undefined;
    if (!this.authorized(request)) return errorResponse(401, "UNAUTHORIZED", "Authentication failed for requested resource");
    const budget = this.budget.take();
    const headers = { [REMAINING_HEADER]: String(budget.remaining) };
    if (!budget.allowed) {
      return { ...errorResponse(429, undefined, "Too Many Requests - the account's requests per minute are used up"), headers };
    }
    this.account.tick();
    const response = route(this.account);
    return { ...response, headers: { ...response.headers, ...headers } };
  }

  addSubscription(input: SubscriptionInput): void {
    this.account.addSubscription(input);
  }

  /** Adds a database (and its subscription, when the simulator has none with that id). */
  addDatabase(input: DatabaseInput): CloudDatabaseView {
    return view(this.account.addDatabase(input));
  }

  database(subscriptionId: number, databaseId: number): CloudDatabaseView {
    const db = this.account.databases.get(databaseKey(subscriptionId, databaseId));
    if (!db) throw new Error(`the simulator has no database ${databaseKey(subscriptionId, databaseId)}`);
    return view(db);
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

  /** The next upgrade task ends in `processing-error` with this error. */
  failNextTask(failure: TaskFailure): void {
    this.account.armFailure(cloudError(failure.httpStatus ?? 400, failure.type, failure.description));
  }

  /** The next upgrade's task completes, but the upgrade itself then fails: upgradeStatus "failed", version unchanged. */
  failNextUpgrade(): void {
    this.account.armUpgradeFailure();
  }

  /** The next task answers 404 to its first `polls` reads by id, as a task just created sometimes does. */
  hideNextTaskFor(polls: number): void {
    this.account.armHiddenPolls(polls);
  }

  /** Puts another change of the account in the task queue, ahead of tasks requested after it. */
  queueForeignTask(steps: number, commandType = "subscriptionUpdateRequest"): string {
    return this.account.queueForeignTask(steps, commandType).taskId;
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
  };
}
