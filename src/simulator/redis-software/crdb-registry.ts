import { randomUUID } from "node:crypto";
import { isoSeconds, SimAction, SimDatabase, SimModule, SoftwareClusterState } from "./state";

/** Anything that owns a simulated cluster's state: a RedisSoftwareSimulator. */
export interface ClusterHandle {
  readonly state: SoftwareClusterState;
}

export interface CrdbParticipantInput {
  readonly cluster: ClusterHandle;
  /** The uid of this cluster's instance (a crdt bdb the registry creates). */
  readonly bdbUid: number;
  /** Default: the CRDB's version. Lets a test start from participants out of step. */
  readonly version?: string;
}

export interface CrdbInput {
  readonly guid: string;
  readonly name?: string;
  /** "7.4" or a full version, as for addDatabase. */
  readonly version: string;
  readonly participants: readonly CrdbParticipantInput[];
  readonly modules?: readonly SimModule[];
  readonly protocolVersion?: number;
  readonly featuresetVersion?: number;
}

export interface SimInstance {
  readonly id: number;
  readonly state: SoftwareClusterState;
  readonly bdbUid: number;
}

export interface SimCrdb {
  readonly guid: string;
  readonly name: string;
  /** The creation-time version, as `default_db_config.redis_version` keeps it. */
  readonly createdVersion: string;
  readonly modules: readonly SimModule[];
  protocolVersion: number;
  featuresetVersion: number;
  readonly instances: readonly SimInstance[];
}

export type CrdbTaskStatus = "queued" | "started" | "finished" | "failed";

export interface SimCrdbTask {
  readonly id: string;
  readonly crdbGuid: string;
  status: CrdbTaskStatus;
  /** The full version each instance moves to, by instance id. */
  readonly targets: ReadonlyMap<number, string>;
  readonly keepProtocol: boolean;
  /** The SMUpgradeBDB action the task started on each instance, by instance id. */
  readonly actions: Map<number, SimAction>;
  readonly errors: { cluster_name: string; error_code: string; description: string }[];
  readonly resultTtlSeconds: number;
  readonly started: string;
  endedAt?: number;
  /** What the next reads report instead of `status`: a word the docs do not list, or a cancel. */
  reported?: { readonly status: string; reads: number };
}

/** The featureset an upgrade to a cluster that supports this version brings (the capture's 8.0 cluster: 8). */
const UPGRADED_FEATURESET = 8;
/** Completed task status is kept 500 s unless X-Result-TTL says otherwise. */
export const DEFAULT_RESULT_TTL_SECONDS = 500;

/**
 * Active-Active databases across several simulated clusters. Every
 * participating simulator shares one registry, the way every participating
 * cluster knows the CRDB, so a task started on one upgrades them all. A task
 * moves one step each time it is read, like a bdb action.
 */
export class CrdbRegistry {
  readonly crdbs = new Map<string, SimCrdb>();
  readonly tasks = new Map<string, SimCrdbTask>();
  private hiddenReads = 0;

  constructor(private readonly now: () => number = Date.now) {}

  addCrdb(input: CrdbInput): SimCrdb {
    const crdb: SimCrdb = {
      guid: input.guid,
      name: input.name ?? `crdb-${input.guid.slice(0, 8)}`,
      createdVersion: input.version,
      modules: input.modules ?? [],
      protocolVersion: input.protocolVersion ?? 1,
      featuresetVersion: input.featuresetVersion ?? 7,
      instances: input.participants.map((participant, index) => ({ id: index + 1, state: participant.cluster.state, bdbUid: participant.bdbUid })),
    };
    input.participants.forEach((participant) => {
      const db = participant.cluster.state.addDatabase({
        uid: participant.bdbUid,
        name: crdb.name,
        version: participant.version ?? input.version,
        crdt: true,
        crdtGuid: crdb.guid,
        replication: true,
        modules: crdb.modules,
      });
      db.crdtProtocolVersion = crdb.protocolVersion;
      db.crdtFeaturesetVersion = crdb.featuresetVersion;
    });
    this.crdbs.set(crdb.guid, crdb);
    return crdb;
  }

  /** The instance this cluster holds of the CRDB, if it participates. */
  localInstance(state: SoftwareClusterState, guid: string): SimInstance | undefined {
    return this.crdbs.get(guid)?.instances.find((instance) => instance.state === state);
  }

