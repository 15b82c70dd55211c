import * as z from "zod";
import { compareVersions, parseReportedVersion } from "../../versions";
import { SimRequest, SimResponse } from "../types";
import { renderBdb } from "./bdb";
import { NODE_UID, renderAction, renderActionsList, renderCluster, renderNode } from "./render";
import { SimDatabase, SoftwareClusterState } from "./state";

export const ok = (body: unknown): SimResponse => ({ status: 200, body });
export const apiError = (status: number, errorCode: string, description: string): SimResponse => ({
  status,
  body: { error_code: errorCode, description },
});

type Handler = (state: SoftwareClusterState, request: SimRequest, params: readonly string[]) => SimResponse;
export type Route = readonly [method: string, path: RegExp, handler: Handler];

/** Finds the route a request names; undefined for paths this control plane does not own. */
export function matchRoute(routes: readonly Route[], request: SimRequest): ((state: SoftwareClusterState) => SimResponse) | undefined {
  for (const [method, path, handler] of routes) {
    const match = path.exec(request.path);
    if (match && method === request.method) return (state) => handler(state, request, match.slice(1));
  }
  return undefined;
}

/**
 * The documented body fields, deprecated ones included; anything else is a 400 as on a real cluster.
 * `redis_version` is a release line: the docs' examples ("8.2", requests/crdbs/upgrade.md), the bdb's
 * own redis_version ("e.g. 6.0, 5.0-big", objects/bdb) and the Kubernetes operator (major.minor only)
 * all name one. How a cluster answers a patch is not documented; here it is a 400 like any bad field.
 */
const upgradeRequestSchema = z.strictObject({
  redis_version: z
    .string()
    .regex(/^\d+\.\d+$/, "must be a Redis release line such as 7.4 (major.minor)")
    .optional(),
  preserve_roles: z.boolean().optional(),
  force_restart: z.boolean().optional(),
  may_discard_data: z.boolean().optional(),
  force_discard: z.boolean().optional(),
  keep_crdt_protocol_version: z.boolean().optional(),
  // 0 is the documented default (all shards).
  parallel_shards_upgrade: z.number().int().nonnegative().optional(),
  modules: z
    .array(
      z.strictObject({
        current_module: z.string().optional(),
        new_module: z.string().optional(),
        new_module_args: z.string().optional(),
      }),
    )
    .optional(),
  keep_redis_version: z.boolean().optional(),
  latest_with_modules: z.boolean().optional(),
});
export type UpgradeRequest = z.infer<typeof upgradeRequestSchema>;

export function parseUpgradeRequest(request: SimRequest): { ok: true; body: UpgradeRequest } | { ok: false; response: SimResponse } {
  if (request.body !== undefined && !request.headers["content-type"]?.startsWith("application/json")) {
    return { ok: false, response: apiError(400, "invalid_header", "Content-Type must be application/json") };
  }
  const parsed = upgradeRequestSchema.safeParse(request.body ?? {});
  if (parsed.success) return { ok: true, body: parsed.data };
  return { ok: false, response: apiError(400, "invalid_schema", parsed.error.issues.map((issue) => [...issue.path, issue.message].join(": ")).join("; ")) };
}

/** Why the cluster refuses to move `db` to `requested`, or the full version it would move it to. */
export function upgradeTarget(
  state: SoftwareClusterState,
  db: SimDatabase,
  body: UpgradeRequest,
): { ok: true; target: string } | { ok: false; response: SimResponse } {
  const target = body.redis_version === undefined ? state.latestVersion() : state.resolveVersion(body.redis_version);
  if (!target) {
    const offered = state.options.supportedVersions.join(", ");
    return { ok: false, response: apiError(400, "invalid_version", `Redis version ${body.redis_version} is not supported by this cluster (supported: ${offered})`) };
  }
  if (compareVersions(parseReportedVersion(target), parseReportedVersion(db.version)) < 0) {
    return { ok: false, response: apiError(400, "invalid_version", `Cannot downgrade database ${db.uid} from ${db.version} to ${target}`) };
  }
  // The docs require may_discard_data (or force_discard) here; the real error code is not documented.
  if (!db.replication && db.persistence === "disabled" && !body.may_discard_data && !body.force_discard) {
    return {
      ok: false,
      response: apiError(
        400,
        "may_discard_data_required",
        `Database ${db.uid} has neither replication nor persistence: upgrading it loses its data. Set may_discard_data to proceed`,
      ),
    };
  }
  return { ok: true, target };
}

function withDatabase(handler: (state: SoftwareClusterState, request: SimRequest, db: SimDatabase) => SimResponse): Handler {
  return (state, request, [uid]) => {
    const db = state.databases.get(Number(uid));
    return db ? handler(state, request, db) : apiError(404, "db_not_exist", `Database ${uid} does not exist`);
  };
}

/** `?fields=a,b` answers only those fields. */
function selectFields(body: Record<string, unknown>, request: SimRequest): Record<string, unknown> {
  const fields = request.query.get("fields");
  if (!fields) return body;
  const wanted = new Set(fields.split(","));
  return Object.fromEntries(Object.entries(body).filter(([key]) => wanted.has(key)));
}

const upgradeBdb = withDatabase((state, request, db) => {
  const parsed = parseUpgradeRequest(request);
  if (!parsed.ok) return parsed.response;
  if (state.runningAction(db.uid)) return apiError(409, "busy", `Database ${db.uid} is busy with another action`);
  const target = upgradeTarget(state, db, parsed.body);
  if (!target.ok) return target.response;
  state.startUpgrade(db, target.target);
  return ok(renderBdb(db));
});

const getAction: Handler = (state, _request, [actionUid]) => {
  const action = state.actions.get(actionUid);
  if (!action) return apiError(404, "action_not_exist", `Action ${actionUid} does not exist`);
  // A reported status holds the action where it is for its reads, then it moves on.
  if (action.reported && action.reported.reads > 0) action.reported.reads--;
  else {
    action.reported = undefined;
    state.advance(action);
  }
  return ok(renderAction(state, action));
};

export const BDB_ROUTES: readonly Route[] = [
  ["GET", /^\/v1\/bdbs$/, (state, request) => ok([...state.databases.values()].map((db) => selectFields(renderBdb(db), request)))],
  ["GET", /^\/v1\/bdbs\/(\d+)$/, withDatabase((_state, request, db) => ok(selectFields(renderBdb(db), request)))],
  ["POST", /^\/v1\/bdbs\/(\d+)\/upgrade$/, upgradeBdb],
  ["GET", /^\/v1\/nodes$/, (state) => ok([renderNode(state.options, [...state.databases.keys()])])],
  [
    "GET",
    /^\/v1\/nodes\/(\d+)$/,
    (state, _request, [uid]) =>
      Number(uid) === NODE_UID
        ? ok(renderNode(state.options, [...state.databases.keys()]))
        : apiError(404, "node_not_exist", `Node ${uid} does not exist`),
  ],
  ["GET", /^\/v1\/cluster$/, (state) => ok(renderCluster(state.options.name))],
  ["GET", /^\/v1\/actions$/, (state) => ok(renderActionsList(state))],
  ["GET", /^\/v1\/actions\/bdb\/(\d+)$/, withDatabase((state, _request, db) => ok(state.actionsOf(db.uid).map((action) => renderAction(state, action))))],
  ["GET", /^\/v1\/actions\/([^/]+)$/, getAction],
];
