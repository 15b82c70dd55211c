import type { Observation, Operation, Step, UpgradeEnd, Upgrader, Verification } from "../../engine/port";
import { ActiveActiveSpec, ClusterSpec } from "../../spec";
import { RedisVersion, releaseLine } from "../../versions";
import { PlatformContext } from "../context";
import { UserFacingError } from "../../core/errors";
import { RedisSoftwareClient } from "./client";
import { connectCluster, TransportTuning } from "./connect";
import { CrdbClient } from "./crdb-client";
import { CrdbReading, featuresetNotes, laggingInstances, moduleNames, readCrdb, readingNotes, summarize } from "./crdb-reading";
import { CrdbTask } from "./crdb-schemas";
import { derivedTaskId } from "./crdb-task-id";
import { crdbTaskStep } from "./crdb-task-step";
import { NEWER_TARGETS_HINT, supportedRedisVersions } from "./reported-versions";
import { upgradeBody } from "./upgrade-body";
import { CRDB_TASK_STATUSES, notEnded } from "./status-meaning";
import { activeActiveIdentity } from "../../spec/identity";

/** Ids tried per target before giving up: each ended task (kept for X-Result-TTL) takes one. */
const MAX_TASK_ATTEMPTS = 20;
/** Reads a task we just created may answer 404 before the coordinator shows it. */
const NOT_VISIBLE_GRACE_READS = 5;

export function softwareActiveActiveUpgrader(
  spec: ActiveActiveSpec,
  context: PlatformContext,
  tuning?: TransportTuning,
): Upgrader<CrdbTaskOperation> {
  const connect = (cluster: ClusterSpec) => {
    const http = connectCluster(cluster, context, tuning);
    return new CrdbClient(http, cluster, new RedisSoftwareClient(http, cluster));
  };
  const participants = (spec.participants ?? []).map(connect);
  return new SoftwareActiveActiveUpgrader(spec, connect(spec.cluster), participants);
}

/** The CRDB task an upgrade request starts, and whether this run sent that request. */
export interface CrdbTaskOperation extends Operation {
  readonly taskId: string;
  /** Only a task we just created may answer 404 for a moment without being gone. */
  readonly submittedHere: boolean;
  /** Set once a read found the task: a 404 after that means it is gone. */
  readonly seen?: boolean;
  /** Reads that found it not visible yet. */
  readonly misses?: number;
}

export function crdbTaskOperation(taskId: string, submittedHere = false): CrdbTaskOperation {
  return { taskId, submittedHere, lookup: `GET /v1/crdb_tasks/${taskId}` };
}

/** Where the task for this target stands: running (follow it), a free id (submit with it), or every id used up. */
type TaskSlot =
  | { readonly kind: "running"; readonly task: CrdbTask }
  | { readonly kind: "free"; readonly taskId: string }
  | { readonly kind: "spent"; readonly task: CrdbTask };

/**
 * An Active-Active database on Redis Software: one `POST /v1/crdbs/{guid}/upgrade`
 * to a participating cluster (8.0.18+) upgrades every instance, followed
 * through its CRDB task. Participant clusters are only read, to report and
 * verify each instance's version.
 */
export class SoftwareActiveActiveUpgrader implements Upgrader<CrdbTaskOperation> {
  readonly target: string;
  readonly lockKey: string;

  constructor(
    private readonly spec: ActiveActiveSpec,
    private readonly coordinator: CrdbClient,
    private readonly participants: readonly CrdbClient[],
  ) {
    this.target = `Redis Software Active-Active database ${spec.crdbGuid} via ${coordinator.url}`;
    this.lockKey = activeActiveIdentity(spec);
  }

