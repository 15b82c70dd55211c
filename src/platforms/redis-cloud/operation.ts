import { Operation } from "../../engine";
import { DatabasePaths } from "./client";

/**
 * What an upgrade can be followed through: the task the upgrade request
 * returned, or, for an upgrade found already running with no task to hand,
 * the database itself (its status and its upgrade-status endpoint).
 */
export type Tracked = { readonly kind: "task"; readonly taskId: string } | { readonly kind: "database" };

/** Task ids are UUIDs, so this id can never be mistaken for one. */
const DATABASE_OPERATION_ID = "database-upgrade";

export function toOperation(tracked: Tracked, paths: DatabasePaths): Operation {
  return tracked.kind === "task"
    ? { id: tracked.taskId, lookup: `GET ${paths.tasks}/${tracked.taskId}` }
    : { id: DATABASE_OPERATION_ID, lookup: `GET ${paths.upgrade}` };
}

export function trackedOf(operation: Operation): Tracked {
  return operation.id === DATABASE_OPERATION_ID ? { kind: "database" } : { kind: "task", taskId: operation.id };
}
