import { randomUUID } from "node:crypto";
import { compareVersions, parseReportedVersion, releaseLine, tryParseVersion } from "../../versions";

export type Persistence = "disabled" | "aof" | "snapshot";

export interface SimModule {
  readonly name: string;
  readonly id: string;
  readonly version: string;
  /** `module_args`, documented as `[string, null]`; default "". */
  readonly args?: string | null;
}

/** `type`: a memcached bdb has no `redis_version` at all. */
export type DatabaseType = "redis" | "memcached";

export interface SimDatabase {
  readonly uid: number;
  readonly name: string;
  readonly type: DatabaseType;
  /** major.minor, as `redis_version` reports it. */
  redisVersion: string;
  /** The full compatibility version, as `version` reports it. */
  version: string;
  status: "active" | "active-change-pending";
  /** The running or last action, as the bdb's `action_uid`. */
  actionUid?: string;
  readonly crdt: boolean;
  readonly crdtGuid?: string;
  /** An Active-Active instance's CRDT versions, kept by the CRDB registry. */
  crdtProtocolVersion?: number;
  crdtFeaturesetVersion?: number;
  readonly replication: boolean;
  readonly persistence: Persistence;
  readonly modules: readonly SimModule[];
  /** Uids of the databases of this cluster it is a Replica Of. */
  readonly replicaOf: readonly number[];
  createdTime: string;
  /** Moved by an upgrade and by any change of its configuration, as on a real cluster. */
  lastChangedTime: string;
}

export interface DatabaseInput {
  readonly uid: number;
  readonly name?: string;
  /** "7.2" (the newest supported release of that line) or a full "7.2.7"; a memcached version as is. */
  readonly version: string;
  /** Default "redis". */
  readonly type?: DatabaseType;
  readonly crdt?: boolean;
  readonly crdtGuid?: string;
  /** Default false, as in the capture: such a database (without persistence) needs may_discard_data to upgrade. */
  readonly replication?: boolean;
  readonly persistence?: Persistence;
  readonly modules?: readonly SimModule[];
  /** Uids of databases of the same cluster this one is a Replica Of (Active-Passive) destination of. */
  readonly replicaOf?: readonly number[];
}

/** The SMUpgradeBDB states rladmin shows, in order; `completed` follows the last. */
export const UPGRADE_STATES = [
  "init",
  "check_slaves",
  "prepare",
  "stop_forwarding",
  "start_wd",
  "wait_for_version",
  "configure_shards",
] as const;

export interface SimAction {
  readonly uid: string;
  readonly bdbUid: number;
  /** SMUpgradeBDB, or another state machine a test starts beside it. */
  readonly name: string;
  /** The full version the database moves to. */
  readonly target: string;
  readonly steps: number;
  step: number;
  status: "pending" | "active" | "completed" | "failed" | "cancelled";
  /** What the next reads report instead of `status`: a word the docs do not list, as a newer cluster might send. */
  reported?: { readonly status: string; reads: number };
  /** Set when the action is armed to end early: the step it ends at, how, and why. */
  readonly failure?: { readonly atStep: number; readonly error: string; readonly ending: "failed" | "cancelled" };
  error?: string;
  heartbeat: number;
}

export interface ClusterOptions {
  /** The cluster's name, as `GET /v1/cluster` and CRDB task progress report it. */
  readonly name: string;
  readonly supportedVersions: readonly string[];
  readonly stepsPerUpgrade: number;
  readonly softwareVersion: string;
}

const nowSeconds = () => Math.floor(Date.now() / 1000);
/** Timestamps as the cluster writes them: "2025-10-14T00:01:22Z". */
export const isoSeconds = (ms = Date.now()) => new Date(ms).toISOString().replace(/\.\d+Z$/, "Z");

/**
 * One simulated cluster's databases and actions. Time does not pass by
 * itself: an action moves one step each time someone reads it, so tests are
 * deterministic and never wait on a clock.
 */
export class SoftwareClusterState {
  readonly databases = new Map<number, SimDatabase>();
  readonly actions = new Map<string, SimAction>();
  private readonly armedFailures = new Map<number, { error: string; ending: "failed" | "cancelled" }>();

  constructor(readonly options: ClusterOptions) {}

  addDatabase(input: DatabaseInput): SimDatabase {
    const type = input.type ?? "redis";
    const version = (type === "redis" && this.resolveVersion(input.version)) || input.version;
    const created = isoSeconds();
    const db: SimDatabase = {
      uid: input.uid,
      name: input.name ?? `db-${input.uid}`,
      type,
      redisVersion: releaseLine(parseReportedVersion(version)),
      version,
      status: "active",
      crdt: input.crdt ?? false,
      crdtGuid: input.crdtGuid,
      replication: input.replication ?? false,
      persistence: input.persistence ?? "disabled",
      modules: input.modules ?? [],
      replicaOf: input.replicaOf ?? [],
      createdTime: created,
      lastChangedTime: created,
    };
    this.databases.set(db.uid, db);
    return db;
  }

