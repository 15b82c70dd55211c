/**
 * An example cdktf app: two databases on a Redis Software cluster, pinned in code.
 * `npx cdktf synth` (or `npm start`, which runs it against the embedded simulator)
 * writes cdktf.out/stacks/redis-versions; `terraform apply` there upgrades them.
 */
import { App, TerraformStack } from "cdktf";
import { RedisSoftwareDatabaseVersion } from "./src";

const app = new App();
const stack = new TerraformStack(app, "redis-versions");

// The CA certificate and the credentials are read when Terraform applies, from
// REDIS_SOFTWARE_CA_CERT, REDIS_SOFTWARE_USERNAME and REDIS_SOFTWARE_PASSWORD.
const cluster = { url: process.env.REDIS_SOFTWARE_URL ?? "https://cluster.example.com:9443" };

new RedisSoftwareDatabaseVersion(stack, "orders", {
  cluster,
  databaseUid: 12,
  redisVersion: "7.4",
  upgrade: { preserveRoles: true, parallelShardsUpgrade: 2 },
});

new RedisSoftwareDatabaseVersion(stack, "sessions", {
  cluster,
  databaseUid: 7,
  redisVersion: "8.0",
  upgrade: { preserveRoles: true },
});

app.synth();
