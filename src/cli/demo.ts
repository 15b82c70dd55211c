import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { compareVersions, parseVersion, RedisVersion } from "../versions";
import { POLL_INTERVAL_ENV } from "./apply";
import { startSimulators, SimulatorEnvironment } from "./simulate";
import { FoundPin, readPins } from "./stacks";

const HELP = `usage: redis-version demo [--app COMMAND]

Rehearses the whole flow with no account and no network beyond 127.0.0.1:
starts the simulator, synthesizes the app (default: "node lib/main.js"),
seeds every pinned database one version below its pin, runs terraform apply,
and shows every database converged.`;

export async function demo(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, strict: true, options: { app: { type: "string" }, help: { type: "boolean", short: "h" } } });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const sims = await startSimulators({ tls: true, lifetimeMs: 15 * 60_000 });
  try {
    const outdir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "redis-version-demo-")), "cdktf.out");
    say(`1/4 simulator listening at ${sims.server.url} (TLS, self-signed CA)`);
    await sh(values.app ?? "node lib/main.js", process.cwd(), { ...process.env, CDKTF_OUTDIR: outdir, REDIS_SOFTWARE_URL: sims.server.url });
    const pins = readPins(outdir);
    say(`2/4 synthesized ${pins.length} pin(s) into ${outdir}`);
    seedBelowPins(sims, pins);
    const env = { ...process.env, ...sims.env, CHECKPOINT_DISABLE: "1", [POLL_INTERVAL_ENV]: "300" };
    for (const stackDir of new Set(pins.map((pin) => pin.stackDir))) {
      say(`3/4 terraform apply in ${stackDir}`);
      await sh("terraform init -input=false -no-color >/dev/null && terraform apply -auto-approve -input=false -no-color", stackDir, env);
    }
    say("4/4 versions now:");
    for (const pin of pins) say(`  ${pin.spec.address}: pinned ${pin.spec.redisVersion}, running ${runningVersion(sims, pin)}`);
    return 0;
  } finally {
    await sims.server.close();
  }
}

function say(line: string): void {
  process.stdout.write(`\n==> ${line}\n`);
}

/** Every pinned database starts on the newest supported version below its pin, so the apply has work to do. */
function seedBelowPins(sims: SimulatorEnvironment, pins: readonly FoundPin[]): void {
  for (const pin of pins) {
    if (pin.spec.kind !== "redis-software-database") continue;
    const start = previousVersion(sims.software.supportedVersions(), parseVersion(pin.spec.redisVersion));
    sims.software.addDatabase({ uid: pin.spec.databaseUid, version: start.text });
    say(`seeded ${pin.spec.address}: database ${pin.spec.databaseUid} on ${start.text}`);
  }
}

function previousVersion(supported: readonly string[], pin: RedisVersion): RedisVersion {
  const below = supported.map(parseVersion).filter((version) => compareVersions(version, pin) < 0);
  if (below.length === 0) throw new Error(`the simulator offers no version below ${pin.text} to start from`);
  return below.sort(compareVersions)[below.length - 1];
}

function runningVersion(sims: SimulatorEnvironment, pin: FoundPin): string {
  return pin.spec.kind === "redis-software-database" ? sims.software.database(pin.spec.databaseUid).version : "?";
}

function sh(command: string, cwd: string, env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, { cwd, env, shell: true, stdio: "inherit" });
    child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`"${command}" exited with ${code} in ${cwd}`))));
  });
}
