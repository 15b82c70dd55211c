import { spawn } from "node:child_process";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { consoleLogger } from "../core/log";
import { describeWindow } from "../engine";
import { Spec } from "../spec";
import { compareVersions, parseVersion, RedisVersion } from "../versions";
import { POLL_INTERVAL_ENV } from "./apply";
import { seedBelow } from "../kinds";
import { planFound } from "./plan";
import { renderPlan } from "./plan-render";
import { SimulatorEnvironment, startSimulators } from "./simulate";
import { interruptedExitCode, onInterrupt } from "./interrupt";
import { scratchDir } from "./scratch-dir";
import { FoundPin, readPins } from "./stacks";

const HELP = `usage: redis-version demo [--app COMMAND]

Rehearses the whole flow with no account and no network beyond 127.0.0.1:
starts the simulators, synthesizes the app (default: "node lib/main.js"),
seeds every pinned database one version below its pin, prints the plan,
runs terraform apply, and prints the plan again with everything converged.`;

export async function demo(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, strict: true, options: { app: { type: "string" }, help: { type: "boolean", short: "h" } } });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const interrupt = onInterrupt();
  const sims = await startSimulators({ tls: true, lifetimeMs: 15 * 60_000 });
  const scratch = scratchDir("redis-version-demo-");
  const { signal } = interrupt;
  try {
    const env = { ...process.env, ...sims.env, CHECKPOINT_DISABLE: "1", [POLL_INTERVAL_ENV]: "250" };
    const outdir = path.join(scratch.path, "cdktf.out");
    say(`1/5 simulators listening at ${sims.server.url} (TLS, self-signed CA)`);
    await run(["/bin/sh", "-c", values.app ?? "node lib/main.js"], { cwd: process.cwd(), env: { ...env, CDKTF_OUTDIR: outdir }, signal });
    const pins = readPins(outdir);
    say(`2/5 synthesized ${pins.length} pins into ${outdir}; seeding each database one version below its pin`);
    for (const pin of pins) process.stdout.write(`    ${pin.spec.address}: ${seedBelowPin(sims, pin)}\n`);
    process.stdout.write("    safety rails the pins set:\n");
    for (const pin of pins) for (const rail of railsOf(pin.spec)) process.stdout.write(`      ${pin.spec.address}: ${rail}\n`);
    say("3/5 the plan a pull request would show (redis-version plan):");
    const before = await printPlan(pins, env);
    for (const stackDir of new Set(pins.map((pin) => pin.stackDir))) {
      signal.throwIfAborted();
      say(`4/5 terraform apply in ${stackDir}`);
      await run(["terraform", "init", "-input=false", "-no-color"], { cwd: stackDir, env, signal, quiet: true });
      await run(["terraform", "apply", "-auto-approve", "-input=false", "-no-color"], { cwd: stackDir, env, signal });
    }
    process.stdout.write("\n    upgrade requests, in the order the control planes received them:\n");
    for (const request of upgradeRequests(sims)) process.stdout.write(`      ${request}\n`);
    say("5/5 the plan again, read live after the apply:");
    const after = await printPlan(pins, env);
    signal.throwIfAborted();
    const converged = after.every((row) => row.action === "noop");
    say(
      converged
        ? `converged: ${before.filter((row) => row.action === "upgrade").length} upgrades applied, every database at its pin`
        : "NOT converged: see the plan above",
    );
    return converged ? 0 : 1;
  } catch (error) {
    if (!signal.aborted) throw error;
    say(`interrupted (${String(signal.reason)}): stopping the simulators and removing ${scratch.path}`);
    return interruptedExitCode(signal);
  } finally {
    interrupt.dispose();
    await sims.close();
    scratch.remove();
  }
}

/** What a reviewer should see each pin ask for beyond its version: consent, backup, order, windows. */
function railsOf(spec: Spec): string[] {
  return [
    ...(spec.allowMajorVersionUpgrade ? ["allowMajorVersionUpgrade: consents to a major upgrade"] : []),
    ...(spec.backupBeforeUpgrade ? ["backupBeforeUpgrade: backed up, and the backup finished, before its upgrade request"] : []),
    ...(spec.upgradeAfter ?? []).map((listed) => `upgradeAfter: upgraded only once ${listed.address} has reached ${listed.redisVersion}`),
    ...(spec.maintenanceWindows ?? []).map((window) => `maintenanceWindows: may start ${describeWindow(window)}`),
  ];
}

/** "POST /v1/bdbs/13/upgrade {"redis_version":"7.4"}": the order the apply actually kept. */
function upgradeRequests(sims: SimulatorEnvironment): string[] {
  return sims.server.requests
    .filter((request) => request.method === "POST" && request.path.endsWith("/upgrade"))
    .map((request) => `POST ${request.path} ${JSON.stringify(request.body)}`);
}

function say(line: string): void {
  process.stdout.write(`\n==> ${line}\n`);
}

async function printPlan(pins: readonly FoundPin[], env: NodeJS.ProcessEnv) {
  const rows = await planFound(pins, { env, log: consoleLogger });
  process.stdout.write(`${renderPlan(rows, "table")}\n`);
  return rows;
}

/** Seeds the pin's database on the newest version below the pin, so the apply has work to do. */
function seedBelowPin(sims: SimulatorEnvironment, pin: FoundPin): string {
  const pinned = parseVersion(pin.spec.redisVersion);
  return seedBelow(sims, pin.spec, (offered) => newestBelow(offered, pinned));
}

function newestBelow(offered: readonly string[], pinned: RedisVersion): RedisVersion {
  const below = offered.map(parseVersion).filter((version) => compareVersions(version, pinned) < 0);
  if (below.length === 0) throw new Error(`the simulator offers no version below ${pinned.text} to start from`);
  return below.sort(compareVersions)[below.length - 1];
}

/**
 * Runs a child in a process group of its own, so a Ctrl-C reaches it only
 * through us: on interrupt the whole group (a shell and what it started, or
 * terraform and its handlers) gets SIGTERM, and we wait for the child to exit
 * before the files it writes are removed.
 */
function run(command: readonly string[], options: { cwd: string; env: NodeJS.ProcessEnv; signal: AbortSignal; quiet?: boolean }): Promise<void> {
  const [file, ...args] = command;
  const { cwd, env, signal, quiet } = options;
  signal.throwIfAborted();
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { cwd, env, detached: true, stdio: ["inherit", quiet ? "ignore" : "inherit", "inherit"] });
    const stop = () => signalGroup(child.pid);
    signal.addEventListener("abort", stop, { once: true });
    child.on("error", reject);
    child.on("close", (code) => {
      signal.removeEventListener("abort", stop);
      if (signal.aborted) reject(signal.reason);
      else if (code === 0) resolve();
      else reject(new Error(`"${command.join(" ")}" exited with ${code} in ${cwd}`));
    });
  });
}

function signalGroup(pid: number | undefined): void {
  try {
    if (pid !== undefined) process.kill(-pid, "SIGTERM");
  } catch {
    // The group has already gone: nothing left to stop.
  }
}
