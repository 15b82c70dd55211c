/**
 * An example cdktf app: Redis versions pinned in code, on a Redis Software
 * cluster and on Redis Cloud. `npx cdktf synth` writes
 * cdktf.out/stacks/redis-versions; `terraform apply` there upgrades every
 * database to its pin. `npm start` rehearses it all against the simulators.
 */
import { App, Aspects, LocalBackend, TerraformStack } from "cdktf";
import { RedisCloudDatabaseVersion, RedisSoftwareDatabaseVersion, RedisVersionPolicy } from "./src";

const app = new App();
const stack = new TerraformStack(app, "redis-versions");
// State beside cdk.tf.json rather than cdktf's default (an absolute path into
// this project), so the stack directory applies wherever it is copied. Use a
// remote backend in production.
new LocalBackend(stack, { path: "terraform.tfstate" });

// Credentials and the cluster's CA are read when Terraform applies, from
// REDIS_SOFTWARE_USERNAME, REDIS_SOFTWARE_PASSWORD and REDIS_SOFTWARE_CA_CERT.
const cluster = { url: process.env.REDIS_SOFTWARE_URL ?? "https://cluster.example.com:9443" };

// The Replica Of destination of "orders": Redis upgrades the replica before its source.
const ordersReplica = new RedisSoftwareDatabaseVersion(stack, "orders-replica", {
  cluster,
  databaseUid: 13,
  redisVersion: "7.4",
});

new RedisSoftwareDatabaseVersion(stack, "orders", {
  cluster,
  databaseUid: 12,
  redisVersion: "7.4",
  upgrade: { preserveRoles: true, parallelShardsUpgrade: 2 },
  // Terraform runs the replica's pin first, and this one refuses until the replica has reached 7.4.
  upgradeAfter: [ordersReplica],
});

new RedisSoftwareDatabaseVersion(stack, "inventory", {
  cluster,
  databaseUid: 7,
  redisVersion: "8.0",
  // Redis 7 to Redis 8: a major upgrade happens only with this consent.
  allowMajorVersionUpgrade: true,
  upgrade: { preserveRoles: true },
});

// Keys come from REDISCLOUD_ACCESS_KEY and REDISCLOUD_SECRET_KEY, the API
// address from REDISCLOUD_URL (default https://api.redislabs.com/v1).
new RedisCloudDatabaseVersion(stack, "sessions", {
  subscriptionId: 1234,
  databaseId: 5678,
  redisVersion: "8.2",
  allowMajorVersionUpgrade: true,
  // Backed up to its remote backup location, and the backup finished, before the upgrade is requested.
  backupBeforeUpgrade: true,
});

new RedisCloudDatabaseVersion(stack, "cache", {
  subscriptionId: 2001,
  databaseId: 31,
  plan: "essentials",
  redisVersion: "7.4",
});

// Checked at synth on every pin of every stack: a preview target or a data-discarding upgrade fails it.
Aspects.of(app).add(new RedisVersionPolicy({ forbidPreviewTargets: true, forbidDataDiscard: true }));

app.synth();
