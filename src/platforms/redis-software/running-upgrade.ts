import { isRunningUpgrade } from "./client";
import { Action } from "./schemas";

/**
 * Where a bdb's actions are read: the cluster's per-bdb and per-action
 * endpoints for one database, or the cluster's whole action list for a plan
 * of many (src/platforms/redis-software/fleet.ts).
 */
export interface ActionSource {
  /** The state machines of the bdb (GET /v1/actions/bdb/{uid}). */
  bdbActions(uid: number): Promise<Action[]>;
  /** The action, or undefined when the cluster does not know it (GET /v1/actions/{uid}). */
  getAction(actionUid: string): Promise<Action | undefined>;
}

/** An upgrade already under way: from the bdb's action list, else from the action the bdb points at. */
export async function findRunningUpgrade(source: ActionSource, uid: number, bdbActionUid: string | undefined): Promise<Action | undefined> {
  const listed = (await source.bdbActions(uid)).find(isRunningUpgrade);
  if (listed || !bdbActionUid) return listed;
  const pointed = await source.getAction(bdbActionUid);
  return pointed && isRunningUpgrade(pointed) ? pointed : undefined;
}
