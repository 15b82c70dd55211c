import type { SimMaintenanceWindows } from "./maintenance-windows";
import { SimBackups } from "./backup";
import { SimPlan } from "./versions";

export interface SubscriptionInput {
  readonly subscriptionId: number;
  readonly plan: SimPlan;
  readonly name?: string;
  /** Pro only: an Active-Active subscription (deploymentType "active-active"). */
  readonly activeActive?: boolean;
  /** Pro only: what GET …/maintenance-windows answers; default automatic. */
  readonly maintenanceWindows?: SimMaintenanceWindows;
}

export interface DatabaseInput {
  readonly subscriptionId: number;
  readonly databaseId: number;
  readonly plan: SimPlan;
  /** "7.4", or "7.4.2" to set the compliance version too. */
  readonly version: string;
  /** Pro only. Its subscription is created Active-Active when it does not exist yet. */
  readonly activeActive?: boolean;
  readonly name?: string;
  /** Active-Active regions; default us-east-1 and eu-west-1. */
  readonly regions?: readonly string[];
  /** Whether the database has a remote backup location; default true. */
  readonly backupDestination?: boolean;
  /** Replica Of sources, as redis:// URIs (which may carry a password, as real ones do). */
  readonly replicaOf?: readonly string[];
}

export interface SimSubscription {
  readonly id: number;
  readonly plan: SimPlan;
  readonly name: string;
  readonly deploymentType: "single-region" | "active-active";
  /** active, or pending while one of its databases upgrades. */
  status: string;
  /** Set by a test; unset, the subscription answers "automatic". */
  maintenanceWindows?: SimMaintenanceWindows;
}

/** The latest upgrade attempt, as GET …/upgrade reports it. */
export interface SimUpgrade {
  readonly target: string;
  readonly steps: number;
  /** Armed by failNextUpgrade: it ends "failed" and the database stays on its version. */
  readonly fails: boolean;
  stepsDone: number;
  /** "scheduled": accepted and held for the subscription's maintenance window (Active-Active). */
  status: "scheduled" | "in-progress" | "done" | "failed";
}

/** A status the database keeps for a few requests, as the provider's pending statuses describe. */
export interface SimLinger {
  readonly status: string;
  readonly requests: number;
}

export interface SimDatabase {
  readonly subscriptionId: number;
  readonly databaseId: number;
  readonly plan: SimPlan;
  readonly name: string;
  readonly activeActive: boolean;
  readonly regions: readonly string[];
  /** Replica Of sources; none when the database is no replica. */
  readonly replicaOf: readonly string[];
  /** major.minor, as `redisVersion` reports it. */
  redisVersion: string;
  /** The full version, as `redisVersionCompliance` reports it. */
  compliance: string;
  /** active, or active-upgrade-pending while upgrading. */
  status: string;
  upgrade?: SimUpgrade;
  /** Accepted by its task, not showing yet: GET …/upgrade still describes the previous attempt meanwhile. */
  startsIn?: { readonly target: string; requests: number };
  /** After the upgrade: a pending status held this many more requests before `active`. */
  lingering?: { readonly status: string; requests: number };
  /** Every target an upgrade request named, honoured or not: proves what a client asked for. */
  readonly upgradeRequests: string[];
  readonly backups: SimBackups;
  /** Backups and upgrade requests in the order the database met them, e.g. "backup requested", "backup succeeded", "upgrade requested 8.2". */
  readonly timeline: string[];
  activatedOn: string;
  /** Moved by an upgrade and by any change of its configuration. */
  lastModified: string;
}

/** A task's `response.error`: an object in real answers, not the string the document declares. */
export interface TaskError {
  readonly type: string;
  /** "400 BAD_REQUEST": the HTTP status the failure stands for. */
  readonly status: string;
  readonly description: string;
}

export type TaskWork =
  | { readonly kind: "upgrade"; readonly database: SimDatabase; readonly target: string }
  | { readonly kind: "backup"; readonly database: SimDatabase; readonly regionName?: string }
  /** Another change in the account that holds the one-task-at-a-time queue. */
  | { readonly kind: "foreign" };

export interface SimTask {
  readonly taskId: string;
  readonly commandType: string;
  readonly timestamp: string;
  readonly work: TaskWork;
  /** Armed by failNextTask: the task ends with this error whatever the work. */
  readonly failure?: TaskError;
  status: "received" | "processing-in-progress" | "processing-completed" | "processing-error";
  description: string;
  stepsLeft: number;
  /** Reads by id that answer 404 before the task shows, as a new task sometimes does. */
  hiddenPolls: number;
  response?: { readonly resourceId?: number; readonly additionalResourceId?: number; readonly error?: TaskError };
}

export const isoNow = (now: number): string => new Date(now).toISOString();
