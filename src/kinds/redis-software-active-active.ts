import type * as Platform from "../platforms/redis-software/active-active";
import { ActiveActiveSpec, dataLossFlagsSet } from "../spec";
import { activeActiveIdentity } from "../spec/identity";
import { PinKind } from "./kind";
import { softwareControlPlane, softwareTriggers } from "./redis-software-cluster";

const platform = (): typeof Platform => require("../platforms/redis-software/active-active");

export const redisSoftwareActiveActive: PinKind<ActiveActiveSpec> = {
  construct: "RedisSoftwareActiveActiveVersion",
  platform: "redis-software",
  triggers: (spec) => ({ ...softwareTriggers(spec, { crdbGuid: spec.crdbGuid }), taskId: spec.taskId ?? "" }),
  identity: activeActiveIdentity,
  endpoints: (spec) => [spec.cluster, ...(spec.participants ?? [])],
  profile: (spec) => ({
    ...softwareControlPlane(spec.cluster),
    database: `crdb ${spec.crdbGuid} @ ${spec.cluster.url}`,
    activeActive: true,
    dataLossFlags: dataLossFlagsSet(spec.upgrade),
    keepCrdtProtocolVersion: spec.upgrade.keepCrdtProtocolVersion,
  }),
  load: platform,
  upgrader: (spec, context) => platform().softwareActiveActiveUpgrader(spec, context),
  seedBelow: (_simulators, spec) => {
    throw new Error(`${spec.address}: the demo seeds regular and Cloud databases only; see test/e2e for Active-Active`);
  },
};
