import { compareVersions, parseVersion, releaseLine } from "../../versions";
import { BACKUP_COMMAND, backupProblem } from "./backup";
import { cloudError } from "./errors";
import { DatabaseInput, isoNow, SimDatabase, SimLinger, SimSubscription, SimTask, SubscriptionInput, TaskError } from "./model";
import { TaskQueue } from "./task-queue";
import { complianceOf, SimPlan, upgradeTargets } from "./versions";

export interface AccountOptions {
  /** Ticks a task spends processing. */
  readonly stepsPerTask: number;
  /** Ticks a database spends upgrading (or held, then upgrading) once its task is done. */
  readonly stepsPerUpgrade: number;
  readonly now: () => number;
}

/** How a switched-off Active-Active upgrade is refused: the document's 412 on the call, or an error in the task. */
export type ActiveActiveRefusal = "precondition-failed" | "task-error";

/**
 * How an accepted Active-Active upgrade runs: at once (what provider 2.18's
 * tests expect), or held for the subscription's maintenance windows, moving
 * every database of the subscription to one version (the Redis Cloud upgrade
 * page before 461ea612: "The upgrade will start in 1-3 weeks from your request").
 */
export type ActiveActiveUpgrades = "immediate" | "scheduled";

export type UpgradeRequestOutcome =
  | { readonly kind: "queued"; readonly task: SimTask }
  /** Refused by the call itself, answered synchronously. */
  | { readonly kind: "refused"; readonly status: number; readonly detail: string };

/** Command types: the Essentials one is captured; the Pro one is the Go SDK's fixture (unconfirmed). */
const UPGRADE_COMMAND: Readonly<Record<SimPlan, string>> = {
  pro: "databaseUpgradeRequest",
  essentials: "fixedDatabaseUpgradeRedisVersionRequest",
};

const DEFAULT_REGIONS = ["us-east-1", "eu-west-1"];

/**
 * One Redis Cloud account's state. The world moves one tick per API request
 * served: the task queue's head advances, upgrading databases move on. So a
 * client that polls sees time pass, and tests need no timers.
 */
export class CloudAccount {
  readonly subscriptions = new Map<number, SimSubscription>();
  readonly databases = new Map<string, SimDatabase>();
  readonly tasks: TaskQueue;
  activeActiveRefusal: ActiveActiveRefusal | undefined;
  activeActiveUpgrades: ActiveActiveUpgrades = "immediate";
  private armedStartDelay = 0;
  private armedLinger: SimLinger | undefined;
  private armedFailure: TaskError | undefined;
  private armedHiddenPolls = 0;
  private armedUpgradeFailure = false;

  constructor(readonly options: AccountOptions) {
    this.tasks = new TaskQueue(options.now);
  }

  addSubscription(input: SubscriptionInput): SimSubscription {
    if (this.subscriptions.has(input.subscriptionId)) throw new Error(`the simulator already has subscription ${input.subscriptionId}`);
    const subscription: SimSubscription = {
      id: input.subscriptionId,
      plan: input.plan,
      name: input.name ?? `subscription-${input.subscriptionId}`,
      deploymentType: input.activeActive ? "active-active" : "single-region",
      status: "active",
      maintenanceWindows: input.maintenanceWindows,
    };
    this.subscriptions.set(subscription.id, subscription);
    return subscription;
  }

  addDatabase(input: DatabaseInput): SimDatabase {
    const subscription =
      this.subscriptions.get(input.subscriptionId) ??
      this.addSubscription({ subscriptionId: input.subscriptionId, plan: input.plan, activeActive: input.activeActive });
    if (subscription.plan !== input.plan) throw new Error(`subscription ${subscription.id} is ${subscription.plan}, not ${input.plan}`);
    if (input.activeActive && input.plan !== "pro") throw new Error("Active-Active databases are Pro databases");
    const key = databaseKey(input.subscriptionId, input.databaseId);
    if (this.databases.has(key)) throw new Error(`the simulator already has database ${key}`);
    const version = parseVersion(input.version);
    const database: SimDatabase = {
      subscriptionId: input.subscriptionId,
      databaseId: input.databaseId,
      plan: input.plan,
      name: input.name ?? `db-${input.databaseId}`,
      activeActive: input.activeActive === true,
      regions: input.activeActive ? (input.regions ?? DEFAULT_REGIONS) : [],
      replicaOf: input.replicaOf ?? [],
      redisVersion: releaseLine(version),
      compliance: complianceOf(version),
      status: "active",
      upgradeRequests: [],
      backups: { destination: input.backupDestination ?? true },
      timeline: [],
      activatedOn: isoNow(this.options.now()),
      lastModified: isoNow(this.options.now()),
    };
    this.databases.set(key, database);
    return database;
  }

