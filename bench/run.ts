import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { App, DataResource, TerraformStack } from "cdktf";
import { RedisSoftwareDatabaseVersion } from "../src/constructs";
import { SPEC_ENV } from "../src/spec";
import { serve } from "../src/simulator/server";
import { RedisSoftwareSimulator } from "../src/simulator/redis-software";

/**
 * `npm run bench`: each figure is a ratio against a baseline measured in the
 * same run on the same machine, so it means the same on a fast or slow host.
 */
const PINS = 1000;
const SYNTH_ROUNDS = 7;
const APPLY_ROUNDS = 15;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function timed(action: () => void): number {
  const start = process.hrtime.bigint();
  action();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function synthesize(build: (stack: TerraformStack, index: number) => void): number {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "rv-bench-"));
  try {
    return timed(() => {
      const app = new App({ outdir, skipValidation: true });
      const stack = new TerraformStack(app, "bench");
      for (let index = 0; index < PINS; index++) build(stack, index);
      app.synth();
    });
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

function benchSynth(): { pins: number; bare: number } {
  const pins: number[] = [];
  const bare: number[] = [];
  for (let round = 0; round < SYNTH_ROUNDS; round++) {
    bare.push(synthesize((stack, index) => new DataResource(stack, `bare-${index}`, {})));
    pins.push(
      synthesize(
        (stack, index) =>
          new RedisSoftwareDatabaseVersion(stack, `pin-${index}`, {
            cluster: { url: "https://cluster.example.com:9443" },
            databaseUid: index + 1,
            redisVersion: "7.4",
          }),
      ),
    );
  }
  return { pins: median(pins), bare: median(bare) };
}

/**
 * Over TLS, OpenSSL's own start-up (its configuration and the first secure
 * context, ~45 ms here) is part of every handler start; over plain HTTP on
 * loopback the figure is the handler's own cost. Both are measured.
 */
async function benchNoopApply(tls: boolean): Promise<{ apply: number; node: number }> {
  const credentials = { username: "bench@example.com", password: "bench-password" };
  const simulator = new RedisSoftwareSimulator({ credentials });
  simulator.addDatabase({ uid: 1, version: "7.4" });
  const server = await serve({ tls, controlPlanes: [simulator], lifetimeMs: 10 * 60_000 });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rv-bench-ca-"));
  const ca = path.join(dir, "ca.pem");
  if (server.caPem) fs.writeFileSync(ca, server.caPem);
  const spec = {
    kind: "redis-software-database",
    format: 1,
    address: "bench/noop",
    redisVersion: "7.4",
    timeoutMinutes: 5,
    cluster: { url: server.url, usernameEnv: "RS_USER", passwordEnv: "RS_PASS", ...(tls ? { caCertFile: ca } : {}) },
    databaseUid: 1,
    upgrade: {},
  };
  const env = { PATH: process.env.PATH, RS_USER: credentials.username, RS_PASS: credentials.password, [SPEC_ENV]: JSON.stringify(spec) };
  const handler = path.resolve(__dirname, "..", "handler.cjs");
  const apply: number[] = [];
  const node: number[] = [];
  try {
    for (let round = 0; round < APPLY_ROUNDS; round++) {
      node.push(await runAsync(["-e", "0"], env));
      apply.push(await runAsync([handler, "apply"], env));
    }
  } finally {
    await server.close();
  }
  return { apply: median(apply), node: median(node) };
}

/** The simulator lives in this process, so the child must run without blocking our event loop. */
function runAsync(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(process.execPath, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("close", (code) => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      if (code === 0) resolve(ms);
      else reject(new Error(`node ${args.join(" ")} exited ${code}:\n${output}`));
    });
  });
}

function report(name: string, subject: number, baseline: number, limit: number, labels: [string, string]): boolean {
  const ratio = subject / baseline;
  const verdict = ratio <= limit ? "ok" : "OVER LIMIT";
  console.log(
    `${name}: ratio ${ratio.toFixed(2)} (limit ${limit}) — median ${labels[0]} ${subject.toFixed(1)} ms, median ${labels[1]} ${baseline.toFixed(1)} ms: ${verdict}`,
  );
  return ratio <= limit;
}

async function main(): Promise<void> {
  if (spawnSync(process.execPath, ["-e", "0"]).status !== 0) throw new Error("cannot run node");
  const synth = benchSynth();
  const overHttp = await benchNoopApply(false);
  const overTls = await benchNoopApply(true);
  const results = [
    report(`synth ${PINS} pins vs ${PINS} bare terraform_data`, synth.pins, synth.bare, 1.25, ["pins", "bare"]),
    report("no-op `redis-version apply` (HTTP) vs `node -e 0`", overHttp.apply, overHttp.node, 2.0, ["apply", "node -e 0"]),
    report("no-op `redis-version apply` (TLS) vs `node -e 0`", overTls.apply, overTls.node, 2.0, ["apply", "node -e 0"]),
  ];
  process.exitCode = results.every(Boolean) ? 0 : 1;
}

void main();
