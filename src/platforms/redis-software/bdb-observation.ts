import type { Observation } from "../../engine/port";
import { RedisVersion } from "../../versions";
import { lastChangeFrom } from "../last-change";
import { ActionOperation, actionOperation } from "./action-operation";
import { currentVersion, NEWER_TARGETS_HINT } from "./reported-versions";
import { replicationOf } from "./replica-of";
import { Action, Bdb } from "./schemas";

/**
 * What observe() makes of a bdb, what the nodes offer and its running
 * upgrade, whether they were read one database at a time or from the
 * cluster's lists: the same readings make the same observation.
 */
export function bdbObservation(bdb: Bdb, supportedTargets: RedisVersion[] | undefined, running: Action | undefined): Observation<ActionOperation> {
  if (bdb.crdt) return { current: currentVersion(bdb), status: bdb.status, wrongKind: activeActiveRefusal(bdb) };
  return {
    current: currentVersion(bdb),
    status: bdb.status,
    supportedTargets,
    newerTargetsHint: NEWER_TARGETS_HINT,
    ...(running ? { running: actionOperation(running.action_uid) } : {}),
    replication: replicationOf(bdb),
    lastChange: lastChangeFrom("last_changed_time", bdb.last_changed_time, `bdb ${bdb.uid}`),
  };
}

function activeActiveRefusal(bdb: Bdb): string {
  const guid = bdb.crdt_guid ? `crdbGuid: "${bdb.crdt_guid}"` : "the CRDB's GUID";
  return (
    `database ${bdb.uid} is one instance of an Active-Active (CRDB) database; upgrading it alone would leave the other ` +
    `participants behind. Pin it with RedisSoftwareActiveActiveVersion and ${guid} instead`
  );
}
