import { Observation, Step, UpgradeEnd, Upgrader, Verification } from "../../engine/port";
import { satisfies } from "../../engine/satisfies";
import { CloudDatabaseSpec, DeclaredCloudPlan } from "../../spec";
import { compareVersions, parseVersion, RedisVersion, releaseLine, tryParseVersion } from "../../versions";
import { PlatformContext } from "../context";
import { ApiError, UserFacingError } from "../../core/errors";
import { CloudBackups } from "./backup";
import { CloudDatabaseClient } from "./client";
import { CloudApi, connectCloud, TransportTuning } from "./connect";
import {
  ALREADY_RUNNING,
  databaseNotFound,
  ExplainContext,
  explainRefusal,
  INVALID_VERSION,
  Refusal,
  redactedRefusal,
  refusalOf,
  upgradeSwitchedOff,
} from "./explain";
import { findRequestedUpgrade } from "./find-task";
import { cloudDatabaseIdentity } from "../../spec/identity";
import { DatabaseWatch, readDatabase, readSubscription } from "./follow-database";
import { readTask, TaskWatch } from "./follow-task";
import { currentVersion, isActiveActive, isUpgrading, laggingRegions, observation, reaches } from "./observation";
import { scheduledUpgrade } from "./scheduled";
import { CloudReadings, observeCloud } from "./observe";
import { upgradedTogether } from "./together";
import { CloudOperation, databaseOperation, subscriptionOperation, taskOperation } from "./operation";

const PLAN_NAMES: Readonly<Record<DeclaredCloudPlan, string>> = { pro: "Pro", essentials: "Essentials", "active-active": "Active-Active" };

/** Builds the Upgrader for one Redis Cloud database pin: Pro, Essentials or Active-Active. */
export function cloudDatabaseUpgrader(spec: CloudDatabaseSpec, context: PlatformContext, tuning: TransportTuning = {}): Upgrader<CloudOperation> {
  const api = connectCloud(spec.api, context, tuning);
  const { client, explain } = cloudDatabaseClient(spec, api);
  // The lock names the API the requests go to: REDISCLOUD_URL's when the pin names none, as they do.
  const lockKey = cloudDatabaseIdentity({ ...spec, api: { ...spec.api, url: api.http.baseUrl } });
  return new CloudDatabaseUpgrader(client, explain, context, lockKey);
}

/** The calls of one database over a connection to its account, with the words its errors are explained in. */
export function cloudDatabaseClient(spec: CloudDatabaseSpec, api: CloudApi): { client: CloudDatabaseClient; explain: ExplainContext } {
  const explain: ExplainContext = {
    database: `${PLAN_NAMES[spec.plan]} database ${spec.databaseId} in subscription ${spec.subscriptionId}`,
    plan: spec.plan,
    accessKeyEnv: spec.api.accessKeyEnv,
    secretKeyEnv: spec.api.secretKeyEnv,
  };
  return { client: new CloudDatabaseClient(api, spec, explain), explain };
}

/** A completed task whose own words say the upgrade is held for later: a positive signal of a schedule (Active-Active only). */
const TASK_SAYS_SCHEDULED = /\bschedul/i;

class CloudDatabaseUpgrader implements Upgrader<CloudOperation> {
  readonly target: string;
  readonly backup: CloudBackups;

  constructor(
    private readonly client: CloudDatabaseClient,
    private readonly explain: ExplainContext,
    private readonly context: PlatformContext,
    readonly lockKey: string,
  ) {
    this.target = `Redis Cloud ${explain.database}`;
    this.backup = new CloudBackups(client, explain);
  }

  async observe(pin: RedisVersion): Promise<Observation<CloudOperation>> {
    const { client } = this;
    const database = await client.database();
    const upgrade = await client.upgradeStatus();
    const readings: CloudReadings = {
      database,
      upgrade,
      targets: (current) => client.targets(current),
      together: async () => upgradedTogether(client.address.subscriptionId, await client.subscriptionDatabases()),
    };
    return observeCloud(pin, readings, client.paths, this.explain.plan);
  }

