import type { Observation, Step, UpgradeEnd, Upgrader, Verification } from "../../engine/port";
import { SoftwareDatabaseSpec } from "../../spec";
import { RedisVersion, releaseLine } from "../../versions";
import { PlatformContext } from "../context";
import { isUpgrade, RedisSoftwareClient, UPGRADE_STATE_MACHINE } from "./client";
import { connectCluster, TransportTuning } from "./connect";
import { actionStep } from "./action-step";
import { currentVersion, offPin } from "./reported-versions";
import { Action } from "./schemas";
import { upgradeBody } from "./upgrade-body";
import { ActionOperation, actionOperation } from "./action-operation";
import { bdbObservation } from "./bdb-observation";
import { findRunningUpgrade } from "./running-upgrade";
import { softwareDatabaseIdentity } from "../../spec/identity";

export function softwareDatabaseUpgrader(
  spec: SoftwareDatabaseSpec,
  context: PlatformContext,
  tuning?: TransportTuning,
): Upgrader<ActionOperation> {
  const client = new RedisSoftwareClient(connectCluster(spec.cluster, context, tuning), spec.cluster);
  return new SoftwareDatabaseUpgrader(spec, client);
}

export { actionOperation } from "./action-operation";
export type { ActionOperation } from "./action-operation";

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
    // An Active-Active instance is refused whatever runs on it: its actions are not read.
    const running = bdb.crdt ? undefined : await findRunningUpgrade(this.client, uid, bdb.action_uid);
    return bdbObservation(bdb, supportedTargets, running);
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
