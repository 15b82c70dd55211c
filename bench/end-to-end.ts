import * as fs from "node:fs";
import { DataResource } from "cdktf";
import { Construct } from "constructs";
import { RedisSoftwareDatabaseVersion } from "../src/constructs";
import { serve } from "../src/simulator/server";
import { RedisSoftwareSimulator } from "../src/simulator/redis-software";
import { Line, median } from "./measure";
import { benchDir, freshApply, synthStack, terraform, terraformEnv } from "./stacks";

const PINS = 50;
const ROUNDS = 5;
const TARGET_MS = 40;

/**
 * `terraform apply` creating 50 pins whose databases already run their
 * version (the handler reads and sends nothing) against 50 terraform_data
 * whose local-exec runs `true`: the difference per pin is what a pin costs
 * beyond any provisioner. Rounds alternate the two stacks.
 */
export async function benchEndToEnd(): Promise<Line> {
  const credentials = { username: "bench@example.com", password: "bench-password" };
  const simulator = new RedisSoftwareSimulator({ credentials });
  for (let uid = 1; uid <= PINS; uid++) simulator.addDatabase({ uid, version: "7.4" });
  const server = await serve({ controlPlanes: [simulator], lifetimeMs: 30 * 60_000 });
  const root = benchDir("e2e");
  try {
    const pins = synthStack(`${root}/pins`, "pins", (stack) => {
      for (let uid = 1; uid <= PINS; uid++) new RedisSoftwareDatabaseVersion(stack, `pin-${uid}`, { cluster: { url: server.url }, databaseUid: uid, redisVersion: "7.4" });
    });
    const running = (command: string) => (stack: Construct) => {
      for (let index = 0; index < PINS; index++) new DataResource(stack, `exec-${index}`, { provisioners: [{ type: "local-exec", command }] });
    };
    const plain = synthStack(`${root}/plain`, "plain", running("true"));
    // The floor any Node.js handler pays: the same resources starting node and doing nothing.
    const bareNode = synthStack(`${root}/node`, "node", running(`"${process.execPath}" -e 0`));
    const env = terraformEnv({ REDIS_SOFTWARE_USERNAME: credentials.username, REDIS_SOFTWARE_PASSWORD: credentials.password });
    for (const dir of [pins, plain, bareNode]) await terraform(dir, ["init"], env);
    const times = { pins: [] as number[], plain: [] as number[], node: [] as number[] };
    for (let round = 0; round < ROUNDS; round++) {
      times.plain.push((await freshApply(plain, env)).ms);
      times.pins.push((await freshApply(pins, env)).ms);
      times.node.push((await freshApply(bareNode, env)).ms);
    }
    const overhead = (subject: number[]) => (median(subject) - median(times.plain)) / PINS;
    const perPin = overhead(times.pins);
    return {
      name: `end to end: terraform apply creating ${PINS} no-op pins vs ${PINS} terraform_data running true`,
      figures:
        `${perPin.toFixed(1)} ms per pin (median ${median(times.pins).toFixed(0)} ms vs ${median(times.plain).toFixed(0)} ms, ${ROUNDS} rounds); ` +
        `floor: \`node -e 0\` in their place costs ${overhead(times.node).toFixed(1)} ms per pin`,
      target: `≤ ${TARGET_MS} ms per pin`,
      met: perPin <= TARGET_MS,
    };
  } finally {
    await server.close();
    fs.rmSync(root, { recursive: true, force: true });
  }
}
