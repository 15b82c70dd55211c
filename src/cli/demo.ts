import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { consoleLogger } from "../core/log";
import { describeWindow, PlanRow } from "../engine";
import { Spec } from "../spec";
import { compareVersions, parseVersion, RedisVersion } from "../versions";
import { POLL_INTERVAL_ENV } from "./apply";
import { seedBelow } from "../kinds";
import { planFound } from "./plan";
import { renderPlan } from "./plan-render";
import { SimulatorEnvironment, startSimulators } from "./simulate";
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
  const sims = await startSimulators({ tls: true, lifetimeMs: 15 * 60_000 });
  try {
    const env = { ...process.env, ...sims.env, CHECKPOINT_DISABLE: "1", [POLL_INTERVAL_ENV]: "250" };
    const outdir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "redis-version-demo-")), "cdktf.out");
    say(`1/6 simulators listening at ${sims.server.url} (TLS, self-signed CA)`);
    await sh(values.app ?? "node lib/main.js", process.cwd(), { ...env, CDKTF_OUTDIR: outdir, REDIS_SOFTWARE_URL: sims.server.url });
    const pins = readPins(outdir);
    say(`2/6 synthesized ${pins.length} pins into ${outdir}; seeding each database one version below its pin`);
    for (const pin of pins) process.stdout.write(`    ${pin.spec.address}: ${seedBelowPin(sims, pin)}\n`);
    process.stdout.write("    safety rails the pins set:\n");
    for (const pin of pins) for (const rail of railsOf(pin.spec)) process.stdout.write(`      ${pin.spec.address}: ${rail}\n`);
    say("3/6 the plan a pull request would show (redis-version plan):");
    await printPlan(pins, env);
    const deferred: string[] = [];
    for (const stackDir of stacksInOrder(pins)) {
      say(`4/6 terraform apply in ${stackDir}`);
      if (!(await applyStack(stackDir, pins, env))) deferred.push(stackDir);
    }
    if (deferred.length) await letSoakPass(sims, pins.filter((pin) => deferred.includes(pin.stackDir)), env);
    process.stdout.write("\n    upgrade requests, in the order the control planes received them:\n");
    for (const request of upgradeRequests(sims)) process.stdout.write(`      ${request}\n`);
    say("6/6 the plan again, read live after the applies:");
    const after = await printPlan(pins, env);
    const converged = after.every((row) => row.action === "noop");
    say(
      converged
        ? `converged: ${upgradeRequests(sims).length} upgrades applied, every database at its pin`
        : "NOT converged: see the plan above",
    );
    return converged ? 0 : 1;
  } finally {
    await sims.server.close();
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

const TERRAFORM_APPLY = "terraform init -input=false -no-color >/dev/null && terraform apply -auto-approve -input=false -no-color";

/**
 * Applies one stack; false when it failed only because its pins wait for
 * others (upgradeAfter, soakHours), as its plan rows say: the demo lets that
 * time pass. Any other failure stops the demo.
 */
async function applyStack(stackDir: string, pins: readonly FoundPin[], env: NodeJS.ProcessEnv): Promise<boolean> {
  if ((await run(TERRAFORM_APPLY, stackDir, env)) === 0) return true;
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
async function letSoakPass(sims: SimulatorEnvironment, waiting: readonly FoundPin[], env: NodeJS.ProcessEnv): Promise<void> {
  const hours = Math.max(...waiting.flatMap((pin) => (pin.spec.upgradeAfter ?? []).map((listed) => listed.soakHours ?? 0)));
  say(`5/6 ${hours} hours pass: the simulators move every database's record of its last change ${hours} hours back`);
  sims.software.age(hours);
  sims.cloud.age(hours);
  for (const stackDir of new Set(waiting.map((pin) => pin.stackDir))) {
    say(`5/6 terraform apply in ${stackDir} again, the soak now complete`);
    await sh(TERRAFORM_APPLY, stackDir, env);
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

async function sh(command: string, cwd: string, env: NodeJS.ProcessEnv): Promise<void> {
  const code = await run(command, cwd, env);
  if (code !== 0) throw new Error(`"${command}" exited with ${code} in ${cwd}`);
}

function run(command: string, cwd: string, env: NodeJS.ProcessEnv): Promise<number | null> {
  return new Promise((resolve) => spawn(command, { cwd, env, shell: true, stdio: "inherit" }).on("close", resolve));
}