  async submit(pin: RedisVersion, observed: Observation<CloudOperation>): Promise<CloudOperation> {
    // The API takes a release line ("7.4"); a pinned patch only sharpens what counts as reached.
    const target = parseVersion(releaseLine(pin));
    // A run killed right after its POST leaves a request the database does not show yet: follow it rather than send a second.
    const requested = await this.requestedUpgrade();
    if (requested) {
      this.context.log.info(`${this.target}: an upgrade request for this database is already queued (${requested.lookup}), from an interrupted apply or another handler: following it instead of sending another`);
      return requested;
    }
    try {
      const task = await this.client.requestUpgrade(target.text);
      return taskOperation(task.taskId, this.client.paths, target);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      return this.afterRefusedRequest(error, target, observed.activeActive === true);
    }
  }

  /** One read of the phase the operation is in; a phase that ends hands over to the next, read at once. */
  async step(operation: CloudOperation, pin: RedisVersion): Promise<Step<CloudOperation, UpgradeEnd>> {
    switch (operation.kind) {
      case "task":
        return this.taskStep(operation, pin);
      case "database":
        return this.databaseStep(operation, pin);
      case "subscription":
        return readSubscription(this.client);
    }
  }

  async verify(pin: RedisVersion): Promise<Verification> {
    const database = await this.client.database();
    const observed = observation({ database, path: this.client.paths.database });
    if (!satisfies(observed.current, pin)) return { kind: "not-yet", why: `Redis Cloud reports redisVersion ${observed.current.text} (status ${database.status})` };
    const lagging = laggingRegions(database, pin);
    if (lagging.length) return { kind: "not-yet", why: `not every region satisfies ${pin.text}: ${lagging.join("; ")}` };
    return { kind: "verified", observed };
  }

  private async taskStep(operation: Extract<CloudOperation, { kind: "task" }>, pin: RedisVersion): Promise<Step<CloudOperation, UpgradeEnd>> {
    const read = await readTask(this.client, operation);
    if (read.kind !== "ended") return within(read, operation);
    const outcome = read.result;
    switch (outcome.kind) {
      case "missing":
        return failed(`Redis Cloud answered 404 for task ${operation.taskId} ${outcome.polls} times in a row; look for it with GET ${this.client.paths.tasks}`);
      case "refused":
        return this.afterRefusedTask(outcome.refusal, operation.requested ?? pin, pin);
      case "completed":
        return this.step(databaseOperation(this.client.paths, operation.requested, TASK_SAYS_SCHEDULED.test(outcome.says ?? "")), pin);
      case "gone":
        return this.step(databaseOperation(this.client.paths, operation.requested), pin);
    }
  }

  private async databaseStep(operation: Extract<CloudOperation, { kind: "database" }>, pin: RedisVersion): Promise<Step<CloudOperation, UpgradeEnd>> {
    const read = await readDatabase(this.client, this.context.clock, operation, this.explain.database);
    if (read.kind === "ended" && read.result.kind === "completed") return this.step(subscriptionOperation(this.client.paths), pin);
    return read.kind === "ended" ? read : within(read, operation);
  }

  /** The upgrade request Redis Cloud holds for this database, queued or processing, as an operation to follow. */
  private async requestedUpgrade(): Promise<CloudOperation | undefined> {
    const { clock, deadline } = this.context;
    const onWait = (taskIds: readonly string[]) =>
      this.context.log.info(
        `${this.target}: an upgrade request is queued in the account that names no database yet (${taskIds.map((id) => `GET ${this.client.taskPath(id)}`).join(", ")}): ` +
          "it may be one an interrupted apply sent for this database, so nothing is sent until it shows which database it is for",
      );
    const task = await findRequestedUpgrade(this.client, { clock, deadline, onWait });
    return task ? taskOperation(task.taskId, this.client.paths) : undefined;
  }

