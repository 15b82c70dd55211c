import { parseVersion } from "../../versions";
import { renderBackupSettings } from "./backup";
import { SimDatabase, SimSubscription, SimTask } from "./model";
import { planVersions, SimPlan, upgradeTargets } from "./versions";

/**
 * The JSON Redis Cloud answers with. Field names and value types follow the
 * OpenAPI document's schemas and, where a schema lists only ids and links
 * (Database), its example; Active-Active fields follow the Go SDK's model.
 * Links carry a path, not an absolute address: the simulator does not know
 * the scheme and host it is reached through.
 */

const link = (rel: string, href: string) => ({ rel, href, type: "GET" });

function prefix(plan: SimPlan): string {
  return plan === "essentials" ? "/v1/fixed" : "/v1";
}

function databasePath(db: SimDatabase): string {
  return `${prefix(db.plan)}/subscriptions/${db.subscriptionId}/databases/${db.databaseId}`;
}

function endpoint(db: SimDatabase, scope: "public" | "private"): string {
  return `redis-${db.databaseId}${scope === "private" ? ".internal" : ""}.c1.sim.redis-version.invalid:12000`;
}

export function renderDatabase(db: SimDatabase): Record<string, unknown> {
  const common = {
    databaseId: db.databaseId,
    name: db.name,
    protocol: "redis",
    redisVersion: db.redisVersion,
    redisVersionCompliance: db.compliance,
    respVersion: parseVersion(db.redisVersion).major >= 7 ? "resp3" : "resp2",
    status: db.status,
    memoryStorage: "ram",
    dataPersistence: "none",
    dataEvictionPolicy: "volatile-lru",
    activatedOn: db.activatedOn,
    lastModified: db.lastModified,
    links: [link("self", databasePath(db))],
  };
  const backup = db.activeActive ? {} : { backup: renderBackupSettings(db) };
  if (db.plan === "essentials") {
    return { ...common, ...backup, provider: "AWS", region: "us-east-1", planMemoryLimit: 250, memoryLimitMeasurementUnit: "MB", memoryUsedInMb: 7, replication: true, publicEndpoint: endpoint(db, "public"), privateEndpoint: endpoint(db, "private"), replicaOf: replicaOf(db) };
  }
  if (db.activeActive) {
    return { ...common, activeActiveRedis: true, autoMinorVersionUpgrade: true, crdbDatabases: db.regions.map((region) => renderRegion(db, region)) };
  }
  return {
    ...common,
    ...backup,
    provider: "AWS",
    region: "us-east-1",
    datasetSizeInGb: 1,
    memoryUsedInMb: 4,
    replication: true,
    supportOSSClusterApi: false,
    autoMinorVersionUpgrade: true,
    publicEndpoint: endpoint(db, "public"),
    privateEndpoint: endpoint(db, "private"),
    replicaOf: replicaOf(db),
  };
}

/** Null for a database that is no replica (rc-rs-database-pro.json), else its sources (rc-go-database-pro.json). */
function replicaOf(db: SimDatabase): { endpoints: readonly string[] } | null {
  return db.replicaOf.length ? { endpoints: db.replicaOf } : null;
}

export function renderDatabaseList(subscription: SimSubscription, databases: readonly SimDatabase[]): Record<string, unknown> {
  const entry = { subscriptionId: subscription.id, numberOfDatabases: databases.length, databases: databases.map(renderDatabase) };
  const self = link("self", `${prefix(subscription.plan)}/subscriptions/${subscription.id}/databases`);
  return subscription.plan === "essentials" ? { subscription: entry, links: [self] } : { accountId: 1, subscription: [entry], links: [self] };
}

function renderRegion(db: SimDatabase, region: string): Record<string, unknown> {
  return {
    provider: "AWS",
    region,
    redisVersionCompliance: db.compliance,
    publicEndpoint: endpoint(db, "public"),
    privateEndpoint: endpoint(db, "private"),
    memoryLimitInGb: 1,
    datasetSizeInGb: 1,
    backup: renderBackupSettings(db),
  };
}

export function renderSubscription(subscription: SimSubscription, databases: number): Record<string, unknown> {
  const self = link("self", `${prefix(subscription.plan)}/subscriptions/${subscription.id}`);
  if (subscription.plan === "essentials") {
    return { id: subscription.id, name: subscription.name, status: subscription.status, paymentMethodType: "credit-card", planName: "Standard 1GB", size: 1, sizeMeasurementUnit: "GB", provider: "AWS", region: "us-east-1", maximumDatabases: 1, links: [self] };
  }
  return {
    id: subscription.id,
    name: subscription.name,
    status: subscription.status,
    deploymentType: subscription.deploymentType,
    paymentMethodType: "credit-card",
    memoryStorage: "ram",
    numberOfDatabases: databases,
    links: [self],
  };
}

export function renderTask(task: SimTask): Record<string, unknown> {
  return {
    taskId: task.taskId,
    commandType: task.commandType,
    status: task.status,
    description: task.description,
    timestamp: task.timestamp,
    ...(task.response ? { response: task.response } : {}),
    links: [link("task", `/v1/tasks/${task.taskId}`)],
  };
}

export function renderUpgradeStatus(db: SimDatabase): Record<string, unknown> | undefined {
  const upgrade = db.upgrade;
  if (!upgrade) return undefined;
  return {
    databaseId: db.databaseId,
    targetRedisVersion: upgrade.target,
    progress: Math.round((100 * upgrade.stepsDone) / upgrade.steps),
    upgradeStatus: upgrade.status,
  };
}

export function renderTargets(db: SimDatabase): Record<string, unknown> {
  return { targets: upgradeTargets(db.plan, db.redisVersion).map((redisVersion) => ({ redisVersion })) };
}

export function renderVersions(plan: SimPlan): Record<string, unknown> {
  return { redisVersions: planVersions(plan) };
}
