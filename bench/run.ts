import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { App, DataResource, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { RedisSoftwareDatabaseVersion } from "../src/constructs";
import { SPEC_ENV } from "../src/spec";
import { serve } from "../src/simulator/server";
import { RedisSoftwareSimulator } from "../src/simulator/redis-software";

/**
 * `npm run bench`: each figure is a ratio against a baseline measured in the
 * same run on the same machine, so it means the same on a fast or slow host.
 * Rounds alternate subject and baseline, so a slow spell of the machine
 * weighs on both.
 */
const PINS = 1000;
const SYNTH_WARMUP = 3;
const SYNTH_ROUNDS = 15;
const APPLY_ROUNDS = 21;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

type Build = (stack: Construct, index: number) => void;

/** One synth of a fresh app holding `PINS` constructs, from an emptied heap (`node --expose-gc`). */
function synthesize(build: Build): number {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "rv-bench-"));
  try {
    global.gc?.();
    const start = process.hrtime.bigint();
    const app = new App({ outdir, skipValidation: true });
    const stack = new TerraformStack(app, "bench");
    for (let index = 0; index < PINS; index++) build(stack, index);
    app.synth();
    return Number(process.hrtime.bigint() - start) / 1e6;
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

const bare: Build = (stack, index) => new DataResource(stack, `bare-${index}`, {});

/** What any resource that runs a local-exec costs cdktf: the same provisioner as a pin's, no library code. */
const withProvisioner: Build = (stack, index) =>
  new DataResource(stack, `exec-${index}`, {
    provisioners: [{ type: "local-exec", command: 'node "assets/handler.cjs" apply', environment: { [SPEC_ENV]: `{"pin":${index}}` } }],
  });

const pin: Build = (stack, index) =>
  new RedisSoftwareDatabaseVersion(stack, `pin-${index}`, {
    cluster: { url: "https://cluster.example.com:9443" },
    databaseUid: index + 1,
    redisVersion: "7.4",
  });

function benchSynth(): Record<"pins" | "bare" | "provisioner", number> {
  const samples = { pins: [] as number[], bare: [] as number[], provisioner: [] as number[] };
  for (let round = 0; round < SYNTH_WARMUP + SYNTH_ROUNDS; round++) {
    const times = { bare: synthesize(bare), pins: synthesize(pin), provisioner: synthesize(withProvisioner) };
    if (round < SYNTH_WARMUP) continue;
    for (const key of ["pins", "bare", "provisioner"] as const) samples[key].push(times[key]);
  }
  return { pins: median(samples.pins), bare: median(samples.bare), provisioner: median(samples.provisioner) };
}

interface Provisioner {
  readonly command: string;
  readonly environment: Record<string, string>;
  readonly cwd: string;
}

/** Synthesizes one pin and returns the local-exec Terraform would run for it, and where. */
function synthesizedProvisioner(outdir: string, url: string, caCertFile: string | undefined): Provisioner {
  const app = new App({ outdir, skipValidation: true });
  const stack = new TerraformStack(app, "bench");
  new RedisSoftwareDatabaseVersion(stack, "noop", { cluster: { url, caCertFile }, databaseUid: 1, redisVersion: "7.4" });
  app.synth();
  const cwd = path.join(outdir, "stacks", "bench");
  const json = JSON.parse(fs.readFileSync(path.join(cwd, "cdk.tf.json"), "utf8"));
  const [resource] = Object.values(json.resource.terraform_data) as { provisioner: [{ "local-exec": Omit<Provisioner, "cwd"> }] }[];
  return { ...resource.provisioner[0]["local-exec"], cwd };
}

/**
 * The very command a pin's local-exec runs, through a shell like Terraform's,
 * in the synthesized stack directory, against a database already at the pin.
 * Over TLS the pin names the simulator's CA file, as a cluster with its own CA would.
 */
async function benchNoopApply(tls: boolean): Promise<{ apply: number; node: number; command: string }> {
  const credentials = { username: "bench@example.com", password: "bench-password" };
  const simulator = new RedisSoftwareSimulator({ credentials });
  simulator.addDatabase({ uid: 1, version: "7.4" });
  const server = await serve({ tls, controlPlanes: [simulator], lifetimeMs: 10 * 60_000 });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rv-bench-apply-"));
  try {
    const ca = path.join(dir, "ca.pem");
    if (server.caPem) fs.writeFileSync(ca, server.caPem);
    const provisioner = synthesizedProvisioner(path.join(dir, "out"), server.url, server.caPem ? ca : undefined);
    const env = {
      PATH: process.env.PATH,
      REDIS_SOFTWARE_USERNAME: credentials.username,
      REDIS_SOFTWARE_PASSWORD: credentials.password,
      ...provisioner.environment,
    };
    const apply: number[] = [];
    const node: number[] = [];
    for (let round = 0; round < APPLY_ROUNDS; round++) {
      node.push(await runShell("node -e 0", env, provisioner.cwd));
      apply.push(await runShell(provisioner.command, env, provisioner.cwd));
    }
    return { apply: median(apply), node: median(node), command: provisioner.command };
  } finally {
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The simulator lives in this process, so the child must run without blocking our event loop. */
function runShell(command: string, env: NodeJS.ProcessEnv, cwd: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(command, { env, cwd, shell: true, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("close", (code) => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      if (code === 0) resolve(ms);
      else reject(new Error(`${command} exited ${code}:\n${output}`));
    });
  });
}

function report(name: string, subject: number, baseline: number, limit: number | undefined, labels: [string, string]): boolean {
  const ratio = subject / baseline;
  const verdict = limit === undefined ? "reference" : ratio <= limit ? "ok" : "OVER LIMIT";
  console.log(
    `${name}: ratio ${ratio.toFixed(2)}${limit === undefined ? "" : ` (limit ${limit})`} — median ${labels[0]} ${subject.toFixed(1)} ms, median ${labels[1]} ${baseline.toFixed(1)} ms: ${verdict}`,
  );
  return limit === undefined || ratio <= limit;
}

async function main(): Promise<void> {
  if (!global.gc) console.log("(run with node --expose-gc, as `npm run bench` does, for steadier synth figures)");
  const synth = benchSynth();
  const overHttp = await benchNoopApply(false);
  const overTls = await benchNoopApply(true);
  const results = [
    report(`synth ${PINS} pins vs ${PINS} bare terraform_data`, synth.pins, synth.bare, 1.25, ["pins", "bare"]),
    report(`  reference: ${PINS} terraform_data with only a local-exec vs bare`, synth.provisioner, synth.bare, undefined, ["local-exec", "bare"]),
    report("no-op `redis-version apply` (HTTP) vs `node -e 0`", overHttp.apply, overHttp.node, 2.0, ["apply", "node -e 0"]),
    report("no-op `redis-version apply` (TLS, pin names its CA) vs `node -e 0`", overTls.apply, overTls.node, 2.0, ["apply", "node -e 0"]),
  ];
  console.log(`  commands run: ${overHttp.command} | ${overTls.command}`);
  process.exitCode = results.every(Boolean) ? 0 : 1;
}

void main();
