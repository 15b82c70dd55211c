import { BackupResult, FollowOptions, FollowResult, Observation, Upgrader, Verification } from "../../engine/port";
import { satisfies } from "../../engine/satisfies";
import { CloudDatabaseSpec, CloudPlan } from "../../spec";
import { compareVersions, parseVersion, RedisVersion, releaseLine, tryParseVersion } from "../../versions";
import { PlatformContext } from "../context";
import { ApiError, UserFacingError } from "../../core/errors";
import { Clock, systemClock } from "../../core/clock";
import { backUpCloudDatabase } from "./backup";
import { CloudDatabaseClient } from "./client";
import { connectCloud, TransportTuning } from "./connect";
import {
  ALREADY_RUNNING,
  databaseNotFound,
  ExplainContext,
  explainRefusal,
  INVALID_VERSION,
  Refusal,
  refusalOf,
  upgradeSwitchedOff,
} from "./explain";
import { findRunningUpgradeTask } from "./find-task";
import { cloudDatabaseIdentity } from "../../spec/identity";
import { followDatabase } from "./follow-database";
import { followTask } from "./follow-task";
import { currentVersion, isActiveActive, isUpgrading, observation, reaches } from "./observation";
import { scheduledUpgrade } from "./scheduled";
import { upgradedTogether } from "./together";
import { CloudOperation, databaseOperation, taskOperation } from "./operation";

const PLAN_NAMES: Readonly<Record<CloudPlan, string>> = { pro: "Pro", essentials: "Essentials", "active-active": "Active-Active" };

/** Builds the Upgrader for one Redis Cloud database pin: Pro, Essentials or Active-Active. */
export function cloudDatabaseUpgrader(spec: CloudDatabaseSpec, context: PlatformContext, tuning: TransportTuning = {}): Upgrader<CloudOperation> {
  const plan = PLAN_NAMES[spec.plan];
  const explain: ExplainContext = {
    database: `${plan} database ${spec.databaseId} in subscription ${spec.subscriptionId}`,
    plan: spec.plan,
    accessKeyEnv: spec.api.accessKeyEnv,
    secretKeyEnv: spec.api.secretKeyEnv,
  };
  const client = new CloudDatabaseClient(connectCloud(spec.api, context, tuning), spec, explain);
  const clock: Clock = { now: tuning.now ?? systemClock.now, sleep: tuning.sleep ?? systemClock.sleep };
  return new CloudDatabaseUpgrader(client, explain, clock, context, cloudDatabaseIdentity(spec));
}

class CloudDatabaseUpgrader implements Upgrader<CloudOperation> {
  readonly target: string;

  constructor(
    private readonly client: CloudDatabaseClient,
    private readonly explain: ExplainContext,
    private readonly clock: Clock,
    private readonly context: PlatformContext,
    readonly lockKey: string,
  ) {
    this.target = `Redis Cloud ${explain.database}`;
  }

  async observe(pin: RedisVersion): Promise<Observation<CloudOperation>> {
    const database = await this.client.database();
    const upgrade = await this.client.upgradeStatus();
    const { paths } = this.client;
    const current = currentVersion(database, paths.database);
    const activeActive = isActiveActive(database);
    const running = isUpgrading(database, upgrade) ? databaseOperation(paths) : undefined;
    const scheduled = running ? undefined : scheduledUpgrade(upgrade, current, activeActive, `GET ${paths.upgrade}`);
    // While an upgrade runs or waits, or once the pin is reached, there is nothing to choose: the targets are not asked for (one request less per pin).
    const targets = running || scheduled || satisfies(current, pin) ? undefined : await this.client.targets(current);
    const together = activeActive ? await upgradedTogether(this.client) : undefined;
    return observation({ database, path: paths.database, running, targets, declared: this.explain.plan, scheduled, together });
  }

  async submit(pin: RedisVersion, observed: Observation<CloudOperation>): Promise<CloudOperation> {
    // The API takes a release line ("7.4"); a pinned patch only sharpens what counts as reached.
    const target = parseVersion(releaseLine(pin));
    try {
      const task = await this.client.requestUpgrade(target.text);
      return taskOperation(task.taskId, this.client.paths, target);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      return this.afterRefusedRequest(error, target, observed.activeActive === true);
    }
  }

