import * as fs from "node:fs";
import { RedisCloudDatabaseVersion } from "../src/constructs";
import { DEFAULT_CLOUD_BUDGET } from "../src/platforms/redis-cloud/rate-limit";
import { RedisCloudSimulator } from "../src/simulator/redis-cloud";
import { serve } from "../src/simulator/server";
import { Line, mostInAnyWindow } from "./measure";
import { timed } from "./timed-plane";
import { benchDir, freshApply, synthStack, terraform, terraformEnv } from "./stacks";

const PINS = 20;
const WINDOW_MS = 60_000;
/** Ticks a task spends processing and a database upgrading; with 20 handlers paced to the budget, about a minute per upgrade. */
const STEPS = 6;

/**
 * 20 Cloud pins upgraded by one `terraform apply -parallelism=20`, all
 * handlers on this machine sharing one account key: the most requests the
 * simulator saw in any sliding minute must stay within the machine's budget.
 */
export async function benchParallelCloud(): Promise<Line> {
  const credentials = { accessKey: "bench-account-key", secretKey: "bench-user-key" };
  const simulator = new RedisCloudSimulator({ credentials, stepsPerTask: STEPS });
  for (let index = 1; index <= PINS; index++) simulator.addDatabase({ subscriptionId: 1000 + index, databaseId: index, plan: "pro", version: "7.2" });
  const stamps: number[] = [];
  const server = await serve({ controlPlanes: [timed(simulator, stamps)], lifetimeMs: 60 * 60_000 });
  const root = benchDir("cloud");
  try {
    const dir = synthStack(root, "cloud", (stack) => {
      for (let index = 1; index <= PINS; index++) new RedisCloudDatabaseVersion(stack, `db-${index}`, { subscriptionId: 1000 + index, databaseId: index, redisVersion: "7.4" });
    });
    const env = terraformEnv({ REDISCLOUD_ACCESS_KEY: credentials.accessKey, REDISCLOUD_SECRET_KEY: credentials.secretKey, REDISCLOUD_URL: `${server.url}/v1` });
    await terraform(dir, ["init"], env);
    const applied = await freshApply(dir, env, [`-parallelism=${PINS}`]);
    const converged = Array.from({ length: PINS }, (_, i) => simulator.database(1001 + i, i + 1).redisVersion).filter((version) => version === "7.4").length;
    const most = mostInAnyWindow(stamps, WINDOW_MS);
    return {
      name: `parallel Cloud upgrades: ${PINS} pins in one terraform apply -parallelism=${PINS}`,
      figures:
        `most requests in any 60 s window ${most}, ${stamps.length} requests in all (${(stamps.length / PINS).toFixed(1)} per pin), ` +
        `${converged}/${PINS} converged, apply ${(applied.ms / 1000).toFixed(0)} s`,
      target: `≤ ${DEFAULT_CLOUD_BUDGET} (REDISCLOUD_REQUESTS_PER_MINUTE) in every window, every pin converged`,
      met: most <= DEFAULT_CLOUD_BUDGET && converged === PINS,
    };
  } finally {
    await server.close();
    fs.rmSync(root, { recursive: true, force: true });
  }
}
