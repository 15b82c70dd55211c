import { spawn } from "node:child_process";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { consoleLogger } from "../core/log";
import { describeWindow, PlanRow } from "../engine";
import { Spec } from "../spec";
import { compareVersions, parseVersion, RedisVersion } from "../versions";
import { POLL_INTERVAL_ENV } from "./apply";
import { seedBelow } from "../kinds";
import { planFound } from "./plan";
import { renderPlan } from "./plan/render";
import { SimulatorEnvironment, startSimulators } from "./simulate";
import { interruptedExitCode, onInterrupt } from "./interrupt";
import { scratchDir } from "./scratch-dir";
import { FoundPin, readPins } from "./stacks";

const HELP = `usage: redis-version demo [--app COMMAND]

Rehearses the whole flow with no account and no network beyond 127.0.0.1:
starts the simulators, synthesizes the app (default: "node lib/main.js"),
seeds every pinned database one version below its pin, prints the plan,
runs terraform apply stack by stack (a stack whose pins wait on another's
after it), lets the soak time of deferred pins pass in the simulators and
applies them again, and prints the plan again with everything converged.`;

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
    say(`1/6 simulators listening at ${sims.server.url} (TLS, self-signed CA)`);
    await mustRun(["/bin/sh", "-c", values.app ?? "node lib/main.js"], { cwd: process.cwd(), env: { ...env, CDKTF_OUTDIR: outdir }, signal });
    const pins = readPins(outdir);
    say(`2/6 synthesized ${pins.length} pins into ${outdir}; seeding each database one version below its pin`);
    for (const pin of pins) process.stdout.write(`    ${pin.spec.address}: ${seedBelowPin(sims, pin)}\n`);
    process.stdout.write("    safety rails the pins set:\n");
    for (const pin of pins) for (const rail of railsOf(pin.spec)) process.stdout.write(`      ${pin.spec.address}: ${rail}\n`);
    say("3/6 the plan a pull request would show (redis-version plan):");
    await printPlan(pins, env);
    const deferred: string[] = [];
    for (const stackDir of stacksInOrder(pins)) {
      signal.throwIfAborted();
      say(`4/6 terraform apply in ${stackDir}`);
      if (!(await applyStack(stackDir, pins, env, signal))) deferred.push(stackDir);
    }
    if (deferred.length) await letSoakPass(sims, pins.filter((pin) => deferred.includes(pin.stackDir)), env, signal);
    process.stdout.write("\n    upgrade requests, in the order the control planes received them:\n");
    for (const request of upgradeRequests(sims)) process.stdout.write(`      ${request}\n`);
    say("6/6 the plan again, read live after the applies:");
    const after = await printPlan(pins, env);
    signal.throwIfAborted();
    const converged = after.every((row) => row.action === "noop");
    say(
      converged
        ? `converged: ${upgradeRequests(sims).length} upgrades applied, every database at its pin`
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
    ...(spec.upgradeAfter ?? []).map(
      (listed) =>
        `upgradeAfter: upgraded only once ${listed.address} has reached ${listed.redisVersion}` +
        (listed.soakHours ? ` and run it for ${listed.soakHours}h (soakHours, from its control plane's record of its last change)` : ""),
    ),
    ...(spec.maintenanceWindows ?? []).map((window) => `maintenanceWindows: may start ${describeWindow(window)}`),
  ];
}

/** Initialises and applies one stack; false when the apply failed. */
async function terraformApply(stackDir: string, env: NodeJS.ProcessEnv, signal: AbortSignal): Promise<boolean> {
  await mustRun(["terraform", "init", "-input=false", "-no-color"], { cwd: stackDir, env, signal, quiet: true });
  return (await run(["terraform", "apply", "-auto-approve", "-input=false", "-no-color"], { cwd: stackDir, env, signal })) === 0;
}

/**
 * Applies one stack; false when it failed only because its pins wait for
 * others (upgradeAfter, soakHours), as its plan rows say: the demo lets that
 * time pass. Any other failure stops the demo.
 */
