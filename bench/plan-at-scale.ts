import * as fs from "node:fs";
import * as path from "node:path";
import { App, TerraformStack } from "cdktf";
import { RedisCloudDatabaseVersion, RedisSoftwareDatabaseVersion } from "../src/constructs";
import { plan } from "../src/cli/plan";
import { DEFAULT_CLOUD_BUDGET } from "../src/platforms/redis-cloud/rate-limit";
import { RedisCloudSimulator } from "../src/simulator/redis-cloud";
import { RedisSoftwareSimulator } from "../src/simulator/redis-software";
import { RunningServer, serve } from "../src/simulator/server";
import { Line, mostInAnyWindow } from "./measure";
import { timed } from "./timed-plane";
import { benchDir } from "./stacks";

const LATENCY_MS = 20;
const CLUSTERS = 4;
const SOFTWARE_PINS = 100;
const SUBSCRIPTIONS = 10;
const CLOUD_PINS = 100;
const SPEEDUP_TARGET = 8;
const REQUESTS_PER_PIN_TARGET = 2;

/** One synthesized app, one stack, built by `build`; returns the app's directory for `plan --dir`. */
function synthApp(dir: string, build: (stack: TerraformStack) => void): string {
  const app = new App({ outdir: dir, skipValidation: true });
  build(new TerraformStack(app, "scale"));
  app.synth();
  return dir;
}

/** Runs `redis-version plan` in this process (the simulators live here too) and returns its wall time. */
async function timedPlan(dir: string, env: Record<string, string>, extra: readonly string[]): Promise<number> {
  let output = "";
  const start = process.hrtime.bigint();
  const code = await plan(["--dir", dir, "--format", "json", "--timeout-seconds", "600", ...extra], {
    stdout: (text) => void (output += text),
    stderr: () => undefined,
    env: { ...process.env, ...env },
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const { pins } = JSON.parse(output) as { pins: { action: string }[] };
  if (code !== 0 || pins.some((row) => row.action !== "noop")) throw new Error(`the plan did not read every pin as noop (exit ${code}): ${output.slice(0, 2000)}`);
  return ms;
}

async function softwarePart(root: string): Promise<{ parallel: number; serial: number }> {
  const credentials = { username: "bench@example.com", password: "bench-password" };
  const servers: RunningServer[] = [];
  try {
    for (let cluster = 0; cluster < CLUSTERS; cluster++) {
      const simulator = new RedisSoftwareSimulator({ credentials });
      for (let uid = 1; uid <= SOFTWARE_PINS / CLUSTERS; uid++) simulator.addDatabase({ uid, version: "7.4" });
      servers.push(await serve({ controlPlanes: [simulator], latencyMs: LATENCY_MS, lifetimeMs: 30 * 60_000 }));
    }
    const dir = synthApp(path.join(root, "software"), (stack) => {
      servers.forEach((server, cluster) => {
        for (let uid = 1; uid <= SOFTWARE_PINS / CLUSTERS; uid++) {
          new RedisSoftwareDatabaseVersion(stack, `c${cluster}-db${uid}`, { cluster: { url: server.url }, databaseUid: uid, redisVersion: "7.4" });
        }
      });
    });
    const env = { REDIS_SOFTWARE_USERNAME: credentials.username, REDIS_SOFTWARE_PASSWORD: credentials.password };
    const serial = await timedPlan(dir, env, ["--concurrency", "1"]);
    const parallel = await timedPlan(dir, env, []);
    return { parallel, serial };
  } finally {
    await Promise.all(servers.map((server) => server.close()));
  }
}

async function cloudPart(root: string): Promise<{ ms: number; requests: number; most: number }> {
  const credentials = { accessKey: "bench-plan-account-key", secretKey: "bench-plan-user-key" };
  const simulator = new RedisCloudSimulator({ credentials });
  const perSubscription = CLOUD_PINS / SUBSCRIPTIONS;
  for (let pin = 0; pin < CLOUD_PINS; pin++) {
    simulator.addDatabase({ subscriptionId: 2000 + Math.floor(pin / perSubscription), databaseId: pin + 1, plan: "pro", version: "7.4" });
  }
  const stamps: number[] = [];
  const server = await serve({ controlPlanes: [timed(simulator, stamps)], latencyMs: LATENCY_MS, lifetimeMs: 30 * 60_000 });
  try {
    const dir = synthApp(path.join(root, "cloud"), (stack) => {
      for (let pin = 0; pin < CLOUD_PINS; pin++) {
        new RedisCloudDatabaseVersion(stack, `db-${pin + 1}`, { subscriptionId: 2000 + Math.floor(pin / perSubscription), databaseId: pin + 1, redisVersion: "7.4" });
      }
    });
    const env = { REDISCLOUD_ACCESS_KEY: credentials.accessKey, REDISCLOUD_SECRET_KEY: credentials.secretKey, REDISCLOUD_URL: `${server.url}/v1` };
    const ms = await timedPlan(dir, env, []);
    return { ms, requests: stamps.length, most: mostInAnyWindow(stamps, 60_000) };
  } finally {
    await server.close();
  }
}

/**
 * `redis-version plan` over 200 pins with 20 ms of latency on every answer:
 * the Redis Software part against the same plan with --concurrency 1, the
 * Cloud part by the requests it spends.
 */
export async function benchPlanAtScale(): Promise<Line> {
  const root = benchDir("plan");
  try {
    const software = await softwarePart(root);
    const cloud = await cloudPart(root);
    const speedup = software.serial / software.parallel;
    const perPin = cloud.requests / CLOUD_PINS;
    const verdict = (met: boolean) => (met ? "met" : "NOT met");
    const softwareMet = speedup >= SPEEDUP_TARGET;
    const cloudMet = perPin <= REQUESTS_PER_PIN_TARGET && cloud.most <= DEFAULT_CLOUD_BUDGET;
    return {
      name: `plan at scale: ${SOFTWARE_PINS} Redis Software pins on ${CLUSTERS} clusters, ${CLOUD_PINS} Cloud pins in ${SUBSCRIPTIONS} subscriptions, ${LATENCY_MS} ms latency`,
      figures:
        `Software ${(software.parallel / 1000).toFixed(2)} s vs ${(software.serial / 1000).toFixed(2)} s with --concurrency 1 (${speedup.toFixed(1)}×, ${verdict(softwareMet)}); ` +
        `Cloud ${(cloud.ms / 1000).toFixed(1)} s, ${perPin.toFixed(2)} requests per pin, most in any 60 s window ${cloud.most} (${verdict(cloudMet)})`,
      target: `Software ≥ ${SPEEDUP_TARGET}× faster than serial; Cloud ≤ ${REQUESTS_PER_PIN_TARGET} requests per pin and ≤ ${DEFAULT_CLOUD_BUDGET} in any 60 s window`,
      met: softwareMet && cloudMet,
    };
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}