  /** Every database's activation and last modification move `ms` into the past, as if that long had passed since. */
  age(ms: number): void {
    const earlier = (text: string) => isoNow(Date.parse(text) - ms);
    for (const database of this.databases.values()) {
      database.activatedOn = earlier(database.activatedOn);
      database.lastModified = earlier(database.lastModified);
    }
  }

  /** A change of the database's configuration (what PUT …/databases/{id} makes): lastModified moves to now. */
  changeConfiguration(database: SimDatabase): void {
    this.touch(database);
  }

  findSubscription(id: number, plan: SimPlan): SimSubscription | undefined {
    const subscription = this.subscriptions.get(id);
    return subscription?.plan === plan ? subscription : undefined;
  }

  findDatabase(subscriptionId: number, databaseId: number, plan: SimPlan): SimDatabase | undefined {
    const database = this.databases.get(databaseKey(subscriptionId, databaseId));
    return database?.plan === plan ? database : undefined;
  }

  armFailure(error: TaskError): void {
    this.armedFailure = error;
  }

  armHiddenPolls(polls: number): void {
    this.armedHiddenPolls = polls;
  }

  armUpgradeFailure(): void {
    this.armedUpgradeFailure = true;
  }

  armStartDelay(requests: number): void {
    this.armedStartDelay = requests;
  }

  armLinger(linger: SimLinger): void {
    this.armedLinger = linger;
  }

  /** An earlier attempt that failed, as GET …/upgrade keeps describing it until the next one shows. */
  recordFailedUpgrade(database: SimDatabase, target: string): void {
    database.upgrade = { target, steps: 1, stepsDone: 1, status: "failed", fails: true };
  }

  /** The maintenance window comes: every held upgrade of the subscription starts. */
  openMaintenanceWindow(subscriptionId: number): void {
    for (const database of this.databases.values()) {
      if (database.subscriptionId === subscriptionId && database.upgrade?.status === "scheduled") this.startUpgrade(database, database.upgrade.target);
    }
  }

  queueForeignTask(steps: number, commandType: string): SimTask {
    return this.tasks.add({ commandType, work: { kind: "foreign" }, steps, hiddenPolls: 0 });
  }

  /** The checks the call itself makes; everything else is found when the task is processed. */
  requestUpgrade(database: SimDatabase, target: string): UpgradeRequestOutcome {
    database.upgradeRequests.push(target);
    database.timeline.push(`upgrade requested ${target}`);
    if (database.activeActive && this.activeActiveRefusal === "precondition-failed") {
      return { kind: "refused", status: 412, detail: activeActiveOff().description };
    }
    if (this.upgradeRunning(database)) {
      return { kind: "refused", status: 409, detail: alreadyRunning(database).description };
    }
    const task = this.tasks.add({
      commandType: UPGRADE_COMMAND[database.plan],
      work: { kind: "upgrade", database, target },
      steps: this.options.stepsPerTask,
      failure: this.armedFailure,
      hiddenPolls: this.armedHiddenPolls,
    });
    this.armedFailure = undefined;
    this.armedHiddenPolls = 0;
    return { kind: "queued", task };
  }

  requestBackup(database: SimDatabase, regionName: string | undefined): SimTask {
    database.timeline.push(`backup requested${regionName === undefined ? "" : ` ${regionName}`}`);
    return this.tasks.add({ commandType: BACKUP_COMMAND, work: { kind: "backup", database, regionName }, steps: this.options.stepsPerTask, hiddenPolls: 0 });
  }

  tick(): void {
    for (const database of this.databases.values()) {
      this.advanceStart(database);
      this.advanceUpgrade(database);
      this.advanceLinger(database);
    }
    const finished = this.tasks.tick();
    if (finished) this.settle(finished);
  }

  private upgradeRunning(database: SimDatabase): boolean {
    return (
      database.upgrade?.status === "in-progress" ||
      database.upgrade?.status === "scheduled" ||
      database.startsIn !== undefined ||
      this.tasks.unfinished().some((task) => task.work.kind === "upgrade" && task.work.database === database)
    );
  }

