import { DeclaredCloudPlan } from "../../spec";
import { ApiError, UserFacingError } from "../../core/errors";

/** Who is asking about what, so a message can name the variables and the database. */
export interface ExplainContext {
  /** "Pro database 5678 in subscription 1234". */
  readonly database: string;
  readonly plan: DeclaredCloudPlan;
  readonly accessKeyEnv: string;
  readonly secretKeyEnv: string;
}

/** A refusal in the API's own terms: a task's `response.error`, or a failed call's code and text. */
export interface Refusal {
  readonly code?: string;
  /** "400 BAD_REQUEST" in a task error, the HTTP status of a failed call. */
  readonly status?: string;
  readonly description?: string;
}

/** What the upgrader knows when a refusal comes, for the advice that depends on it. */
export interface RefusalFacts {
  readonly target: string;
  readonly activeActive: boolean;
  /** Read only when the refusal is about the target version. */
  readonly validTargets?: readonly string[];
}

export const ALREADY_RUNNING = "DATABASE_UPGRADE_IS_ALREADY_RUNNING";
export const INVALID_VERSION = "DATABASE_UPGRADE_INVALID_REDIS_VERSION";
const ACTIVE_ACTIVE_UPGRADE_OFF = "ACTIVE_ACTIVE_DATABASE_UPGRADE_IS_NOT_SUPPORTED";
const REPLICA_BEHIND = "DATABASE_REPLICA_OF_INCOMPATIBLE_VERSION";
const BUSY = ["DATABASE_NOT_ACTIVE", "DATABASE_IS_NOT_ACTIVE", "SUBSCRIPTION_NOT_ACTIVE", "DATABASE_SUBSCRIPTION_IN_PENDING_STATUS"];
const MAINTENANCE = ["DATABASE_CLUSTER_IS_IN_MAINTENANCE", "CLUSTER_UNDER_MAINTENANCE"];
const NOT_OFFERED = ["DATABASE_UPGRADE_IS_NOT_SUPPORTED", "DATABASE_INVALID_PLAN_TYPE", "DATABASE_UPGRADE_OF_MEMCACHED_IS_NOT_SUPPORTED"];

export const SUPPORT_URL = "https://support.redislabs.com";

/** The answers any call can get that a user fixes outside this tool: keys, allow-list, request budget. */
export function explainAccess(error: ApiError, context: ExplainContext): UserFacingError | undefined {
  switch (error.status) {
    case 401:
      return new UserFacingError(
        `Redis Cloud refused the API keys (401 Unauthorized${said(error)}). Check that ${context.accessKeyEnv} holds the account key ` +
          `and ${context.secretKeyEnv} a user key of the same account (Access Management → API Keys in the console), ` +
          "that neither was revoked, and that the API is enabled for the account",
      );
    case 403:
      return new UserFacingError(
        `Redis Cloud refused ${error.method} ${error.path} (403 Forbidden${said(error)}). A user key may be limited to an allow-list ` +
          `of source addresses: add this machine's outbound address to the allowed IPs of the user key in ${context.secretKeyEnv} ` +
          "(Access Management → API Keys), or use a key whose user has a role on this subscription",
      );
    case 429:
      return new UserFacingError(
        `Redis Cloud kept answering 429 Too Many Requests to ${error.method} ${error.path}: either the account's 400 requests a minute ` +
          "are used up (the account key is shared with every other tool), or too many resources are changing in the account at once. " +
          "Nothing new was started; apply again once the other changes are done",
      );
    default:
      return undefined;
  }
}

export function databaseNotFound(error: ApiError, context: ExplainContext): UserFacingError {
  const otherPlan =
    context.plan !== "essentials"
      ? 'an Essentials database is read under /fixed/: if it is one, set plan: "essentials"'
      : 'a Pro or Active-Active database is not read under /fixed/: if it is one, set plan: "pro"';
  return new UserFacingError(
    `Redis Cloud has no ${context.database} (${error.method} ${error.path} answered 404${said(error)}). ` +
      `Check subscriptionId and databaseId; ${otherPlan}`,
  );
}

