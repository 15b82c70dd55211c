import { FollowOptions, FollowResult, Observation, Operation, Upgrader, Verification } from "../../engine";
import { CloudDatabaseSpec } from "../../spec";
import { compareVersions, parseVersion, RedisVersion, releaseLine, tryParseVersion } from "../../versions";
import { PlatformContext } from "../context";
import { ApiError, UserFacingError } from "../../core/errors";
import { Clock, systemClock } from "../../core/clock";
import { CloudDatabaseClient } from "./client";
import { connectCloud, TransportTuning } from "./connect";
import {
  ALREADY_RUNNING,
  databaseNotFound,
  ExplainContext,
  explainRefusal,
  INVALID_VERSION,
  Refusal,
  RefusalFacts,
  refusalOf,
  upgradeSwitchedOff,
} from "./explain";
import { findUpgradeTask } from "./find-task";
import { followDatabase } from "./follow-database";
import { followTask } from "./follow-task";
import { currentVersion, isActiveActive, isBehind, isUpgrading, observation } from "./observation";
import { toOperation, trackedOf } from "./operation";
import { CloudTask } from "./schemas";

/** Builds the Upgrader for one Redis Cloud database pin: Pro, Essentials or Active-Active. */
export function cloudDatabaseUpgrader(spec: CloudDatabaseSpec, context: PlatformContext, tuning: TransportTuning = {}): Upgrader {
  const plan = spec.plan === "pro" ? "Pro" : "Essentials";
  const explain: ExplainContext = {
    database: `${plan} database ${spec.databaseId} in subscription ${spec.subscriptionId}`,
    plan: spec.plan,
    accessKeyEnv: spec.api.accessKeyEnv,
    secretKeyEnv: spec.api.secretKeyEnv,
  };
  const client = new CloudDatabaseClient(connectCloud(spec.api, context, tuning), spec, explain);
  const clock: Clock = { now: tuning.now ?? systemClock.now, sleep: tuning.sleep ?? systemClock.sleep };
  return new CloudDatabaseUpgrader(client, explain, clock, context, parseVersion(spec.redisVersion));
}

class CloudDatabaseUpgrader implements Upgrader {
  readonly target: string;
  /** The version each task we started asks for, so following it knows what "landed" means. */
  private readonly submitted = new Map<string, RedisVersion>();
  /** Learnt by observe; decides which advice a refusal gets. */
  private activeActive = false;

  constructor(
    private readonly client: CloudDatabaseClient,
    private readonly explain: ExplainContext,
    private readonly clock: Clock,
    private readonly context: PlatformContext,
    private readonly pin: RedisVersion,
  ) {
    this.target = `Redis Cloud ${explain.database}`;
  }

  async observe(): Promise<Observation> {
    const database = await this.client.database();
    this.activeActive = isActiveActive(database);
    const running = isUpgrading(database, await this.client.upgradeStatus())
      ? toOperation({ kind: "database" }, this.client.paths)
      : undefined;
    // While an upgrade runs there is nothing to choose, so the targets are not asked for.
    const targets = running ? undefined : await this.client.targets();
    return observation({ database, path: this.client.paths.database, running, targets });
  }

  async submit(version: RedisVersion): Promise<Operation> {
    // The API takes a release line ("7.4"); a pinned patch only sharpens what counts as reached.
    const target = parseVersion(releaseLine(version));
    const sentAt = this.clock.now();
    try {
      const task = await this.client.requestUpgrade(target.text, () => findUpgradeTask(this.client, { kind: "since", at: sentAt }));
      this.submitted.set(task.taskId, target);
      return this.taskOperation(task);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      return this.afterRefusedRequest(error, target);
    }
  }

  async follow(operation: Operation, options: FollowOptions): Promise<FollowResult> {
    const tracked = trackedOf(operation);
    if (tracked.kind === "database") return this.followDatabase(undefined, options);
    const target = this.submitted.get(tracked.taskId);
    const outcome = await followTask(this.client, this.clock, tracked.taskId, options);
    switch (outcome.kind) {
      case "timeout":
        return outcome;
      case "missing":
        return {
          kind: "failed",
          reason: `Redis Cloud answered 404 for task ${tracked.taskId} ${outcome.polls} times in a row; look for it with GET ${this.client.paths.tasks}`,
        };
      case "refused":
        return this.afterRefusedTask(outcome.refusal, target, options);
      case "completed":
      case "gone":
        return this.followDatabase(target, options);
    }
  }

  async verify(version: RedisVersion): Promise<Verification> {
    const database = await this.client.database();
    const observed = observation({ database, path: this.client.paths.database });
    if (compareVersions(observed.current, version) >= 0) return { kind: "verified", observed };
    return { kind: "not-yet", why: `Redis Cloud reports redisVersion ${observed.current.text} (status ${database.status})` };
  }

  private async afterRefusedRequest(error: ApiError, target: RedisVersion): Promise<Operation> {
    if (error.errorCode === ALREADY_RUNNING) {
      this.context.log.info(`${this.target}: an upgrade is already running; following it instead of starting another`);
      const running = await findUpgradeTask(this.client, { kind: "running" });
      return running ? this.taskOperation(running) : toOperation({ kind: "database" }, this.client.paths);
    }
    if (error.status === 404) throw databaseNotFound(error, this.explain);
    if (error.status === 412) throw upgradeSwitchedOff(error, this.explain, this.facts(target));
    const reason = await this.explainRefusal(refusalOf(error), target);
    throw new UserFacingError(`Redis Cloud refused to upgrade ${this.explain.database} to ${target.text} (${error.method} ${error.path}): ${reason}`);
  }

  private async afterRefusedTask(refusal: Refusal, target: RedisVersion | undefined, options: FollowOptions): Promise<FollowResult> {
    if (refusal.code === ALREADY_RUNNING) {
      this.context.log.info(`${this.target}: Redis Cloud says an upgrade is already running; following it`);
      return this.followDatabase(undefined, options);
    }
    if (refusal.code === INVALID_VERSION && target && (await this.alreadyAt(target))) {
      // A repeated request (a retry, or a second apply) for a version an earlier request already reached.
      return this.followDatabase(target, options);
    }
    return { kind: "failed", reason: await this.explainRefusal(refusal, target ?? this.pin) };
  }

  private async alreadyAt(target: RedisVersion): Promise<boolean> {
    return !isBehind(await this.client.database(), this.client.paths.database, target);
  }

  private followDatabase(target: RedisVersion | undefined, options: FollowOptions): Promise<FollowResult> {
    return followDatabase(this.client, this.clock, target, options, this.explain.database);
  }

  private async explainRefusal(refusal: Refusal, target: RedisVersion): Promise<string> {
    const validTargets = refusal.code === INVALID_VERSION ? await this.laterVersions() : undefined;
    return this.client.redact(explainRefusal(refusal, this.explain, { ...this.facts(target), validTargets }));
  }

  /** The targets Redis Cloud offers above the current version, for a refusal that names a wrong one. */
  private async laterVersions(): Promise<string[] | undefined> {
    const current = currentVersion(await this.client.database(), this.client.paths.database);
    const targets = await this.client.targets();
    return targets?.filter((text) => {
      const version = tryParseVersion(text.trim());
      return version !== undefined && compareVersions(version, current) > 0;
    });
  }

  private facts(target: RedisVersion): RefusalFacts {
    return { target: target.text, activeActive: this.activeActive };
  }

  private taskOperation(task: CloudTask): Operation {
    return toOperation({ kind: "task", taskId: task.taskId }, this.client.paths);
  }
}