  async follow(operation: CloudOperation, pin: RedisVersion, given: FollowOptions): Promise<FollowResult> {
    // One schedule across the task, database and subscription phases: waits keep growing from the first look.
    const options = { ...given, since: given.since ?? this.clock.now() };
    if (operation.kind === "database") return this.followDatabase(operation.requested, options);
    const target = operation.requested;
    const outcome = await followTask(this.client, this.clock, operation.taskId, options);
    switch (outcome.kind) {
      case "timeout":
        return outcome;
      case "missing":
        return {
          kind: "failed",
          reason: `Redis Cloud answered 404 for task ${operation.taskId} ${outcome.polls} times in a row; look for it with GET ${this.client.paths.tasks}`,
        };
      case "refused":
        return this.afterRefusedTask(outcome.refusal, target ?? pin, options);
      case "completed":
      case "gone":
        return this.followDatabase(target, options);
    }
  }

  async verify(pin: RedisVersion): Promise<Verification> {
    const database = await this.client.database();
    const observed = observation({ database, path: this.client.paths.database });
    if (satisfies(observed.current, pin)) return { kind: "verified", observed };
    return { kind: "not-yet", why: `Redis Cloud reports redisVersion ${observed.current.text} (status ${database.status})` };
  }

  backup(options: FollowOptions): Promise<BackupResult> {
    return backUpCloudDatabase(this.client, this.clock, this.explain, options);
  }

  private async afterRefusedRequest(error: ApiError, target: RedisVersion, activeActive: boolean): Promise<CloudOperation> {
    // The document's 409 is "Conflict" and synchronous bodies carry no documented code: a codeless 409 on the upgrade call is a running upgrade.
    if (error.errorCode === ALREADY_RUNNING || (error.status === 409 && error.errorCode === undefined)) {
      this.context.log.info(`${this.target}: an upgrade is already running; following it instead of starting another`);
      const running = await findRunningUpgradeTask(this.client);
      return running ? taskOperation(running.taskId, this.client.paths) : databaseOperation(this.client.paths, target);
    }
    if (error.status === 404) throw databaseNotFound(error, this.explain);
    if (error.status === 412) throw upgradeSwitchedOff(error, this.explain, { target: target.text, activeActive });
    const reason = await this.explainRefusal(refusalOf(error), target, activeActive);
    throw new UserFacingError(`Redis Cloud refused to upgrade ${this.explain.database} to ${target.text} (${error.method} ${error.path}): ${reason}`);
  }

  private async afterRefusedTask(refusal: Refusal, target: RedisVersion, options: FollowOptions): Promise<FollowResult> {
    if (refusal.code === ALREADY_RUNNING) {
      this.context.log.info(`${this.target}: Redis Cloud says an upgrade is already running; following it`);
      return this.followDatabase(undefined, options);
    }
    if (refusal.code === INVALID_VERSION && (await this.alreadyAt(target))) {
      // A repeated request (a retry, or a second apply) for a version an earlier request already reached.
      return this.followDatabase(target, options);
    }
    const activeActive = observation({ database: await this.client.database(), path: this.client.paths.database }).activeActive === true;
    return { kind: "failed", reason: await this.explainRefusal(refusal, target, activeActive) };
  }

  private async alreadyAt(target: RedisVersion): Promise<boolean> {
    return reaches(await this.client.database(), this.client.paths.database, target);
  }

  private followDatabase(target: RedisVersion | undefined, options: FollowOptions): Promise<FollowResult> {
    return followDatabase(this.client, this.clock, target, options, this.explain.database);
  }

  private async explainRefusal(refusal: Refusal, target: RedisVersion, activeActive: boolean): Promise<string> {
    const validTargets = refusal.code === INVALID_VERSION ? await this.laterVersions() : undefined;
    return this.client.redact(explainRefusal(refusal, this.explain, { target: target.text, activeActive, validTargets }));
  }

  /** The targets Redis Cloud offers above the current version, for a refusal that names a wrong one. */
  private async laterVersions(): Promise<string[] | undefined> {
    const current = currentVersion(await this.client.database(), this.client.paths.database);
    const targets = await this.client.targets(current);
    return targets?.filter((text) => {
      const version = tryParseVersion(text.trim());
      return version !== undefined && compareVersions(version, current) > 0;
    });
  }
}
