import type { Observation, Operation, Step, UpgradeEnd, Upgrader, Verification } from "../../engine/port";
import { SoftwareDatabaseSpec } from "../../spec";
import { RedisVersion, releaseLine } from "../../versions";
import { PlatformContext } from "../context";
import { isUpgrade, RedisSoftwareClient, UPGRADE_STATE_MACHINE } from "./client";
import { connectCluster, TransportTuning } from "./connect";
import { actionStep } from "./action-step";
import { currentVersion, NEWER_TARGETS_HINT, offPin } from "./reported-versions";
import { Action, Bdb } from "./schemas";
import { upgradeBody } from "./upgrade-body";
import { replicationOf } from "./replica-of";
import { softwareDatabaseIdentity } from "../../spec/identity";
import { lastChangeFrom } from "../last-change";

export function softwareDatabaseUpgrader(
  spec: SoftwareDatabaseSpec,
  context: PlatformContext,
  tuning?: TransportTuning,
): Upgrader<ActionOperation> {
  const client = new RedisSoftwareClient(connectCluster(spec.cluster, context, tuning), spec.cluster);
  return new SoftwareDatabaseUpgrader(spec, client);
}

/** The SMUpgradeBDB action an upgrade request starts. */
export interface ActionOperation extends Operation {
  readonly actionUid: string;
}

export function actionOperation(actionUid: string): ActionOperation {
  return { actionUid, lookup: `GET /v1/actions/${actionUid}` };
}

/** One regular (non Active-Active) database: `POST /v1/bdbs/{uid}/upgrade`, followed through its SMUpgradeBDB action. */
export class SoftwareDatabaseUpgrader implements Upgrader<ActionOperation> {
  readonly target: string;
  readonly lockKey: string;

  constructor(
    private readonly spec: SoftwareDatabaseSpec,
    private readonly client: RedisSoftwareClient,
  ) {
    this.target = `Redis Software database ${spec.databaseUid} at ${client.url}`;
    this.lockKey = softwareDatabaseIdentity(spec);
  }

  async observe(): Promise<Observation<ActionOperation>> {
    const uid = this.spec.databaseUid;
    const [bdb, supportedTargets] = await Promise.all([this.client.getBdb(uid), this.client.supportedVersions()]);
    if (bdb.crdt) return { current: currentVersion(bdb), status: bdb.status, wrongKind: activeActiveRefusal(bdb) };
    const running = await this.client.runningUpgrade(uid, bdb.action_uid);
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

  async submit(pin: RedisVersion): Promise<ActionOperation> {
    const body = upgradeBody(releaseLine(pin), this.spec.upgrade, this.spec.acknowledgeDataLoss);
    return actionOperation(await this.client.upgradeBdb(this.spec.databaseUid, body));
  }

  /** Reads the upgrade once; if the uid we hold names another state machine, the bdb's own upgrade is followed from then on. */
  async step(operation: ActionOperation): Promise<Step<ActionOperation, UpgradeEnd>> {
    const action = await this.client.getAction(operation.actionUid);
    if (!action) return { kind: "ended", result: { kind: "gone" } };
    const upgrade = isUpgrade(action) ? action : await this.client.upgradeOf(this.spec.databaseUid);
    if (!upgrade) return { kind: "ended", result: { kind: "failed", reason: notTheUpgrade(action, this.spec.databaseUid) } };
    return actionStep(upgrade, (text) => this.client.redact(text), actionOperation(upgrade.action_uid));
  }

  async verify(pin: RedisVersion): Promise<Verification> {
    const bdb = await this.client.getBdb(this.spec.databaseUid);
    const why = offPin(bdb, pin) ?? (bdb.status === "active" ? undefined : `the database status is ${bdb.status}, not active`);
    if (why) return { kind: "not-yet", why };
    return { kind: "verified", observed: { current: currentVersion(bdb), status: bdb.status } };
  }
}

function notTheUpgrade(action: Action, uid: number): string {
  return (
    `action ${action.action_uid} is ${action.name ?? "unnamed"}, not the upgrade (${UPGRADE_STATE_MACHINE}), and ` +
    `GET /v1/actions/bdb/${uid} lists no upgrade: check the database by hand; the next apply reads its version again`
  );
}

function activeActiveRefusal(bdb: Bdb): string {
  const guid = bdb.crdt_guid ? `crdbGuid: "${bdb.crdt_guid}"` : "the CRDB's GUID";
  return (
    `database ${bdb.uid} is one instance of an Active-Active (CRDB) database; upgrading it alone would leave the other ` +
    `participants behind. Pin it with RedisSoftwareActiveActiveVersion and ${guid} instead`
  );
}
