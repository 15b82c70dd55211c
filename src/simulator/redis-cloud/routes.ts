import { SimRequest, SimResponse } from "../types";
import { CloudAccount } from "./account";
import { errorResponse } from "./errors";
import { SimDatabase } from "./model";
import { renderDatabase, renderSubscription, renderTargets, renderTask, renderUpgradeStatus, renderVersions } from "./render";
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
    return errorResponse(404, "DATABASE_NOT_FOUND", `Database ${databaseId} was not found in subscription ${subscriptionId}`);
  };
}

const getSubscription: Handler = (account, _request, [fixed, id]) => {
  const subscription = account.findSubscription(Number(id), planOf(fixed));
  if (!subscription) return errorResponse(404, "SUBSCRIPTION_NOT_FOUND", `Subscription ${id} was not found`);
  const databases = [...account.databases.values()].filter((db) => db.subscriptionId === subscription.id).length;
  return ok(renderSubscription(subscription, databases));
};

/** The Pro list takes an optional subscriptionId; the Essentials one requires it. */
function versions(plan: SimPlan): Handler {
  return (_account, request) => {
    const id = request.query.get("subscriptionId");
    if (id === null ? plan === "essentials" : !/^\d+$/.test(id)) {
      return errorResponse(400, "BAD_REQUEST", "subscriptionId must be a subscription ID");
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
    return errorResponse(400, "BAD_REQUEST", 'Bad Request: JSON parameter contains unsupported fields / values; expected {"targetRedisVersion": "X.Y"}');
  }
  const outcome = account.requestUpgrade(db, target);
  if (outcome.kind === "refused") return { status: outcome.status, body: outcome.error };
  return ok(renderTask(outcome.task));
});

const upgradeStatus = withDatabase((_account, _request, db) => {
  const status = renderUpgradeStatus(db);
  return status ? ok(status) : errorResponse(404, "DATABASE_UPGRADE_WORKFLOW_NOT_FOUND", `No upgrade was requested for database ${db.databaseId}`);
});

const getTask: Handler = (account, _request, [taskId]) => {
  const task = account.tasks.all.get(taskId);
  if (!task || task.hiddenPolls > 0) {
    if (task) task.hiddenPolls--;
    return errorResponse(404, "ENTITY_NOT_FOUND", `Task ${taskId} was not found`);
  }
  return ok(renderTask(task));
};

const listTasks: Handler = (account) => ok({ tasks: [...account.tasks.all.values()].map(renderTask) });

const DATABASE = String.raw`^\/v1\/(fixed\/)?subscriptions\/(\d+)\/databases\/(\d+)`;

const ROUTES: readonly Route[] = [
  ["GET", /^\/v1\/subscriptions\/redis-versions$/, versions("pro")],
  ["GET", /^\/v1\/fixed\/redis-versions$/, versions("essentials")],
  ["GET", /^\/v1\/(fixed\/)?subscriptions\/(\d+)$/, getSubscription],
  ["GET", new RegExp(`${DATABASE}$`), withDatabase((_account, _request, db) => ok(renderDatabase(db)))],
  ["GET", new RegExp(`${DATABASE}\\/upgrade$`), upgradeStatus],
  ["POST", new RegExp(`${DATABASE}\\/upgrade$`), requestUpgrade],
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