  /**
   * A 409 is "Conflict" in the document, and synchronous bodies carry no documented code: it may be an
   * upgrade already running, or a conflict with another change. The database, its upgrade status and
   * the queued requests decide; only the documented code says "already running" by itself.
   */
  private async afterConflict(error: ApiError, target: RedisVersion): Promise<CloudOperation> {
    // The queue first: a request that finishes meanwhile has already set the database upgrading when it is read next.
    const requested = await this.requestedUpgrade();
    const [database, upgrade] = [await this.client.database(), await this.client.upgradeStatus()];
    const current = currentVersion(database, this.client.paths.database);
    const held = scheduledUpgrade(upgrade, current, isActiveActive(database), `GET ${this.client.paths.upgrade}`);
    const reached = satisfies(current, target);
    const showing = isUpgrading(database, upgrade) || held !== undefined || reached || error.errorCode === ALREADY_RUNNING;
    if (requested || showing) {
      this.context.log.info(`${this.target}: an upgrade is already running; following it instead of starting another`);
      return requested ?? databaseOperation(this.client.paths, target);
    }
    const said = error.detail ? `: ${error.detail}` : "";
    throw new UserFacingError(
      `Redis Cloud refused to upgrade ${this.explain.database} to ${target.text} with 409 Conflict (${error.method} ${error.path}${said}), ` +
        `yet shows no upgrade of it: the database is ${database.status}, GET ${this.client.paths.upgrade} reports ${upgrade?.upgradeStatus ?? "no attempt"}, ` +
        "and no upgrade request is queued. The API describes 409 as a conflict with another resource (another change in the subscription or account): " +
        "nothing was started. Apply again once that change has finished.",
    );
  }

  private async afterRefusedRequest(error: ApiError, target: RedisVersion, activeActive: boolean): Promise<CloudOperation> {
    if (error.errorCode === ALREADY_RUNNING || (error.status === 409 && error.errorCode === undefined)) return this.afterConflict(error, target);
    if (error.status === 404) throw databaseNotFound(error, this.explain);
    if (error.status === 412) throw upgradeSwitchedOff(error, this.explain, { target: target.text, activeActive });
    const reason = await this.explainRefusal(refusalOf(error), target, activeActive);
    throw new UserFacingError(`Redis Cloud refused to upgrade ${this.explain.database} to ${target.text} (${error.method} ${error.path}): ${reason}`);
  }

  private async afterRefusedTask(refusal: Refusal, target: RedisVersion, pin: RedisVersion): Promise<Step<CloudOperation, UpgradeEnd>> {
    if (refusal.code === ALREADY_RUNNING) {
      this.context.log.info(`${this.target}: Redis Cloud says an upgrade is already running; following it`);
      return this.step(databaseOperation(this.client.paths), pin);
    }
    if (refusal.code === INVALID_VERSION && (await this.alreadyAt(target))) {
      // A repeated request (a retry, or a second apply) for a version an earlier request already reached.
      return this.step(databaseOperation(this.client.paths, target), pin);
    }
    const activeActive = observation({ database: await this.client.database(), path: this.client.paths.database }).activeActive === true;
    // A task's error comes from the control plane: its words are redacted here, where they enter.
    const words = redactedRefusal(refusal, (text) => this.client.redact(text));
    return failed(await this.explainRefusal(words, target, activeActive));
  }

  private async alreadyAt(target: RedisVersion): Promise<boolean> {
    return reaches(await this.client.database(), this.client.paths.database, target);
  }

  private async explainRefusal(refusal: Refusal, target: RedisVersion, activeActive: boolean): Promise<string> {
    const validTargets = refusal.code === INVALID_VERSION ? await this.laterVersions() : undefined;
    return explainRefusal(refusal, this.explain, { target: target.text, activeActive, validTargets });
  }

  /** The targets Redis Cloud offers above the current version, for a refusal that names a wrong one. */
  private async laterVersions(): Promise<string[] | undefined> {
    const current = currentVersion(await this.client.database(), this.client.paths.database);
    const targets = (await this.client.targets(current)).versions;
    return targets?.filter((text) => {
      const version = tryParseVersion(text.trim());
      return version !== undefined && compareVersions(version, current) > 0;
    });
  }
}

/** A phase still under way, its watch folded back into the operation it belongs to. */
function within<W extends TaskWatch | DatabaseWatch, Op extends CloudOperation & W>(read: Exclude<Step<W, UpgradeEnd>, { kind: "ended" }>, operation: Op): Step<CloudOperation, UpgradeEnd> {
  return { ...read, operation: { ...operation, ...read.operation } };
}

function failed(reason: string): Step<CloudOperation, UpgradeEnd> {
  return { kind: "ended", result: { kind: "failed", reason } };
}
