import type * as Platform from "../platforms/redis-cloud/upgrader";
import type * as Fleet from "../platforms/redis-cloud/fleet";
import type * as MaintenanceWindows from "../platforms/redis-cloud/maintenance-windows";
import { CLOUD_REQUESTS_PER_MINUTE, CloudDatabaseSpec } from "../spec";
import { cloudDatabaseIdentity } from "../spec/identity";
import { PinKind } from "./kind";

/**
 * Redis Cloud allows 400 requests a minute per account key, shared with
 * Terraform runs and people. An observation sends at most a few reads, so a
 * plan starts one every 1.2 s (50 a minute, at most about 200 requests): half
 * the budget at worst, and the rest stays free for everyone else. A group of
 * pins read with the account's lists counts as one such start; its requests
 * are paced by the machine's budget (rate-limit.ts) like any other.
 */
const CLOUD_OBSERVATIONS_PER_MINUTE = CLOUD_REQUESTS_PER_MINUTE / 8;
const CLOUD_BOUNDS = { concurrency: 4, minIntervalMs: 60_000 / CLOUD_OBSERVATIONS_PER_MINUTE };

const platform = (): typeof Platform => require("../platforms/redis-cloud/upgrader");
const fleet = (): typeof Fleet => require("../platforms/redis-cloud/fleet");

export const redisCloudDatabase: PinKind<CloudDatabaseSpec> = {
  construct: "RedisCloudDatabaseVersion",
  platform: "redis-cloud",
  triggers: (spec) => ({
    url: spec.api.url ?? "",
    subscriptionId: spec.subscriptionId,
    databaseId: spec.databaseId,
    plan: spec.plan,
    redisVersion: spec.redisVersion,
  }),
  identity: cloudDatabaseIdentity,
  endpoints: (spec) => [spec.api],
  profile: (spec) => ({
    platform: "redis-cloud",
    database: `subscription ${spec.subscriptionId}/db ${spec.databaseId} (${spec.plan})`,
    // Grouped by the variable that holds the account key, never by the key itself.
    controlPlane: `redis-cloud ${spec.api.url ?? "(default API)"} ${spec.api.accessKeyEnv}`,
    bounds: CLOUD_BOUNDS,
    activeActive: spec.plan === "active-active",
    // The version table knows Pro and Essentials; an Active-Active database is a Pro one.
    cloudPlan: spec.plan === "essentials" ? "essentials" : "pro",
    dataLossFlags: [],
  }),
  load: platform,
  upgrader: (spec, context) => platform().cloudDatabaseUpgrader(spec, context),
  fleet: {
    key: (spec, context) => fleet().cloudFleetKey(spec, context),
    read: (specs, context) => fleet().observeCloudFleet(specs, context, CLOUD_BOUNDS.concurrency),
  },
  planNotes: async (spec, context) => {
    const windows: typeof MaintenanceWindows = require("../platforms/redis-cloud/maintenance-windows");
    const note = await windows.subscriptionMaintenanceNote(spec, context);
    return note ? [note] : [];
  },
  seedBelow: ({ cloud }, spec, start) => {
    const plan = spec.plan === "essentials" ? "essentials" : "pro";
    const version = start(cloud.versions(plan));
    const activeActive = spec.plan === "active-active";
    cloud.addDatabase({ subscriptionId: spec.subscriptionId, databaseId: spec.databaseId, plan, activeActive, version: version.text });
    return `Redis Cloud ${spec.plan} database ${spec.subscriptionId}/${spec.databaseId} on ${version.text}`;
  },
};