  async observe(pin: RedisVersion): Promise<Observation<CrdbTaskOperation>> {
    const reading = await this.read();
    const slot = await this.locateTask(pin);
    return {
      ...summarize(reading),
      activeActive: true,
      modules: moduleNames(reading),
      supportedTargets: supportedRedisVersions(reading.nodes),
      newerTargetsHint: NEWER_TARGETS_HINT,
      ...(slot.kind === "running" ? { running: crdbTaskOperation(slot.task.id) } : {}),
      notes: readingNotes(reading),
    };
  }

  /** Looks the task up by its X-Task-ID first: one that is already running is followed, never doubled. */
  async submit(pin: RedisVersion): Promise<CrdbTaskOperation> {
    const slot = await this.locateTask(pin);
    if (slot.kind === "running") return crdbTaskOperation(slot.task.id);
    if (slot.kind === "spent") throw spentTask(slot.task);
    const body = upgradeBody(releaseLine(pin), this.spec.upgrade, this.spec.acknowledgeDataLoss);
    const taskId = await this.coordinator.upgrade(this.spec.crdbGuid, body, {
      taskId: slot.taskId,
      // Long enough that the result outlives the polling: the timeout plus an hour, unless the user chose.
      resultTtlSeconds: this.spec.resultTtlSeconds ?? this.spec.timeoutMinutes * 60 + 3600,
    });
    return crdbTaskOperation(taskId, true);
  }

  async step(operation: CrdbTaskOperation): Promise<Step<CrdbTaskOperation, UpgradeEnd>> {
    const task = await this.coordinator.getTask(operation.taskId);
    if (task) return crdbTaskStep(task, (text) => this.coordinator.cluster.redact(text), { ...operation, seen: true });
    const misses = operation.misses ?? 0;
    const grace = operation.submittedHere ? NOT_VISIBLE_GRACE_READS : 0;
    if (!operation.seen && misses < grace) {
      return { kind: "running", progress: { state: "queued", detail: "task not visible yet" }, operation: { ...operation, misses: misses + 1 } };
    }
    return { kind: "ended", result: { kind: "gone" } };
  }

  async verify(pin: RedisVersion): Promise<Verification> {
    const reading = await this.read();
    const lagging = laggingInstances(reading, pin);
    if (lagging.length) return { kind: "not-yet", why: `not every instance satisfies ${pin.text}: ${lagging.join("; ")}` };
    return { kind: "verified", observed: { ...summarize(reading), notes: featuresetNotes(reading, "after") } };
  }

  private read(): Promise<CrdbReading> {
    return readCrdb(this.coordinator, this.participants, this.spec.crdbGuid);
  }

  /**
   * The task this target's upgrade has (or would have), by its X-Task-ID. Before
   * calling an id free, the running tasks are listed: a cluster that ignored our
   * id has the task under its own, and it must be followed, not doubled.
   */
  private async locateTask(version: RedisVersion): Promise<TaskSlot> {
    const seed = { guid: this.spec.crdbGuid, redisVersion: version.text, upgrade: this.spec.upgrade };
    const ids = this.spec.taskId
      ? [this.spec.taskId]
      : Array.from({ length: MAX_TASK_ATTEMPTS }, (_, attempt) => derivedTaskId(seed, attempt));
    let last: CrdbTask | undefined;
    for (const id of ids) {
      last = await this.coordinator.getTask(id);
      if (!last) return this.freeUnlessListed(id);
      if (notEnded(last.status, CRDB_TASK_STATUSES)) return { kind: "running", task: last };
    }
    return { kind: "spent", task: last! };
  }

  private async freeUnlessListed(taskId: string): Promise<TaskSlot> {
    const listed = await this.coordinator.runningTaskOf(this.spec.crdbGuid);
    return listed ? { kind: "running", task: listed } : { kind: "free", taskId };
  }
}

function spentTask(task: CrdbTask): UserFacingError {
  return new UserFacingError(
    `task ${task.id} for this upgrade already ended (${task.status}) and the cluster still keeps its result: ` +
      "set a new taskId (or remove it to let one be derived) to request the upgrade again",
  );
}