  private settle(task: SimTask): void {
    const work = task.work;
    const error = task.failure ?? (work.kind === "upgrade" ? this.upgradeProblem(work.database, work.target) : undefined);
    if (error) return this.tasks.fail(task, error);
    if (work.kind === "foreign") return this.tasks.complete(task, {});
    if (work.kind === "backup") return this.settleBackup(task, work.database, work.regionName);
    this.tasks.complete(task, { resourceId: work.database.databaseId, additionalResourceId: work.database.subscriptionId });
    if (work.database.activeActive && this.activeActiveUpgrades === "scheduled") return this.holdForWindow(work.database.subscriptionId, work.target);
    if (this.armedStartDelay > 0) {
      work.database.startsIn = { target: work.target, requests: this.armedStartDelay };
      this.armedStartDelay = 0;
      return;
    }
    this.startUpgrade(work.database, work.target);
  }

  private settleBackup(task: SimTask, database: SimDatabase, regionName: string | undefined): void {
    const error = backupProblem(database, regionName);
    database.timeline.push(error ? `backup failed ${error.type}` : "backup succeeded");
    if (error) return this.tasks.fail(task, error);
    this.tasks.complete(task, { resourceId: database.databaseId, additionalResourceId: database.subscriptionId });
  }

  /** All databases of the subscription below the target wait for the window, at one version. */
  private holdForWindow(subscriptionId: number, target: string): void {
    const to = parseVersion(target);
    for (const database of this.databases.values()) {
      if (database.subscriptionId !== subscriptionId || compareVersions(parseVersion(database.redisVersion), to) >= 0) continue;
      database.upgrade = { target, steps: this.options.stepsPerUpgrade, stepsDone: 0, status: "scheduled", fails: false };
    }
  }

  private advanceStart(database: SimDatabase): void {
    const pending = database.startsIn;
    if (!pending || --pending.requests > 0) return;
    database.startsIn = undefined;
    this.startUpgrade(database, pending.target);
  }

  private advanceLinger(database: SimDatabase): void {
    const lingering = database.lingering;
    if (!lingering || --lingering.requests > 0) return;
    database.lingering = undefined;
    database.status = "active";
    this.touch(database);
  }

  private upgradeProblem(database: SimDatabase, target: string): TaskError | undefined {
    if (database.activeActive && this.activeActiveRefusal === "task-error") return activeActiveOff();
    if (database.upgrade?.status === "in-progress") return alreadyRunning(database);
    const valid = upgradeTargets(database.plan, database.redisVersion);
    if (!valid.includes(target)) {
      return cloudError(
        400,
        "DATABASE_UPGRADE_INVALID_REDIS_VERSION",
        `Redis version ${target} is not a valid upgrade target for database ${database.databaseId} on ${database.redisVersion}` +
          ` (valid: ${valid.join(", ") || "none"})`,
      );
    }
    return undefined;
  }

  private startUpgrade(database: SimDatabase, target: string): void {
    database.status = "active-upgrade-pending";
    database.upgrade = { target, steps: this.options.stepsPerUpgrade, stepsDone: 0, status: "in-progress", fails: this.armedUpgradeFailure };
    this.armedUpgradeFailure = false;
    this.touch(database);
  }

  private advanceUpgrade(database: SimDatabase): void {
    const upgrade = database.upgrade;
    if (upgrade?.status !== "in-progress") return;
    upgrade.stepsDone++;
    if (upgrade.stepsDone < upgrade.steps) return;
    upgrade.status = upgrade.fails ? "failed" : "done";
    if (!upgrade.fails) {
      database.redisVersion = upgrade.target;
      database.compliance = complianceOf(parseVersion(upgrade.target));
    }
    database.status = "active";
    if (this.armedLinger) {
      database.status = this.armedLinger.status;
      database.lingering = { ...this.armedLinger };
      this.armedLinger = undefined;
    }
    this.touch(database);
  }

  /**
   * A subscription is pending while any of its databases upgrades, as database
   * changes flip it in Redis Cloud; a database's own lingering status does not.
   */
  private touch(database: SimDatabase): void {
    database.lastModified = isoNow(this.options.now());
    const subscription = this.subscriptions.get(database.subscriptionId);
    if (!subscription) return;
    const busy = [...this.databases.values()].some((db) => db.subscriptionId === subscription.id && db.upgrade?.status === "in-progress");
    subscription.status = busy ? "pending" : "active";
  }
}

export function databaseKey(subscriptionId: number, databaseId: number): string {
  return `${subscriptionId}/${databaseId}`;
}

function activeActiveOff(): TaskError {
  return cloudError(
    412,
    "ACTIVE_ACTIVE_DATABASE_UPGRADE_IS_NOT_SUPPORTED",
    "Self-service version upgrade of Active-Active databases is not enabled for this account",
  );
}

function alreadyRunning(database: SimDatabase): TaskError {
  return cloudError(409, "DATABASE_UPGRADE_IS_ALREADY_RUNNING", `An upgrade of database ${database.databaseId} is already running`);
}
