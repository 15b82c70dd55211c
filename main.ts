/**
 * An example cdktf app: Redis versions pinned in code, on a Redis Software
 * cluster and on Redis Cloud, in a staging and a production stack.
 * `npx cdktf synth` writes cdktf.out/stacks/staging and
 * cdktf.out/stacks/redis-versions; `terraform apply` in each upgrades its
 * databases to their pins, production only once staging has run its pins for
 * two days. `npm start` rehearses it all against the simulators.
 */
import { App, Aspects, LocalBackend, TerraformStack } from "cdktf";
import { RedisCloudDatabaseVersion, RedisCloudPlan, RedisSoftwareDatabaseVersion, RedisVersionPolicy, RedisVersionRollout } from "./src";

const app = new App();
// State beside cdk.tf.json rather than cdktf's default (an absolute path into
// this project), so the stack directory applies wherever it is copied. Use a
// remote backend in production.
function stackNamed(name: string): TerraformStack {
  const stack = new TerraformStack(app, name);
  new LocalBackend(stack, { path: "terraform.tfstate" });
  return stack;
}
const stack = stackNamed("redis-versions");
const staging = stackNamed("staging");

// Credentials and the cluster's CA are read when Terraform applies, from
// REDIS_SOFTWARE_USERNAME, REDIS_SOFTWARE_PASSWORD and REDIS_SOFTWARE_CA_CERT.
const cluster = { url: process.env.REDIS_SOFTWARE_URL ?? "https://cluster.example.com:9443" };

// The Replica Of destination of "orders": Redis upgrades the replica before its source.
const ordersReplica = new RedisSoftwareDatabaseVersion(stack, "orders-replica", {
  cluster,
  databaseUid: 13,
  redisVersion: "7.4",
});

const orders = new RedisSoftwareDatabaseVersion(stack, "orders", {
  cluster,
  databaseUid: 12,
  redisVersion: "7.4",
  upgrade: { preserveRoles: true, parallelShardsUpgrade: 2 },
  // Terraform runs the replica's pin first, and this one defers, sending nothing, until the replica has reached 7.4.
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
const sessions = new RedisCloudDatabaseVersion(stack, "sessions", {
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
  plan: RedisCloudPlan.ESSENTIALS,
  redisVersion: "7.4",
});

// Staging runs the same kinds of databases, and is upgraded first: production's
// pins upgrade only once staging's have reached their pins and run them for 48
// hours, checked live by each production handler against the control planes.
new RedisVersionRollout(app, "rollout", {
  waves: [
    {
      name: "staging",
      pins: [
        new RedisSoftwareDatabaseVersion(staging, "orders", { cluster, databaseUid: 22, redisVersion: "7.4" }),
        new RedisCloudDatabaseVersion(staging, "sessions", { subscriptionId: 1235, databaseId: 5679, redisVersion: "8.2", allowMajorVersionUpgrade: true }),
      ],
    },
    { name: "production", pins: [orders, sessions], soakHours: 48 },
  ],
});

// Checked at synth on every pin of every stack: a preview target or a data-discarding upgrade fails it.
Aspects.of(app).add(new RedisVersionPolicy({ forbidPreviewTargets: true, forbidDataDiscard: true }));

app.synth();