async function applyStack(stackDir: string, pins: readonly FoundPin[], env: NodeJS.ProcessEnv, signal: AbortSignal): Promise<boolean> {
  if (await terraformApply(stackDir, env, signal)) return true;
  const rows = await planFound(pins.filter((pin) => pin.stackDir === stackDir), { env, log: consoleLogger });
  const waiting = rows.filter((row) => row.action === "deferred");
  if (waiting.length === 0 || rows.some((row) => row.action !== "deferred" && row.action !== "noop")) throw new Error(`terraform apply failed in ${stackDir}`);
  say("deferred, as the plan says, and nothing was sent:");
  for (const row of waiting) for (const line of waitLines(row)) process.stdout.write(`    ${row.address}: ${line}\n`);
  return false;
}

/** "waits for staging/orders: soaked 0h of 48h, complete at 2026-12-08T17:13:22.000Z". */
function waitLines(row: PlanRow): string[] {
  if (row.action !== "deferred") return [];
  return row.waitingOn.map(
    (waiting) =>
      `waits for ${waiting.address}: ` +
      (waiting.state === "soaking" ? `soaked ${waiting.soakedHours}h of ${waiting.soakHours}h, complete at ${waiting.soakCompletesAt}` : `${waiting.state}, at ${waiting.current}`),
  );
}

/** The soak passes in the simulators (POST /__sim/age does the same), then the deferred stacks are applied again. */
async function letSoakPass(sims: SimulatorEnvironment, waiting: readonly FoundPin[], env: NodeJS.ProcessEnv, signal: AbortSignal): Promise<void> {
  const hours = Math.max(...waiting.flatMap((pin) => (pin.spec.upgradeAfter ?? []).map((listed) => listed.soakHours ?? 0)));
  say(`5/6 ${hours} hours pass: the simulators move every database's record of its last change ${hours} hours back`);
  // A minute more: a last change recorded to the second counts from the end of that second.
  for (const simulator of [sims.software, sims.cloud]) simulator.age(hours + 1 / 60);
  for (const stackDir of new Set(waiting.map((pin) => pin.stackDir))) {
    say(`5/6 terraform apply in ${stackDir} again, the soak now complete`);
    if (!(await terraformApply(stackDir, env, signal))) throw new Error(`terraform apply failed again in ${stackDir}`);
  }
}

/** Stacks in the order their pins wait on each other: a stack whose pins list another stack's pins comes after it. */
function stacksInOrder(pins: readonly FoundPin[]): string[] {
  const stackOf = new Map(pins.map((pin) => [pin.spec.address, pin.stackDir]));
  const waitsOn = (stackDir: string) =>
    pins.filter((pin) => pin.stackDir === stackDir).flatMap((pin) => (pin.spec.upgradeAfter ?? []).map((listed) => stackOf.get(listed.address) ?? stackDir));
  const ordered: string[] = [];
  const remaining = [...new Set(pins.map((pin) => pin.stackDir))];
  while (remaining.length) {
    // A stack waiting on one not yet applied goes later; stacks waiting on each other keep their order.
    const ready = remaining.findIndex((stackDir) => waitsOn(stackDir).every((other) => other === stackDir || ordered.includes(other)));
    ordered.push(...remaining.splice(Math.max(ready, 0), 1));
  }
  return ordered;
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
 * before the files it writes are removed. Resolves with its exit code.
 */
function run(command: readonly string[], options: RunOptions): Promise<number | null> {
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
      else resolve(code);
    });
  });
}

interface RunOptions {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly signal: AbortSignal;
  readonly quiet?: boolean;
}

async function mustRun(command: readonly string[], options: RunOptions): Promise<void> {
  const code = await run(command, options);
  if (code !== 0) throw new Error(`"${command.join(" ")}" exited with ${code} in ${options.cwd}`);
}

function signalGroup(pid: number | undefined): void {
  try {
    if (pid !== undefined) process.kill(-pid, "SIGTERM");
  } catch {
    // The group has already gone: nothing left to stop.
  }
}