/** A 412 on the upgrade call: the flow is switched off for the account. */
export function upgradeSwitchedOff(error: ApiError, context: ExplainContext, facts: RefusalFacts): UserFacingError {
  if (facts.activeActive || error.errorCode === ACTIVE_ACTIVE_UPGRADE_OFF) {
    return new UserFacingError(activeActiveOff(context, facts.target, fromApi(refusalOf(error))));
  }
  return new UserFacingError(
    `Redis Cloud has the version-upgrade API switched off for this account (412 Precondition Failed${said(error)}), ` +
      `so ${context.database} was not changed. Upgrade it to ${facts.target} in the Redis Cloud console, ` +
      `or ask Redis support (${SUPPORT_URL}) to enable the upgrade API, then apply again`,
  );
}

/** The sentence for a refusal, synchronous or from a task: advice where the code has one, else the API's words. */
export function explainRefusal(refusal: Refusal, context: ExplainContext, facts: RefusalFacts): string {
  const code = refusal.code ?? "";
  const api = fromApi(refusal);
  if (code === ACTIVE_ACTIVE_UPGRADE_OFF) return activeActiveOff(context, facts.target, api);
  if (code === REPLICA_BEHIND) {
    return (
      `${context.database} is the source of a Replica Of (Active-Passive) link whose replica runs an older Redis version, ` +
      `and a source may not run ahead of its replica. Upgrade the replica database to ${facts.target} first ` +
      `(pin it too, and make this pin depend on it), then apply again${api}`
    );
  }
  if (code === INVALID_VERSION) {
    const valid = facts.validTargets?.length ? `it can go to ${facts.validTargets.join(", ")}` : "it offers no later version now";
    return `${facts.target} is not a version ${context.database} can be upgraded to; ${valid}. Pin one of those${api}`;
  }
  if (BUSY.includes(code)) {
    return `${context.database} or its subscription is busy with another change; apply again once both are active${api}`;
  }
  if (MAINTENANCE.includes(code)) return `the cluster behind ${context.database} is in maintenance; apply again after it${api}`;
  if (NOT_OFFERED.includes(code)) return notOffered(context) + api;
  return describeRefusal(refusal);
}

/** "400 BAD_REQUEST - CODE: description", as the Terraform provider prints a task error. */
function describeRefusal(refusal: Refusal): string {
  const head = [refusal.status, refusal.code].filter(Boolean).join(" - ");
  return [head, refusal.description].filter(Boolean).join(": ") || "no reason given";
}

/** A refusal with the control plane's words redacted: what explainRefusal quotes of a task's error. */
export function redactedRefusal(refusal: Refusal, redact: (text: string) => string): Refusal {
  const words = (text: string | undefined) => (text === undefined ? undefined : redact(text));
  return { code: words(refusal.code), status: words(refusal.status), description: words(refusal.description) };
}

/** The words of a synchronous refusal, already redacted by the transport. */
export function refusalOf(error: ApiError): Refusal {
  return { code: error.errorCode, status: String(error.status), description: error.detail };
}

function activeActiveOff(context: ExplainContext, target: string, api: string): string {
  return (
    `self-service version upgrades of Active-Active databases are switched off for this Redis Cloud account, ` +
    `so ${context.database} was not changed. Open a support ticket (${SUPPORT_URL}, or Help → Support in the console) ` +
    `asking Redis to upgrade it to ${target}, or to enable self-service Active-Active upgrades for the account, ` +
    `then run terraform apply again${api}`
  );
}

function notOffered(context: ExplainContext): string {
  if (context.plan === "essentials") {
    return `Redis Cloud did not upgrade ${context.database}: Essentials allows manual upgrades to a new major version only, and applies minor versions itself`;
  }
  return `Redis Cloud offers no self-service upgrade for ${context.database}: upgrade it from the console or ask Redis support (${SUPPORT_URL})`;
}

function fromApi(refusal: Refusal): string {
  return ` (Redis Cloud said: ${describeRefusal(refusal)})`;
}

function said(error: ApiError): string {
  const words = [error.errorCode, error.detail].filter(Boolean).join(": ");
  return words ? `: ${words}` : "";
}
