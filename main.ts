/**
 * An example cdktf app: Redis versions pinned in code, on a Redis Software
 * cluster and on Redis Cloud. `npx cdktf synth` writes
 * cdktf.out/stacks/redis-versions; `terraform apply` there upgrades every
 * database to its pin. `npm start` rehearses it all against the simulators.
 */
import { App, LocalBackend, TerraformStack } from "cdktf";
import { RedisCloudDatabaseVersion, RedisSoftwareDatabaseVersion } from "./src";

const app = new App();
const stack = new TerraformStack(app, "redis-versions");
// State beside cdk.tf.json rather than cdktf's default (an absolute path into
// this project), so the stack directory applies wherever it is copied. Use a
// remote backend in production.
new LocalBackend(stack, { path: "terraform.tfstate" });

// Credentials and the cluster's CA are read when Terraform applies, from
// REDIS_SOFTWARE_USERNAME, REDIS_SOFTWARE_PASSWORD and REDIS_SOFTWARE_CA_CERT.
const cluster = { url: process.env.REDIS_SOFTWARE_URL ?? "https://cluster.example.com:9443" };

new RedisSoftwareDatabaseVersion(stack, "orders", {
  cluster,
  databaseUid: 12,
  redisVersion: "7.4",
  upgrade: { preserveRoles: true, parallelShardsUpgrade: 2 },
});

new RedisSoftwareDatabaseVersion(stack, "inventory", {
  cluster,
  databaseUid: 7,
  redisVersion: "8.0",
  upgrade: { preserveRoles: true },
});

// Keys come from REDISCLOUD_ACCESS_KEY and REDISCLOUD_SECRET_KEY, the API
// address from REDISCLOUD_URL (default https://api.redislabs.com/v1).
new RedisCloudDatabaseVersion(stack, "sessions", {
  subscriptionId: 1234,
  databaseId: 5678,
  redisVersion: "8.2",
});

new RedisCloudDatabaseVersion(stack, "cache", {
  subscriptionId: 2001,
  databaseId: 31,
  plan: "essentials",
  redisVersion: "7.4",
});

app.synth();
