import * as z from "zod";
import { RedisVersion } from "../../versions";
import { UserFacingError } from "../../core/errors";
import { HttpClient } from "../http";
import { absentOn404, CallContext, explained } from "./explain";
import { supportedRedisVersions } from "./reported-versions";
import {
  Action,
  actionSchema,
  ActionsList,
  actionsListSchema,
  Bdb,
  bdbActionsSchema,
  anyBdbSchema,
  BDB_FIELDS,
  bdbListSchema,
  ClusterInfo,
  clusterSchema,
  ListedBdb,
  listedBdbSchema,
  Node,
  nodesSchema,
  upgradeAcceptedSchema,
} from "./schemas";
import { ACTION_STATUSES, notEnded } from "./status-meaning";

/** The state machine a database upgrade runs as. */
export const UPGRADE_STATE_MACHINE = "SMUpgradeBDB";

export interface CredentialNames {
  readonly usernameEnv: string;
  readonly passwordEnv: string;
}

/** Only the upgrade's own state machine is ours to follow: a bdb also runs SMUpdateBDB and others. */
export function isUpgrade(action: Action): boolean {
  return action.name === UPGRADE_STATE_MACHINE;
}

/** An upgrade not yet ended; a status word we do not know counts as running (status-meaning.ts). */
export function isRunningUpgrade(action: Action): boolean {
  return isUpgrade(action) && notEnded(action.status, ACTION_STATUSES);
}

/** Only what finding a CRDB's instance needs, so secrets are not even sent to us. */
const LISTED_BDB_FIELDS = Object.keys(listedBdbSchema.shape).join(",");

/** The bdb, node and action calls of one Redis Software cluster, with errors phrased for the user. */
export class RedisSoftwareClient {
  constructor(
    private readonly http: HttpClient,
    private readonly credentials: CredentialNames,
  ) {}

  get url(): string {
    return this.http.baseUrl;
  }

  /** Scrubs the credentials from text taken out of an answer body, such as an action's error. */
  redact(text: string): string {
    return this.http.redact(text);
  }

  async getBdb(uid: number): Promise<Bdb> {
    const call = this.http.get(`/v1/bdbs/${uid}`, anyBdbSchema, { query: { fields: BDB_FIELDS } });
    const bdb = (await explained(call, this.context("view_bdb_info", uid))).body;
    if (bdb.redis_version !== undefined) return { ...bdb, redis_version: bdb.redis_version };
    throw new UserFacingError(
      `database ${uid} on ${this.url} is a ${bdb.type ?? "non-Redis"} database and reports no redis_version: there is no Redis version to pin. Check databaseUid`,
    );
  }

  async listBdbs(): Promise<ListedBdb[]> {
    const call = this.http.get("/v1/bdbs", bdbListSchema, { query: { fields: LISTED_BDB_FIELDS } });
    return (await explained(call, this.context("view_all_bdbs_info"))).body;
  }

  /**
   * Every bdb with the fields getBdb asks for, each left to be read on its
   * own: one bdb we cannot read (a memcached one, a shape we do not know)
   * must not hide the others.
   */
  async bdbList(): Promise<readonly unknown[]> {
    const call = this.http.get("/v1/bdbs", z.array(z.unknown()), { query: { fields: BDB_FIELDS } });
    return (await explained(call, this.context("view_all_bdbs_info"))).body;
  }

  /** Every action and state machine the cluster knows: running, pending or recently ended (redis.io …/requests/actions). */
  async allActions(): Promise<ActionsList> {
    const call = this.http.get("/v1/actions", actionsListSchema);
    return (await explained(call, this.context("view_status_of_cluster_action"))).body;
  }

  async getNodes(): Promise<Node[]> {
    const call = this.http.get("/v1/nodes", nodesSchema);
    return (await explained(call, this.context("view_all_nodes_info"))).body;
  }

  async getCluster(): Promise<ClusterInfo> {
    const call = this.http.get("/v1/cluster", clusterSchema);
    return (await explained(call, this.context("view_cluster_info"))).body;
  }

  /** What every node can run; undefined when the nodes do not say. */
  async supportedVersions(): Promise<RedisVersion[] | undefined> {
    return supportedRedisVersions(await this.getNodes());
  }

  /**
   * Starts the upgrade and returns its action uid. An attempt that leaves us
   * unsure whether the cluster acted is not sent again here: it surfaces as
   * SubmitOutcomeUnknown and the database is read first.
   */
  async upgradeBdb(uid: number, body: Record<string, unknown>): Promise<string> {
    const call = this.http.post(`/v1/bdbs/${uid}/upgrade`, upgradeAcceptedSchema, { body });
    const accepted = (await explained(call, this.context("update_bdb_with_action", uid))).body;
    return accepted.action_uid ?? (await this.latestUpgrade(uid));
  }

  /** The action, or undefined once the cluster has forgotten it (it keeps only recent ones). */
  async getAction(actionUid: string): Promise<Action | undefined> {
    const call = absentOn404(this.http.get(`/v1/actions/${actionUid}`, actionSchema));
    return (await explained(call, this.context("view_status_of_cluster_action")))?.body;
  }

  async bdbActions(uid: number): Promise<Action[]> {
    const call = this.http.get(`/v1/actions/bdb/${uid}`, bdbActionsSchema);
    return (await explained(call, this.context("view_status_of_cluster_action", uid))).body;
  }

  /** For a 200 without action_uid: the upgrade the cluster lists for the bdb, running first, else the newest. */
  private async latestUpgrade(uid: number): Promise<string> {
    const found = await this.upgradeOf(uid);
    if (found) return found.action_uid;
    throw new UserFacingError(
      `${this.url} accepted the upgrade of database ${uid} but named no action, and GET /v1/actions/bdb/${uid} lists none: ` +
        "check the database by hand; the next apply reads its version again",
    );
  }

  /** The bdb's upgrade as the cluster lists it: the running one first, else the newest. */
  async upgradeOf(uid: number): Promise<Action | undefined> {
    const upgrades = (await this.bdbActions(uid)).filter(isUpgrade);
    return upgrades.find(isRunningUpgrade) ?? upgrades.at(-1);
  }

  private context(permission: string, uid?: number): CallContext {
    return {
      url: this.url,
      ...this.credentials,
      permission,
      notFound: uid === undefined ? `${this.url} has no such endpoint` : `database uid ${uid} not found on ${this.url}`,
    };
  }
}
