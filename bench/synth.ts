import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { App, DataResource, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { RedisSoftwareDatabaseVersion } from "../src/constructs";
import { SPEC_ENV } from "../src/spec";
import { Line, median, runCommand } from "./measure";

const PINS = 1000;
const WARMUP = 3;
const ROUNDS = 15;
const TARGET = 1.3;

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

/** Rounds alternate the three builds, so a slow spell of the machine weighs on all of them. */
function synthTimes(): Record<"pins" | "bare" | "provisioner", number> {
  const samples = { pins: [] as number[], bare: [] as number[], provisioner: [] as number[] };
  for (let round = 0; round < WARMUP + ROUNDS; round++) {
    const times = { bare: synthesize(bare), pins: synthesize(pin), provisioner: synthesize(withProvisioner) };
    if (round < WARMUP) continue;
    for (const key of ["pins", "bare", "provisioner"] as const) samples[key].push(times[key]);
  }
  return { pins: median(samples.pins), bare: median(samples.bare), provisioner: median(samples.provisioner) };
}

export async function benchSynth(): Promise<Line[]> {
  const times = synthTimes();
  const nodeStart: number[] = [];
  for (let round = 0; round < ROUNDS; round++) nodeStart.push((await runCommand(process.execPath, ["-e", "0"], { env: process.env, cwd: os.tmpdir() })).ms);
  const ratio = times.pins / times.provisioner;
  return [
    {
      name: `synth ${PINS} pins vs ${PINS} terraform_data with only a local-exec`,
      figures: `ratio ${ratio.toFixed(2)} (median ${times.pins.toFixed(0)} ms vs ${times.provisioner.toFixed(0)} ms)`,
      target: `≤ ${TARGET}×`,
      met: ratio <= TARGET,
    },
    {
      name: `  synth ${PINS} bare terraform_data`,
      figures: `median ${times.bare.toFixed(0)} ms (pins ${(times.pins / times.bare).toFixed(2)}× of it)`,
      target: "none",
    },
    { name: "  node -e 0", figures: `median ${median(nodeStart).toFixed(0)} ms`, target: "none" },
  ];
}
