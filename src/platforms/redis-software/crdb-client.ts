import * as z from "zod";
import { compareVersions, ONE_CALL_UPGRADE_SINCE, parseVersion } from "../../versions";
import { ApiError, UserFacingError } from "../../core/errors";
import { HttpClient } from "../http";
import { CredentialNames, RedisSoftwareClient } from "./client";
import { Crdb, crdbSchema, CrdbTask, crdbTaskSchema, crdbTaskStatusSchema } from "./crdb-schemas";
import { absentOn404, CallContext, explainApiError, explained } from "./explain";
import { CRDB_TASK_STATUSES, notEnded } from "./status-meaning";

/** The upgrade POST answers with a CRDB task; third parties show as little as `{id, status}`. */
const taskAcceptedSchema = z.object({ id: z.string().optional(), status: crdbTaskStatusSchema.optional() });

const taskListSchema = z.array(crdbTaskSchema);

export interface TaskRequest {
  /**
   * X-Task-ID. The docs say only "Specified task ID" (requests/crdbs/upgrade.md), so a cluster may
   * ignore it: every lookup by this id is backed by the POST answer's `id` and the list of running tasks.
   */
  readonly taskId: string;
  /** X-Result-TTL: seconds the cluster keeps the finished task's result. */
  readonly resultTtlSeconds: number;
}

/** The CRDB and CRDB-task calls of one Redis Software cluster, with errors phrased for the user. */
export class CrdbClient {
  constructor(
    private readonly http: HttpClient,
    private readonly credentials: CredentialNames,
    /** The same cluster's bdb and node calls: a 404 on the upgrade is explained by the nodes' software version. */
    readonly cluster: RedisSoftwareClient,
  ) {}

  get url(): string {
    return this.http.baseUrl;
  }

  async getCrdb(guid: string): Promise<Crdb> {
    const call = this.http.get(`/v1/crdbs/${guid}`, crdbSchema);
    return (await explained(call, this.context("view_crdb", guid))).body;
  }

  /** The CRDB, or undefined when this cluster does not know it. */
  async findCrdb(guid: string): Promise<Crdb | undefined> {
    const call = absentOn404(this.http.get(`/v1/crdbs/${guid}`, crdbSchema));
    return (await explained(call, this.context("view_crdb", guid)))?.body;
  }

  /** The task, or undefined when the cluster does not know it (not visible yet, or its result expired). */
  async getTask(taskId: string): Promise<CrdbTask | undefined> {
    const call = absentOn404(this.http.get(`/v1/crdb_tasks/${taskId}`, crdbTaskSchema));
    return (await explained(call, this.context("view_crdb_task")))?.body;
  }

  /**
   * A task of this CRDB that has not ended, from `GET /v1/crdb_tasks` ("running tasks",
   * redis/docs …/requests/crdb_tasks/_index.md): how a task is found when the cluster did not give
   * it our X-Task-ID. Items that do not name their CRDB (real answers may omit crdb_guid) are not
   * claimed. Undefined when there is none, or the cluster has no such list (404).
   */
  async runningTaskOf(guid: string): Promise<CrdbTask | undefined> {
    const call = absentOn404(this.http.get("/v1/crdb_tasks", taskListSchema));
    const tasks = (await explained(call, this.context("view_crdb_task")))?.body ?? [];
    return tasks.find((task) => task.crdb_guid === guid && notEnded(task.status, CRDB_TASK_STATUSES));
  }

  /**
   * Starts the upgrade of every participant and returns the task id: the POST
   * answer's, else our X-Task-ID. An attempt of unknown fate is not sent again
   * here: it surfaces as SubmitOutcomeUnknown and the control plane is read first.
   */
  async upgrade(guid: string, body: Record<string, unknown>, request: TaskRequest): Promise<string> {
    const ttl = { "x-result-ttl": String(request.resultTtlSeconds) };
    try {
      const id = await this.post(guid, body, { "x-task-id": request.taskId, ...ttl }).catch(async (error: unknown) => {
        if (!rejectsTaskId(error)) throw error;
        return (await this.post(guid, body, ttl)) ?? (await this.runningTaskOf(guid))?.id;
      });
      return id ?? request.taskId;
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      throw (await this.missingOneCallUpgrade(error, guid)) ?? explainApiError(error, this.context("upgrade_crdb", guid)) ?? error;
    }
  }

  /** The task id the POST answer names, if any. */
  private async post(guid: string, body: Record<string, unknown>, headers: Record<string, string>): Promise<string | undefined> {
    return (await this.http.post(`/v1/crdbs/${guid}/upgrade`, taskAcceptedSchema, { body, headers })).body.id;
  }

  /**
   * Clusters before 8.0.18 have no CRDB upgrade route and answer 404 (or 405)
   * like for any unknown path. The nodes' software version tells that apart
   * from a CRDB that does not exist; without it, a body that is no API error is the tell.
   */
  private async missingOneCallUpgrade(error: ApiError, guid: string): Promise<UserFacingError | undefined> {
    if (error.status !== 404 && error.status !== 405) return undefined;
    const software = (await this.cluster.getNodes()).flatMap((node) => node.software_version ?? []);
    const known = software.flatMap((text) => predatesOneCallUpgrade(text) ?? []);
    const old = known.length > 0 ? known.includes(true) : error.errorCode === undefined;
    if (!old) return undefined;
    const runs = software.length ? `runs Redis Software ${[...new Set(software)].join(", ")}` : "does not offer it";
    return new UserFacingError(
      `${this.url} ${runs}: the one-call Active-Active upgrade (POST /v1/crdbs/${guid}/upgrade) needs Redis Software ` +
        `${ONE_CALL_UPGRADE_SINCE.text} or later. Upgrade the cluster software first, or upgrade by hand as the Active-Active ` +
        "upgrade guide describes: on every participating cluster, POST /v1/bdbs/{its instance's uid}/upgrade with " +
        '{"redis_version": …, "keep_crdt_protocol_version": true}; once every instance runs the new version, upgrade the CRDB ' +
        `protocol and then its featureset (crdb-cli crdb update --crdb-guid ${guid} --featureset-version yes).`,
    );
  }

  private context(permission: string, guid?: string): CallContext {
    return {
      url: this.url,
      ...this.credentials,
      permission,
      notFound: guid ? `Active-Active database ${guid} not found on ${this.url}` : `${this.url} does not know this task`,
    };
  }
}

/**
 * A 400 that names the task id: the cluster refused our X-Task-ID (the docs give it no format).
 * A 400 means nothing was started ("Request validation error", requests/crdbs/upgrade.md), so the
 * request is sent once more without the header, and its task is then found by the answer's id or in
 * the running list. A 400 about anything else is not retried.
 */
function rejectsTaskId(error: unknown): boolean {
  return error instanceof ApiError && error.status === 400 && /task[ _-]?id/i.test(`${error.errorCode ?? ""} ${error.detail ?? ""}`);
}

/** Whether a node's software_version ("8.0.16-12") predates the CRDB upgrade call; undefined when it names no version. */
export function predatesOneCallUpgrade(softwareVersion: string): boolean | undefined {
  const match = /^(\d+)\.(\d+)\.(\d+)/.exec(softwareVersion.trim());
  return match ? compareVersions(parseVersion(match.slice(1).join(".")), ONE_CALL_UPGRADE_SINCE) < 0 : undefined;
}
