import * as fs from "node:fs";
import * as path from "node:path";
import { App, TerraformStack } from "cdktf";
import { RedisCloudDatabaseVersion, RedisSoftwareDatabaseVersion } from "../src/constructs";
import { planFound, PlanRow } from "../src/cli/plan";
import { readPins } from "../src/cli/stacks";
import { silentLogger } from "../src/core/log";
import { RedisCloudSimulator } from "../src/simulator/redis-cloud";
import { RedisSoftwareSimulator } from "../src/simulator/redis-software";
import { RunningServer, serve } from "../src/simulator/server";
import { Line } from "./measure";
import { benchDir } from "./stacks";

const LATENCY_MS = 20;
const CLUSTERS = 4;
const SOFTWARE_PINS = 100;
const SUBSCRIPTIONS = 4;
const CLOUD_PINS = 100;
const FROM = "7.2";
const TO = "7.4";
const TARGETS = { softwareOneCluster: 10, cloud: 20, fleetMs: 10_000 };

const softwareCredentials = { username: "bench@example.com", password: "bench-password" };
const cloudCredentials = { accessKey: "bench-fleet-account-key", secretKey: "bench-fleet-user-key" };
const ENV = {
  ...process.env,
  REDIS_SOFTWARE_USERNAME: softwareCredentials.username,
  REDIS_SOFTWARE_PASSWORD: softwareCredentials.password,
  REDISCLOUD_ACCESS_KEY: cloudCredentials.accessKey,
  REDISCLOUD_SECRET_KEY: cloudCredentials.secretKey,
};

/** The served control planes of one fleet: `clusters` Redis Software clusters of `perCluster` databases, and one Cloud account. */
interface Fleet {
  readonly software: readonly RunningServer[];
  readonly cloud?: RunningServer;
  readonly dir: string;
}

async function fleet(root: string, clusters: number, perCluster: number, subscriptions: number, perSubscription: number): Promise<Fleet> {
  const software: RunningServer[] = [];
  for (let cluster = 0; cluster < clusters; cluster++) {
    const simulator = new RedisSoftwareSimulator({ credentials: softwareCredentials });
    for (let uid = 1; uid <= perCluster; uid++) simulator.addDatabase({ uid, version: FROM, replication: true });
    software.push(await serve({ controlPlanes: [simulator], latencyMs: LATENCY_MS, lifetimeMs: 30 * 60_000 }));
  }
  const id = (subscription: number, n: number) => subscription * perSubscription + n + 1;
  let cloud: RunningServer | undefined;
  if (subscriptions > 0) {
    const simulator = new RedisCloudSimulator({ credentials: cloudCredentials });
    for (let subscription = 0; subscription < subscriptions; subscription++) {
      for (let n = 0; n < perSubscription; n++) simulator.addDatabase({ subscriptionId: 2000 + subscription, databaseId: id(subscription, n), plan: "pro", version: FROM });
    }
    cloud = await serve({ controlPlanes: [simulator], latencyMs: LATENCY_MS, lifetimeMs: 30 * 60_000 });
  }
  const dir = fs.mkdtempSync(path.join(root, "app-"));
  const app = new App({ outdir: dir, skipValidation: true });
  const stack = new TerraformStack(app, "fleet");
  software.forEach((server, cluster) => {
    for (let uid = 1; uid <= perCluster; uid++) {
      new RedisSoftwareDatabaseVersion(stack, `c${cluster}-db${uid}`, { cluster: { url: server.url }, databaseUid: uid, redisVersion: TO });
    }
  });
  for (let subscription = 0; subscription < subscriptions; subscription++) {
    for (let n = 0; n < perSubscription; n++) {
      new RedisCloudDatabaseVersion(stack, `s${subscription}-db${id(subscription, n)}`, {
        api: { url: `${cloud!.url}/v1` },
        subscriptionId: 2000 + subscription,
        databaseId: id(subscription, n),
        redisVersion: TO,
      });
    }
  }
  app.synth();
  return { software, cloud, dir };
}

interface Planned {
  readonly ms: number;
  readonly software: number;
  readonly cloud: number;
}

/** One plan of the fleet's pins, as `redis-version plan` reads them; every row must be the upgrade. */
async function timedPlan(served: Fleet, readEachDatabase: boolean): Promise<Planned> {
  const count = (servers: readonly (RunningServer | undefined)[]) => servers.reduce((sum, server) => sum + (server?.requests.length ?? 0), 0);
  const before = { software: count(served.software), cloud: count([served.cloud]) };
  const start = process.hrtime.bigint();
  const rows = await planFound(readPins(served.dir), { env: ENV, log: silentLogger, timeoutSeconds: 600, readEachDatabase });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const wrong = rows.filter((row: PlanRow) => row.action !== "upgrade");
  if (wrong.length) throw new Error(`the plan did not read every pin as an upgrade ${FROM} → ${TO}: ${JSON.stringify(wrong.slice(0, 3))}`);
  return { ms, software: count(served.software) - before.software, cloud: count([served.cloud]) - before.cloud };
}

async function closeAll(served: Fleet): Promise<void> {
  await Promise.all([...served.software, ...(served.cloud ? [served.cloud] : [])].map((server) => server.close()));
}

/**
 * `redis-version plan` over 200 pins, each an upgrade 7.2 → 7.4, with 20 ms
 * of latency on every answer: 100 Redis Software databases on 4 clusters and
 * 100 Redis Cloud databases in 4 subscriptions of one account, read with the
 * control planes' list endpoints, against the same plan read database by
 * database in the same run. The list plan runs first: the per-database one
 * then shares the machine's Cloud request budget window with its few requests.
 * Beside it, 100 Software pins on one cluster.
 */
export async function benchPlanAtScale(): Promise<Line> {
  const root = benchDir("plan");
  try {
    const oneCluster = await fleet(root, 1, SOFTWARE_PINS, 0, 0);
    const single = await timedPlan(oneCluster, false).finally(() => closeAll(oneCluster));
    const served = await fleet(root, CLUSTERS, SOFTWARE_PINS / CLUSTERS, SUBSCRIPTIONS, CLOUD_PINS / SUBSCRIPTIONS);
    const lists = await timedPlan(served, false);
    const each = await timedPlan(served, true).finally(() => closeAll(served));
    const met = single.software <= TARGETS.softwareOneCluster && lists.cloud <= TARGETS.cloud && lists.ms < TARGETS.fleetMs;
    const figure = (planned: Planned) =>
      `${(planned.ms / 1000).toFixed(2)} s, ${planned.software + planned.cloud} requests (Software ${planned.software}, Cloud ${planned.cloud})`;
    return {
      name:
        `plan at fleet scale: ${SOFTWARE_PINS} Redis Software pins on ${CLUSTERS} clusters and ${CLOUD_PINS} Cloud pins in ${SUBSCRIPTIONS} subscriptions, ` +
        `each ${FROM} → ${TO}, ${LATENCY_MS} ms latency`,
      figures:
        `with list reads ${figure(lists)} vs database by database ${figure(each)} (${(each.ms / lists.ms).toFixed(0)}× faster); ` +
        `${SOFTWARE_PINS} Software pins on one cluster: ${single.software} requests, ${(single.ms / 1000).toFixed(2)} s`,
      target: `Software ${SOFTWARE_PINS} pins on one cluster ≤ ${TARGETS.softwareOneCluster} requests; Cloud ${CLOUD_PINS} pins in ${SUBSCRIPTIONS} subscriptions ≤ ${TARGETS.cloud} requests; the 200-pin plan < ${TARGETS.fleetMs / 1000} s`,
      met,
    };
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}
