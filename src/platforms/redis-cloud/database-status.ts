/**
 * The database statuses the official Terraform provider waits through until
 * `active` after a change: `WaitForDatabaseToBeActive` in
 * terraform-provider-rediscloud provider/utils/wait.go (the same list at
 * release 2.11.0, L78-95, and at 13ec623). `bdb-update-pending` is in the
 * provider only ("Database update in progress"), not in rediscloud-go-api's
 * constants. The provider fails on any other status; we keep following an
 * unknown one (naming it) until the deadline, since a new status must not
 * fail an upgrade Redis Cloud is still running.
 */
const PENDING = new Set([
  "draft",
  "pending",
  "active-change-pending",
  "rcp-active-change-draft",
  "active-change-draft",
  "rcp-draft",
  "rcp-change-pending",
  "proxy-policy-change-pending",
  "proxy-policy-change-draft",
  "dynamic-endpoints-creation-pending",
  "active-upgrade-pending",
  "bdb-update-pending",
]);

export type DatabaseState = "active" | "pending" | "error" | "unknown";

export function databaseState(status: string): DatabaseState {
  if (status === "active") return "active";
  if (status === "error") return "error";
  return PENDING.has(status) ? "pending" : "unknown";
}