  crdbsOf(state: SoftwareClusterState): SimCrdb[] {
    return [...this.crdbs.values()].filter((crdb) => this.localInstance(state, crdb.guid));
  }

  database(instance: SimInstance): SimDatabase {
    const db = instance.state.databases.get(instance.bdbUid);
    if (!db) throw new Error(`instance ${instance.id} lost its bdb ${instance.bdbUid}`);
    return db;
  }

  runningTask(guid: string): SimCrdbTask | undefined {
    return [...this.tasks.values()].find((task) => task.crdbGuid === guid && (task.status === "queued" || task.status === "started"));
  }

  startTask(crdb: SimCrdb, options: { id?: string; resultTtlSeconds: number; targets: ReadonlyMap<number, string>; keepProtocol: boolean }): SimCrdbTask {
    const task: SimCrdbTask = {
      id: options.id ?? randomUUID(),
      crdbGuid: crdb.guid,
      status: "queued",
      targets: options.targets,
      keepProtocol: options.keepProtocol,
      actions: new Map(),
      errors: [],
      resultTtlSeconds: options.resultTtlSeconds,
      started: isoSeconds(),
    };
    this.tasks.set(task.id, task);
    return task;
  }

  /** The next task reads answer 404 this many times, as a task not yet visible right after the POST. */
  hideTasksFor(reads: number): void {
    this.hiddenReads = reads;
  }

  /** The next `reads` reads of the task report `status` in place of its own, holding it where it is meanwhile. */
  reportTaskStatus(id: string, status: string, reads: number): void {
    const task = this.tasks.get(id);
    if (!task) throw new Error(`the simulator has no CRDB task ${id}`);
    task.reported = { status, reads };
  }

  /** The task as a read finds it: hidden at first if armed, else as liveTask. */
  readTask(id: string): SimCrdbTask | undefined {
    if (this.hiddenReads > 0) {
      this.hiddenReads--;
      return undefined;
    }
    return this.liveTask(id);
  }

  /** The task, unless its result outlived X-Result-TTL (then it is forgotten). */
  liveTask(id: string): SimCrdbTask | undefined {
    const task = this.tasks.get(id);
    if (task?.endedAt !== undefined && this.now() >= task.endedAt + task.resultTtlSeconds * 1000) {
      this.tasks.delete(id);
      return undefined;
    }
    return task;
  }

  /** queued → started (every instance's upgrade begins) → each read moves every instance one step → finished or failed. */
  advance(task: SimCrdbTask): void {
    if (task.reported && task.reported.reads > 0) {
      task.reported.reads--;
      return;
    }
    task.reported = undefined;
    const crdb = this.crdbs.get(task.crdbGuid);
    if (!crdb || task.status === "finished" || task.status === "failed") return;
    if (task.status === "queued") {
      task.status = "started";
      crdb.instances.forEach((instance) => task.actions.set(instance.id, instance.state.startUpgrade(this.database(instance), task.targets.get(instance.id)!)));
      return;
    }
    task.actions.forEach((action, instanceId) => {
      const instance = crdb.instances.find((candidate) => candidate.id === instanceId)!;
      instance.state.advance(action);
      if (action.status === "failed" && !task.errors.some((error) => error.cluster_name === instance.state.options.name)) {
        task.errors.push({ cluster_name: instance.state.options.name, error_code: "upgrade_failed", description: action.error ?? "upgrade failed" });
      }
    });
    const actions = [...task.actions.values()];
    if (actions.some((action) => action.status === "pending" || action.status === "active")) return;
    this.end(crdb, task, task.errors.length ? "failed" : "finished");
  }

  private end(crdb: SimCrdb, task: SimCrdbTask, status: "finished" | "failed"): void {
    task.status = status;
    task.endedAt = this.now();
    if (status === "failed" || task.keepProtocol) return;
    // Once every instance runs the new version, the coordinator raises the featureset.
    crdb.featuresetVersion = Math.max(crdb.featuresetVersion, UPGRADED_FEATURESET);
    crdb.instances.forEach((instance) => {
      this.database(instance).crdtFeaturesetVersion = crdb.featuresetVersion;
    });
  }
}
