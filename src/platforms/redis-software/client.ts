import { RedisVersion } from "../../versions";
import { UserFacingError } from "../../core/errors";
import { HttpClient } from "../http";
import { absentOn404, CallContext, explained } from "./explain";
import { supportedRedisVersions } from "./reported-versions";
import {
  Action,
  actionSchema,
  Bdb,
  bdbActionsSchema,
  BDB_FIELDS,
  bdbListSchema,
  bdbSchema,
  Node,
  nodesSchema,
  upgradeAcceptedSchema,
} from "./schemas";

/** The state machine a database upgrade runs as. */
export const UPGRADE_STATE_MACHINE = "SMUpgradeBDB";

export interface CredentialNames {
  readonly usernameEnv: string;
  readonly passwordEnv: string;
}

export function isRunningUpgrade(action: Action): boolean {
  return action.name === UPGRADE_STATE_MACHINE && (action.status === "pending" || action.status === "active");
}

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
    const call = this.http.get(`/v1/bdbs/${uid}`, bdbSchema, { query: { fields: BDB_FIELDS } });
    return (await explained(call, this.context("view_bdb_info", uid))).body;
  }

  async listBdbs(): Promise<Bdb[]> {
    const call = this.http.get("/v1/bdbs", bdbListSchema, { query: { fields: BDB_FIELDS } });
    return (await explained(call, this.context("view_all_bdbs_info"))).body;
  }

  async getNodes(): Promise<Node[]> {
    const call = this.http.get("/v1/nodes", nodesSchema);
    return (await explained(call, this.context("view_all_nodes_info"))).body;
  }

  /** What every node can run; undefined when the nodes do not say. */
  async supportedVersions(): Promise<RedisVersion[] | undefined> {
    return supportedRedisVersions(await this.getNodes());
  }

  /**
   * Starts the upgrade and returns its action uid. If an attempt fails so
   * that we cannot tell whether the cluster acted, the running upgrade is
   * looked up first: the POST is sent again only when there is none.
   */
  async upgradeBdb(uid: number, body: Record<string, unknown>): Promise<string> {
    const call = this.http.post(`/v1/bdbs/${uid}/upgrade`, upgradeAcceptedSchema, {
      body,
      beforeRetry: async () => {
        const running = await this.runningUpgrade(uid, (await this.getBdb(uid)).action_uid);
        return running && { action_uid: running.action_uid };
      },
    });
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

  /** An upgrade already under way: from the bdb's action list, else from the action the bdb points at. */
  async runningUpgrade(uid: number, bdbActionUid: string | undefined): Promise<Action | undefined> {
    const listed = (await this.bdbActions(uid)).find(isRunningUpgrade);
    if (listed || !bdbActionUid) return listed;
    const pointed = await this.getAction(bdbActionUid);
    return pointed && isRunningUpgrade(pointed) ? pointed : undefined;
  }

  /** For a 200 without action_uid: the upgrade the cluster lists for the bdb, running first, else the newest. */
  private async latestUpgrade(uid: number): Promise<string> {
    const upgrades = (await this.bdbActions(uid)).filter((action) => action.name === UPGRADE_STATE_MACHINE);
    const found = upgrades.find(isRunningUpgrade) ?? upgrades.at(-1);
    if (found) return found.action_uid;
    throw new UserFacingError(
      `${this.url} accepted the upgrade of database ${uid} but named no action, and GET /v1/actions/bdb/${uid} lists none: ` +
        "check the database by hand; the next apply reads its version again",
    );
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