  /** Every database's creation and last change move `ms` into the past, as if that long had passed since. */
  age(ms: number): void {
    const earlier = (text: string) => isoSeconds(Date.parse(text) - ms);
    for (const db of this.databases.values()) {
      db.createdTime = earlier(db.createdTime);
      db.lastChangedTime = earlier(db.lastChangedTime);
    }
  }

  /** A change of the database's configuration (what PUT /v1/bdbs/{uid} makes): its last_changed_time moves to now. */
  changeConfiguration(uid: number): void {
    const db = this.databases.get(uid);
    if (!db) throw new Error(`the simulator has no database ${uid}`);
    db.lastChangedTime = isoSeconds();
  }

  /** The supported full version a seed names: "7.4" means that line's newest release, "7.4.2" must match exactly. */
  resolveVersion(requested: string): string | undefined {
    const wanted = tryParseVersion(requested);
    if (!wanted) return undefined;
    return this.sortedVersions()
      .filter((offered) => (wanted.patch === undefined ? releaseLine(parseReportedVersion(offered)) === requested : offered === requested))
      .at(-1);
  }

  latestVersion(): string {
    return this.sortedVersions().at(-1)!;
  }

  private sortedVersions(): string[] {
    return [...this.options.supportedVersions].sort((a, b) => compareVersions(parseReportedVersion(a), parseReportedVersion(b)));
  }

  actionsOf(bdbUid: number): SimAction[] {
    return [...this.actions.values()].filter((action) => action.bdbUid === bdbUid);
  }

  runningAction(bdbUid: number): SimAction | undefined {
    return this.actionsOf(bdbUid).find((action) => action.status === "pending" || action.status === "active");
  }

  failNextUpgrade(bdbUid: number, error: string): void {
    this.armedFailures.set(bdbUid, { error, ending: "failed" });
  }

  startUpgrade(db: SimDatabase, target: string): SimAction {
    const armed = this.armedFailures.get(db.uid);
    this.armedFailures.delete(db.uid);
    return this.start(db, "SMUpgradeBDB", target, armed);
  }

  /** Another state machine on the bdb (SMUpdateBDB, say): it runs like the upgrade and leaves the version as it is. */
  startStateMachine(db: SimDatabase, name: string): SimAction {
    return this.start(db, name, db.version, undefined);
  }

  private start(db: SimDatabase, name: string, target: string, armed: { error: string; ending: "failed" | "cancelled" } | undefined): SimAction {
    const steps = this.options.stepsPerUpgrade;
    const action: SimAction = {
      uid: randomUUID(),
      bdbUid: db.uid,
      name,
      target,
      steps,
      step: 0,
      status: "pending",
      heartbeat: nowSeconds(),
      ...(armed === undefined ? {} : { failure: { atStep: Math.max(1, Math.floor(steps / 2)), ...armed } }),
    };
    this.actions.set(action.uid, action);
    db.status = "active-change-pending";
    db.actionUid = action.uid;
    return action;
  }

  /** One step forward; the last step applies the new version to the database. */
  advance(action: SimAction): void {
    if (action.status !== "pending" && action.status !== "active") return;
    action.step++;
    action.heartbeat = nowSeconds();
    action.status = "active";
    if (action.failure && action.step >= action.failure.atStep) return this.finish(action, action.failure.ending);
    if (action.step >= action.steps) this.finish(action, "completed");
  }

  /** The next `reads` reads of the action report `status` in place of its own (an undocumented word, say). */
  reportActionStatus(actionUid: string, status: string, reads: number): void {
    const action = this.actions.get(actionUid);
    if (!action) throw new Error(`the simulator has no action ${actionUid}`);
    action.reported = { status, reads };
  }

  /** The next upgrade of this database is cancelled halfway (an operator's cancel): the database keeps its version. */
  cancelNextUpgrade(bdbUid: number): void {
    this.armedFailures.set(bdbUid, { error: "cancelled by the operator", ending: "cancelled" });
  }

  /** Finishes a running action at once (if it still runs) and forgets it, like a cluster past its retention. */
  expireAction(actionUid: string): void {
    const action = this.actions.get(actionUid);
    if (!action) return;
    while (action.status === "pending" || action.status === "active") this.advance(action);
    this.actions.delete(actionUid);
  }

  stateOf(action: SimAction): string {
    if (action.status === "completed") return "completed";
    const last = UPGRADE_STATES.length - 1;
    const index = action.steps <= 1 ? 0 : Math.round((Math.min(action.step, action.steps - 1) * last) / (action.steps - 1));
    return UPGRADE_STATES[index];
  }

  progressOf(action: SimAction): number {
    return action.status === "completed" ? 100 : Math.round((action.step / action.steps) * 100);
  }

  private finish(action: SimAction, status: "completed" | "failed" | "cancelled"): void {
    action.status = status;
    const db = this.databases.get(action.bdbUid);
    if (status !== "completed") action.error = action.failure?.error;
    if (!db) return;
    if (status === "completed") {
      db.version = action.target;
      db.redisVersion = releaseLine(parseReportedVersion(action.target));
    }
    db.status = "active";
    db.lastChangedTime = isoSeconds();
  }
}
