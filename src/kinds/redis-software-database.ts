import type * as Platform from "../platforms/redis-software/upgrader";
import type * as Fleet from "../platforms/redis-software/fleet";
import { dataLossFlagsSet, SoftwareDatabaseSpec } from "../spec";
import { softwareDatabaseIdentity } from "../spec/identity";
import { PinKind } from "./kind";
import { softwareControlPlane, softwareTriggers } from "./redis-software-cluster";

const platform = (): typeof Platform => require("../platforms/redis-software/upgrader");
const fleet = (): typeof Fleet => require("../platforms/redis-software/fleet");

export const redisSoftwareDatabase: PinKind<SoftwareDatabaseSpec> = {
  construct: "RedisSoftwareDatabaseVersion",
  platform: "redis-software",
  triggers: (spec) => softwareTriggers(spec, { databaseUid: spec.databaseUid }),
  identity: softwareDatabaseIdentity,
  endpoints: (spec) => [spec.cluster],
  profile: (spec) => ({
    ...softwareControlPlane(spec.cluster),
    database: `bdb ${spec.databaseUid} @ ${spec.cluster.url}`,
    activeActive: false,
    dataLossFlags: dataLossFlagsSet(spec.upgrade),
  }),
  load: platform,
  upgrader: (spec, context) => platform().softwareDatabaseUpgrader(spec, context),
  fleet: {
    key: (spec, context) => fleet().softwareFleetKey(spec, context),
    read: (specs, context) => fleet().observeSoftwareFleet(specs, context),
  },
  seedBelow: ({ software }, spec, start) => {
    const version = start(software.supportedVersions());
    software.addDatabase({ uid: spec.databaseUid, version: version.text, replication: true });
    return `Redis Software database ${spec.databaseUid} on ${version.text}`;
  },
};
