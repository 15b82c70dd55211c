import { SimRequest, SimResponse } from "../types";
import { CloudAccount } from "./account";
import { backupBodyProblem, regionNameOf } from "./backup";
import { errorResponse } from "./errors";
import { getMaintenanceWindows } from "./maintenance-windows";
import { SimDatabase } from "./model";
import { renderDatabase, renderDatabaseList, renderSubscription, renderTargets, renderTask, renderUpgradeStatus, renderVersions } from "./render";
import { SimPlan } from "./versions";

type Handler = (account: CloudAccount, request: SimRequest, params: readonly string[]) => SimResponse;
type Route = readonly [method: string, path: RegExp, handler: Handler];

const ok = (body: unknown): SimResponse => ({ status: 200, body });

/** `fixed/` in the path means an Essentials resource. */
const planOf = (fixed: string | undefined): SimPlan => (fixed ? "essentials" : "pro");

function withDatabase(handler: (account: CloudAccount, request: SimRequest, db: SimDatabase) => SimResponse): Handler {
  return (account, request, [fixed, subscriptionId, databaseId]) => {
    const db = account.findDatabase(Number(subscriptionId), Number(databaseId), planOf(fixed));
    if (db) return handler(account, request, db);
    return errorResponse(404, `Database ${databaseId} was not found in subscription ${subscriptionId}`);
  };
}

const getSubscription: Handler = (account, _request, [fixed, id]) => {
  const subscription = account.findSubscription(Number(id), planOf(fixed));
  if (!subscription) return errorResponse(404, `Subscription ${id} was not found`);
  const databases = [...account.databases.values()].filter((db) => db.subscriptionId === subscription.id).length;
  return ok(renderSubscription(subscription, databases));
};

/** The Pro list takes an optional subscriptionId; the Essentials one requires it. */
function versions(plan: SimPlan): Handler {
  return (_account, request) => {
    const id = request.query.get("subscriptionId");
    if (id === null ? plan === "essentials" : !/^\d+$/.test(id)) {
      return errorResponse(400, "subscriptionId must be a subscription ID");
    }
    return ok(renderVersions(plan));
  };
}

/** The body schema has one writable field; the rest (databaseId, subscriptionId, commandType) are read-only. */
function upgradeTargetOf(request: SimRequest): string | undefined {
  const body = request.body as Record<string, unknown> | undefined;
  if (typeof body !== "object" || body === null || Array.isArray(body)) return undefined;
  const keys = Object.keys(body);
  const target = body.targetRedisVersion;
  return keys.length === 1 && typeof target === "string" ? target : undefined;
}

const requestUpgrade = withDatabase((account, request, db) => {
  const target = upgradeTargetOf(request);
  if (!request.headers["content-type"]?.startsWith("application/json") || target === undefined) {
    return errorResponse(400, 'Bad Request: JSON parameter contains unsupported fields / values; expected {"targetRedisVersion": "X.Y"}');
  }
  const outcome = account.requestUpgrade(db, target);
  if (outcome.kind === "refused") return errorResponse(outcome.status, outcome.detail);
  return ok(renderTask(outcome.task));
});

const requestBackup = withDatabase((account, request, db) => {
  const problem = backupBodyProblem(request.body);
  if (problem) return errorResponse(400, `Bad Request: ${problem}`);
  return ok(renderTask(account.requestBackup(db, regionNameOf(request.body))));
});

const upgradeStatus = withDatabase((_account, _request, db) => {
  const status = renderUpgradeStatus(db);
  return status ? ok(status) : errorResponse(404, `No upgrade was requested for database ${db.databaseId}`);
});

const getTask: Handler = (account, _request, [taskId]) => {
  const task = account.tasks.all.get(taskId);
  if (!task || task.hiddenPolls > 0) {
    if (task) task.hiddenPolls--;
    return errorResponse(404, `Task ${taskId} was not found`);
  }
  return ok(renderTask(task));
};

/** "Gets a list of all currently running tasks for this account" (OpenAPI, GET /v1/tasks). */
const listTasks: Handler = (account) => ok({ tasks: account.tasks.unfinished().map(renderTask) });

/**
 * One page of a subscription's databases (`offset`, `limit`; the Go client
 * asks 100 at a time). The Pro list wraps its subscription in an array, the
 * Essentials list does not; past the last database the Pro list answers 404
 * and the Essentials list an empty page, as rediscloud-go-api's tests
 * answer its pager (database_test.go L171, fixed_database_test.go L198-211).
 */
const listDatabases: Handler = (account, request, [fixed, id]) => {
  const subscription = account.findSubscription(Number(id), planOf(fixed));
  if (!subscription) return errorResponse(404, `Subscription ${id} was not found`);
  const offset = whole(request.query.get("offset"), 0);
  const limit = whole(request.query.get("limit"), 100);
  if (offset === undefined || limit === undefined || limit < 1) return errorResponse(400, "offset and limit must be whole numbers, limit at least 1");
  const databases = [...account.databases.values()].filter((db) => db.subscriptionId === subscription.id);
  const page = databases.slice(offset, offset + limit);
  if (page.length === 0 && offset > 0 && subscription.plan === "pro") return errorResponse(404, `Subscription ${id} has no databases from offset ${offset}`);
  return ok(renderDatabaseList(subscription, page));
};

/** A query parameter holding a whole number, its default when absent; undefined when it holds anything else. */
function whole(text: string | null, absent: number): number | undefined {
  if (text === null) return absent;
  return /^\d+$/.test(text) ? Number(text) : undefined;
}

const DATABASE = String.raw`^\/v1\/(fixed\/)?subscriptions\/(\d+)\/databases\/(\d+)`;

const ROUTES: readonly Route[] = [
  ["GET", /^\/v1\/subscriptions\/redis-versions$/, versions("pro")],
  ["GET", /^\/v1\/fixed\/redis-versions$/, versions("essentials")],
  ["GET", /^\/v1\/(fixed\/)?subscriptions\/(\d+)$/, getSubscription],
  ["GET", /^\/v1\/(fixed\/)?subscriptions\/(\d+)\/databases$/, listDatabases],
  ["GET", /^\/v1\/subscriptions\/(\d+)\/maintenance-windows$/, getMaintenanceWindows],
  ["GET", new RegExp(`${DATABASE}$`), withDatabase((_account, _request, db) => ok(renderDatabase(db)))],
  ["GET", new RegExp(`${DATABASE}\\/upgrade$`), upgradeStatus],
  ["POST", new RegExp(`${DATABASE}\\/upgrade$`), requestUpgrade],
  ["POST", new RegExp(`${DATABASE}\\/backup$`), requestBackup],
  ["GET", new RegExp(`${DATABASE}\\/available-target-versions$`), withDatabase((_account, _request, db) => ok(renderTargets(db)))],
  ["GET", /^\/v1\/tasks$/, listTasks],
  ["GET", /^\/v1\/tasks\/([^/]+)$/, getTask],
];

/** The route a request names; undefined for paths this control plane does not own. */
export function matchRoute(request: SimRequest): ((account: CloudAccount) => SimResponse) | undefined {
  for (const [method, path, handler] of ROUTES) {
    const match = path.exec(request.path);
    if (match && method === request.method) return (account) => handler(account, request, match.slice(1));
  }
  return undefined;
}
