import { ControlPlane, SimRequest, SimResponse } from "../types";
import { BdbView, renderBdb } from "./bdb";
import { CrdbRegistry } from "./crdb-registry";
import { crdbRoutes, TaskIdHeader } from "./crdb-routes";
import { apiError, BDB_ROUTES, matchRoute, Route } from "./routes";
import { DatabaseInput, SimAction, SoftwareClusterState } from "./state";

export type { BdbView } from "./bdb";
export type { DatabaseInput, DatabaseType, SimAction, SimModule, Persistence } from "./state";
export { CrdbRegistry } from "./crdb-registry";
export type { CrdbInput, CrdbParticipantInput, SimCrdb, SimCrdbTask } from "./crdb-registry";
export type { TaskIdHeader } from "./crdb-routes";

export interface RedisSoftwareSimulatorOptions {
  /** The one user the cluster accepts with HTTP Basic auth. */
  readonly credentials: { readonly username: string; readonly password: string };
  /** The cluster's name; default "sim-cluster". */
  readonly name?: string;
  /** Redis Software on every node; default "8.0.18-23". */
  readonly softwareVersion?: string;
  /** Full versions the nodes can run. */
  readonly supportedVersions?: readonly string[];
  /** Reads of an action it takes to finish an upgrade. */
  readonly stepsPerUpgrade?: number;
  /** The Active-Active databases this cluster takes part in: share one registry between all participating simulators. */
  readonly crdbs?: CrdbRegistry;
  /** How the CRDB upgrade treats X-Task-ID (the docs do not promise it is honoured); default "honoured". */
  readonly taskIdHeader?: TaskIdHeader;
}

export const DEFAULT_SUPPORTED_VERSIONS = ["6.2.13", "7.2.7", "7.4.2", "8.0.0"] as const;

/**
 * A Redis Software cluster's REST API (bdbs, nodes, cluster, actions, CRDBs and their tasks), with
 * the field names and quirks of a real cluster's captures. Serve it with
 * `serve({ controlPlanes: [simulator] })`.
 */
export class RedisSoftwareSimulator implements ControlPlane {
  readonly state: SoftwareClusterState;
  readonly crdbs: CrdbRegistry;
  private readonly routes: readonly Route[];

  constructor(private readonly options: RedisSoftwareSimulatorOptions) {
    this.state = new SoftwareClusterState({
      name: options.name ?? "sim-cluster",
      softwareVersion: options.softwareVersion ?? "8.0.18-23",
      supportedVersions: options.supportedVersions ?? DEFAULT_SUPPORTED_VERSIONS,
      stepsPerUpgrade: options.stepsPerUpgrade ?? 6,
    });
    this.crdbs = options.crdbs ?? new CrdbRegistry();
    this.routes = [...BDB_ROUTES, ...crdbRoutes(this.crdbs, { taskIdHeader: options.taskIdHeader })];
  }

  handle(request: SimRequest): SimResponse | undefined {
    const route = matchRoute(this.routes, request);
    if (!route) return undefined;
    if (!this.authorized(request)) return apiError(401, "unauthorized", "Invalid credentials");
    return route(this.state);
  }

  addDatabase(input: DatabaseInput): BdbView {
    return renderBdb(this.state.addDatabase(input));
  }

  /** The database as `GET /v1/bdbs/{uid}` shows it now (snake_case fields), for assertions. */
  database(uid: number): BdbView {
    const db = this.state.databases.get(uid);
    if (!db) throw new Error(`the simulator has no database ${uid}`);
    return renderBdb(db);
  }

  /** The full versions the nodes offer. */
  supportedVersions(): string[] {
    return [...this.state.options.supportedVersions];
  }

  /** Copies of the actions started for a database, oldest first. */
  actions(bdbUid: number): SimAction[] {
    return this.state.actionsOf(bdbUid).map((action) => ({ ...action }));
  }

  /** The next upgrade of this database fails halfway with this error. */
  failNextUpgrade(bdbUid: number, error = "upgrade failed: shard did not restart"): void {
    this.state.failNextUpgrade(bdbUid, error);
  }

  /** The next `reads` reads of the action report `status` (an undocumented word, say) and hold it where it is. */
  reportActionStatus(actionUid: string, status: string, reads = 1): void {
    this.state.reportActionStatus(actionUid, status, reads);
  }

  /** The next upgrade of this database stops halfway with status "cancelled"; the database keeps its version. */
  cancelNextUpgrade(bdbUid: number): void {
    this.state.cancelNextUpgrade(bdbUid);
  }

  /** Every database's created_time and last_changed_time move `hours` into the past, as if that long had passed (fractions allowed). */
  age(hours: number): void {
    this.state.age(hours * 3_600_000);
  }

  /** The database's configuration changes: last_changed_time moves to now, as any administrative change moves it. */
  changeConfiguration(uid: number): void {
    this.state.changeConfiguration(uid);
  }

  /** The action finishes (if still running) and is forgotten: its reads answer 404 from now on. */
  expireAction(actionUid: string): void {
    this.state.expireAction(actionUid);
  }

  private authorized(request: SimRequest): boolean {
    const match = /^Basic\s+(.+)$/i.exec(request.headers.authorization ?? "");
    if (!match) return false;
    const { username, password } = this.options.credentials;
    return Buffer.from(match[1], "base64").toString("utf8") === `${username}:${password}`;
  }
}
