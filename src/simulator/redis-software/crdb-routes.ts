import { compareVersions, ONE_CALL_UPGRADE_SINCE, parseReportedVersion } from "../../versions";
import { SimRequest, SimResponse } from "../types";
import { CrdbRegistry, DEFAULT_RESULT_TTL_SECONDS, SimCrdb, SimCrdbTask } from "./crdb-registry";
import { apiError, ok, parseUpgradeRequest, Route, upgradeTarget, UpgradeRequest } from "./routes";
import { isoSeconds, SoftwareClusterState } from "./state";

function renderCrdb(registry: CrdbRegistry, crdb: SimCrdb, state: SoftwareClusterState): Record<string, unknown> {
  const local = registry.localInstance(state, crdb.guid);
  const moduleList = crdb.modules.map((module) => ({ module_name: module.name, module_args: "", semantic_version: module.version }));
  return {
    guid: crdb.guid,
    name: crdb.name,
    encryption: true,
    causal_consistency: false,
    protocol_version: crdb.protocolVersion,
    featureset_version: crdb.featuresetVersion,
    modules: crdb.modules.map((module) => ({ module_name: module.name, featureset_version: 1 })),
    default_db_config: { name: crdb.name, redis_version: crdb.createdVersion, module_list: moduleList, replication: true, sharding: false },
    instances: crdb.instances.map((instance) => ({
      id: instance.id,
      cluster: {
        name: instance.state.options.name,
        url: `https://${instance.state.options.name}:9443`,
        replication_endpoint: "",
        replication_tls_sni: "",
      },
      compression: 3,
      db_config: {},
      // "Likely to be empty for instances other than the local one."
      db_uid: instance === local ? String(instance.bdbUid) : "",
    })),
    local_databases: local ? [{ bdb_uid: local.bdbUid, id: local.id }] : [],
  };
}

function clusterProgress(registry: CrdbRegistry, task: SimCrdbTask): { name: string; progress: string }[] {
  const crdb = registry.crdbs.get(task.crdbGuid);
  return (crdb?.instances ?? []).map((instance) => {
    const action = task.actions.get(instance.id);
    const progress = action ? `${instance.state.stateOf(action)} ${instance.state.progressOf(action)}%` : "queued";
    return { name: instance.state.options.name, progress: action?.status === "failed" ? `failed in ${instance.state.stateOf(action)}` : progress };
  });
}

function renderTask(registry: CrdbRegistry, task: SimCrdbTask): Record<string, unknown> {
  return {
    id: task.id,
    crdb_guid: task.crdbGuid,
    operation: "upgrade_crdb",
    status: task.reported?.status ?? task.status,
    errors: task.errors,
    progress: { clusters: clusterProgress(registry, task), worker: task.status },
    started: task.started,
    ...(task.endedAt === undefined ? {} : { ended: isoSeconds(task.endedAt) }),
    worker_name: "crdb_worker:1:0",
  };
}

/** Validates the body against every instance, as the coordinator does before it starts anything. */
function targetsFor(registry: CrdbRegistry, crdb: SimCrdb, body: UpgradeRequest): { ok: true; targets: Map<number, string> } | { ok: false; response: SimResponse } {
  const targets = new Map<number, string>();
  for (const instance of crdb.instances) {
    const checked = upgradeTarget(instance.state, registry.database(instance), body);
    if (!checked.ok) return checked;
    targets.set(instance.id, checked.target);
  }
  return { ok: true, targets };
}

/** How a cluster treats X-Task-ID. The docs say only "Specified task ID", so a cluster that ignores it, or refuses its format, is modelled too. */
export type TaskIdHeader = "honoured" | "ignored" | "rejected";

export interface CrdbRouteOptions {
  readonly taskIdHeader?: TaskIdHeader;
}

function upgradeCrdb(registry: CrdbRegistry, state: SoftwareClusterState, request: SimRequest, guid: string, options: CrdbRouteOptions): SimResponse {
  // Clusters before 8.0.18 have no such route; they answer like any unknown path.
  if (compareVersions(parseReportedVersion(state.options.softwareVersion), ONE_CALL_UPGRADE_SINCE) < 0) {
    return { status: 404, body: "<html><body><h1>404 Not Found</h1></body></html>" };
  }
  const crdb = registry.localInstance(state, guid) && registry.crdbs.get(guid);
  if (!crdb) return apiError(404, "crdb_not_found", `Active-Active database ${guid} does not exist`);
  const parsed = parseUpgradeRequest(request);
  if (!parsed.ok) return parsed.response;
  if (registry.runningTask(guid)) return apiError(409, "busy", `Active-Active database ${guid} has a task running`);
  const header = request.headers["x-task-id"];
  if (header !== undefined && options.taskIdHeader === "rejected") {
    // The CRDB coordinator answers its request validation errors in RFC 7807 form (../shared/reference/fixtures/README.md).
    return { status: 400, body: { detail: `X-Task-ID ${header}: task id format not accepted`, status: 400, title: "Bad Request", type: "about:blank" } };
  }
  const taskId = options.taskIdHeader === "ignored" ? undefined : header;
  if (taskId && registry.liveTask(taskId)) return apiError(409, "task_exists", `Task ${taskId} already exists`);
  const checked = targetsFor(registry, crdb, parsed.body);
  if (!checked.ok) return checked.response;
  const ttl = Number(request.headers["x-result-ttl"] ?? DEFAULT_RESULT_TTL_SECONDS);
  const task = registry.startTask(crdb, {
    id: taskId,
    resultTtlSeconds: Number.isInteger(ttl) && ttl > 0 ? ttl : DEFAULT_RESULT_TTL_SECONDS,
    targets: checked.targets,
    keepProtocol: parsed.body.keep_crdt_protocol_version === true,
  });
  return ok(renderTask(registry, task));
}

function getTask(registry: CrdbRegistry, id: string): SimResponse {
  const task = registry.readTask(id);
  if (!task) return apiError(404, "task_not_found", `Task ${id} not found`);
  registry.advance(task);
  return ok(renderTask(registry, task));
}

/** The CRDB and CRDB-task routes of one cluster, over the registry every participant shares. */
export function crdbRoutes(registry: CrdbRegistry, options: CrdbRouteOptions = {}): Route[] {
  return [
    ["GET", /^\/v1\/crdbs$/, (state) => ok({ crdbs: registry.crdbsOf(state).map((crdb) => renderCrdb(registry, crdb, state)) })],
    [
      "GET",
      /^\/v1\/crdbs\/([^/]+)$/,
      (state, _request, [guid]) =>
        registry.localInstance(state, guid)
          ? ok(renderCrdb(registry, registry.crdbs.get(guid)!, state))
          : apiError(404, "crdb_not_found", `Active-Active database ${guid} does not exist`),
    ],
    ["POST", /^\/v1\/crdbs\/([^/]+)\/upgrade$/, (state, request, [guid]) => upgradeCrdb(registry, state, request, guid, options)],
    [
      "GET",
      /^\/v1\/crdb_tasks$/,
      (state) =>
        ok(
          registry
            .crdbsOf(state)
            .flatMap((crdb) => [...registry.tasks.values()].filter((task) => task.crdbGuid === crdb.guid))
            .map((task) => renderTask(registry, task)),
        ),
    ],
    ["GET", /^\/v1\/crdb_tasks\/([^/]+)$/, (_state, _request, [id]) => getTask(registry, id)],
  ];
}
