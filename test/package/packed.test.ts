import { ChildProcess, spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { initAndApply, tempDir, TerraformRun, terraformEnv, terraformOrSkip } from "../e2e/terraform";

/**
 * The package as npm publishes it, installed into fresh apps beside the
 * versions of cdktf / CDK Terrain and constructs a user would pick: nothing
 * from this repository's node_modules is reachable from those apps, except
 * the TypeScript compiler and @types/node the test lends to the type check.
 */
const REPO = path.resolve(__dirname, "..", "..");
const TSC = path.join(REPO, "node_modules", "typescript", "bin", "tsc");
const INSTALL = ["install", "--prefer-offline", "--no-audit", "--no-fund"];
const STEP_MS = 60_000;

const suite = terraformOrSkip();

suite("the packed package, installed where users put it", () => {
  let packDir = "";
  let tarball = "";

  beforeAll(() => {
    packDir = tempDir("pack");
    tarball = pack(packDir);
  }, STEP_MS);
  afterAll(() => packDir && fs.rmSync(packDir, { recursive: true, force: true }));

  it("carries the handler bundle, and no bench, tests or example app", () => {
    const entries = succeed("tar", ["-tzf", tarball], REPO).stdout.split("\n");
    expect(entries).toContain("package/lib/handler.cjs");
    expect(entries.filter((entry) => /^package\/lib\/(bench|test)\/|^package\/lib\/main\.js$/.test(entry))).toEqual([]);
  });

  describe("in a TypeScript cdktf app", () => {
    const databases = ["--database", "12=7.2", "--cloud-database", "1234/5678=7.4", "--cloud-database", "77/88=7.4:essentials"];
    const app = installedApp(() => tarball, ["cdktf@0.21.0", "constructs@10.7.2"], databases);
    const plan = (...flags: string[]) =>
      run("npx", ["--no-install", "redis-version", "plan", "--stack", "redis-versions", "--format", "json", ...flags], app.dir, app.env());

    it("type-checks and compiles main.ts under --strict against the packed declarations", () => {
      writeTypeScriptApp(app.dir);
      succeed(process.execPath, [TSC, "-p", "tsconfig.json"], app.dir);
      expect(fs.existsSync(path.join(app.dir, "main.js"))).toBe(true);
    }, STEP_MS);

    it("synthesizes both stacks with node main.js", () => {
      succeed(process.execPath, ["main.js"], app.dir, app.synthEnv());
      for (const stack of ["redis-versions", "active-active"]) {
        expect(fs.existsSync(path.join(app.dir, "cdktf.out", "stacks", stack, "cdk.tf.json"))).toBe(true);
      }
    }, STEP_MS);

    it("plans an upgrade of every pin: --detailed-exitcode exits 2", () => {
      const before = plan("--detailed-exitcode");
      expectExit(before, 2);
      expect(planned(before, "action")).toEqual({
        "redis-versions/orders": "upgrade",
        "redis-versions/sessions": "upgrade",
        "redis-versions/cache": "upgrade",
      });
    }, STEP_MS);

    it("terraform apply upgrades the Software and both Cloud databases", async () => {
      const applied = await initAndApply(app.stackDir("redis-versions"), terraformEnv(app.simulator().env));
      expectExit(applied, 0);
      expect(applied.output).toMatch(/: upgraded 7\.2(\.\d+)? → 7\.4/);
      expect(applied.output.match(/: upgraded 7\.4 → 8\.2/g)).toHaveLength(2);
    }, STEP_MS);

    it("then plans nothing, reading every database live at its pin: exit 0", () => {
      const after = plan("--detailed-exitcode");
      expectExit(after, 0);
      expect(planned(after, "action")).toEqual({
        "redis-versions/orders": "noop",
        "redis-versions/sessions": "noop",
        "redis-versions/cache": "noop",
      });
      expect(planned(after, "current")).toEqual({
        "redis-versions/orders": expect.stringMatching(/^7\.4(\.\d+)?$/),
        "redis-versions/sessions": "8.2",
        "redis-versions/cache": "8.2",
      });
    }, STEP_MS);

    it("npm ls --all finds no missing or invalid dependency", () => {
      succeed("npm", ["ls", "--all"], app.dir, app.env());
    }, STEP_MS);

    it("refuses a null_resource pin at synth, naming the optional package it needs", () => {
      const script =
        'const { Testing } = require("cdktf"); const { RedisSoftwareDatabaseVersion } = require("cdktf-redis-version");' +
        'Testing.synthScope((s) => new RedisSoftwareDatabaseVersion(s, "n", { cluster: { url: "https://c.example.com:9443" }, databaseUid: 1, redisVersion: "7.4", resource: "null_resource" }));';
      const ran = run("node", ["-e", script], app.dir, app.env());
      expect(ran.code).not.toBe(0);
      expect(ran.output).toMatch(/resource: "null_resource" needs the package @cdktf\/provider-null: run `npm install @cdktf\/provider-null@\^11`/);
    }, STEP_MS);
  });

  describe("in a JavaScript CDK Terrain app, without cdktf", () => {
    const app = installedApp(() => tarball, ["cdktn@0.24.0", "constructs@10.7.2"], ["--database", "13=7.2"]);

    it("npm ls --all finds no missing or invalid dependency, and cdktf is not installed", () => {
      succeed("npm", ["ls", "--all"], app.dir, app.env());
      expect(fs.existsSync(path.join(app.dir, "node_modules", "cdktf"))).toBe(false);
    }, STEP_MS);

    it("synthesizes with cdktf-redis-version/cdktn, and terraform apply upgrades the database", async () => {
      fs.writeFileSync(path.join(app.dir, "main.js"), TERRAIN_MAIN_JS);
      succeed(process.execPath, ["main.js"], app.dir, app.synthEnv());
      const applied = await initAndApply(app.stackDir("terrain"), terraformEnv(app.simulator().env));
      expectExit(applied, 0);
      expect(applied.output).toMatch(/: upgraded 7\.2(\.\d+)? → 7\.4/);
    }, STEP_MS);
  });
});

interface InstalledApp {
  readonly dir: string;
  simulator(): Simulator;
  /** Our environment plus the simulator's variables, as a user who ran its `export` lines has. */
  env(): NodeJS.ProcessEnv;
  /** What synth needs: the cluster's address and CA, which are written into the stack. */
  synthEnv(): NodeJS.ProcessEnv;
  stackDir(stack: string): string;
}

/**
 * A fresh app with the tarball and `dependencies` installed, and the
 * simulator served from that install's own `redis-version` bin.
 */
function installedApp(tarball: () => string, dependencies: readonly string[], simulatorArgs: readonly string[]): InstalledApp {
  let dir = "";
  let sim: Simulator | undefined;
  const simulator = () => sim ?? missing("the simulator did not start");
  beforeAll(async () => {
    dir = tempDir("app");
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "app", version: "1.0.0", private: true }, null, 2));
    succeed("npm", [...INSTALL, tarball(), ...dependencies], dir, appEnv());
    sim = await startSimulator(path.join(dir, "node_modules", ".bin", "redis-version"), simulatorArgs, dir);
  }, STEP_MS);
  afterAll(async () => {
    try {
      if (sim) await stopSimulator(sim);
    } finally {
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    }
  });
  return {
    get dir() {
      return dir;
    },
    simulator,
    env: () => appEnv(simulator().env),
    synthEnv: () => {
      const { url, env } = simulator();
      return appEnv({ REDIS_SOFTWARE_URL: url, REDIS_SOFTWARE_CA_CERT: env.REDIS_SOFTWARE_CA_CERT });
    },
    stackDir: (stack) => path.join(dir, "cdktf.out", "stacks", stack),
  };
}

function pack(destination: string): string {
  succeed("npm", ["pack", "--ignore-scripts", "--pack-destination", destination], REPO, appEnv());
  const [file, ...others] = fs.readdirSync(destination).filter((name) => name.endsWith(".tgz"));
  if (!file || others.length) throw new Error(`npm pack left ${[file, ...others].join(", ") || "nothing"} in ${destination}`);
  return path.join(destination, file);
}

function writeTypeScriptApp(dir: string): void {
  fs.writeFileSync(path.join(dir, "main.ts"), CDKTF_MAIN_TS);
  const compilerOptions = {
    strict: true,
    module: "commonjs",
    target: "ES2022",
    lib: ["ES2022"],
    skipLibCheck: true,
    noEmitOnError: true,
    // The app installs no TypeScript of its own: the compiler and Node's types are the repository's.
    typeRoots: [path.join(REPO, "node_modules", "@types")],
    types: ["node"],
  };
  fs.writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions, files: ["main.ts"] }, null, 2));
}

const CDKTF_MAIN_TS = `import { App, LocalBackend, TerraformStack } from "cdktf";
import {
  RedisCloudDatabaseVersion,
  RedisSoftwareActiveActiveVersion,
  RedisSoftwareDatabaseVersion,
} from "cdktf-redis-version";

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(name + " is not set");
  return value;
}

const app = new App();
const cluster = { url: required("REDIS_SOFTWARE_URL"), caCertFile: required("REDIS_SOFTWARE_CA_CERT") };

const applied = new TerraformStack(app, "redis-versions");
new LocalBackend(applied, { path: "terraform.tfstate" });
new RedisSoftwareDatabaseVersion(applied, "orders", { cluster, databaseUid: 12, redisVersion: "7.4", upgrade: { preserveRoles: true } });
new RedisCloudDatabaseVersion(applied, "sessions", { subscriptionId: 1234, databaseId: 5678, redisVersion: "8.2", allowMajorVersionUpgrade: true });
new RedisCloudDatabaseVersion(applied, "cache", { subscriptionId: 77, databaseId: 88, plan: "essentials", redisVersion: "8.2", allowMajorVersionUpgrade: true });

// The simulate command seeds no Active-Active database: this stack is only synthesized.
const synthesizedOnly = new TerraformStack(app, "active-active");
new LocalBackend(synthesizedOnly, { path: "terraform.tfstate" });
new RedisSoftwareActiveActiveVersion(synthesizedOnly, "carts", {
  cluster,
  crdbGuid: "1b8e6b4f-6c2a-4d7e-9f10-2a3b4c5d6e7f",
  redisVersion: "8.2",
  upgrade: { preserveRoles: true },
});

// Proves the imports are typed by the packed declarations rather than any.
export function neverCalled(): void {
  // @ts-expect-error redisVersion is text
  new RedisSoftwareDatabaseVersion(applied, "typo", { cluster, databaseUid: 1, redisVersion: 7.4 });
}

app.synth();
`;

const TERRAIN_MAIN_JS = `const { App, TerraformStack, LocalBackend } = require("cdktn");
const { RedisSoftwareDatabaseVersion } = require("cdktf-redis-version/cdktn");

const app = new App();
const stack = new TerraformStack(app, "terrain");
new LocalBackend(stack, { path: "terraform.tfstate" });
new RedisSoftwareDatabaseVersion(stack, "orders", {
  cluster: { url: process.env.REDIS_SOFTWARE_URL, caCertFile: process.env.REDIS_SOFTWARE_CA_CERT },
  databaseUid: 13,
  redisVersion: "7.4",
});
app.synth();
`;

interface PlanPin {
  readonly address: string;
  readonly action: string;
  readonly current: string | null;
}

/** One field of every pin in `redis-version plan --format json`, by construct path. */
function planned(ran: Ran, field: "action" | "current"): Record<string, string | null> {
  let pins: PlanPin[];
  try {
    pins = (JSON.parse(ran.stdout) as { pins: PlanPin[] }).pins;
  } catch (error) {
    throw new Error(`the plan printed no JSON (${(error as Error).message}):\n${ran.output}`);
  }
  return Object.fromEntries(pins.map((pin) => [pin.address, pin[field]]));
}

interface Simulator {
  readonly child: ChildProcess;
  readonly url: string;
  /** The variables its `export` lines give: credentials, the Cloud API address, the CA file. */
  readonly env: Record<string, string>;
}

const READY = "Press Ctrl-C to stop.";

/** Runs `redis-version simulate` until it has printed its address and variables; it stops by itself after 5 minutes. */
function startSimulator(bin: string, args: readonly string[], cwd: string): Promise<Simulator> {
  const child = spawn(bin, ["simulate", ...args, "--lifetime-minutes", "5"], { cwd, env: appEnv(), stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  return new Promise((resolve, reject) => {
    const giveUp = (why: string) => {
      clearTimeout(timer);
      child.kill("SIGKILL");
      reject(new Error(`${bin} simulate ${why}:\n${output}`));
    };
    const timer = setTimeout(() => giveUp("did not print its variables within 20 s"), 20_000);
    const exited = (code: number | null, signal: string | null) => giveUp(`exited (${code ?? signal})`);
    child.on("exit", exited);
    child.stderr.on("data", (chunk) => (output += chunk));
    child.stdout.on("data", (chunk) => {
      output += chunk;
      if (!output.includes(READY)) return;
      clearTimeout(timer);
      child.off("exit", exited);
      try {
        resolve({ child, ...parseSimulatorOutput(output) });
      } catch (error) {
        giveUp((error as Error).message);
      }
    });
  });
}

function parseSimulatorOutput(output: string): { url: string; env: Record<string, string> } {
  const url = /simulator at (https:\/\/\S+),/.exec(output)?.[1];
  if (!url) throw new Error("printed no https address");
  const env = Object.fromEntries([...output.matchAll(/^export (\w+)=(.*)$/gm)].map((match) => [match[1], match[2]]));
  return { url, env };
}

/** Stops it by SIGTERM, as Ctrl-C would, and fails unless it exits promptly; its CA directory goes with it. */
async function stopSimulator(sim: Simulator): Promise<void> {
  const caDir = path.dirname(sim.env.REDIS_SOFTWARE_CA_CERT ?? "");
  try {
    if (sim.child.exitCode === null && sim.child.signalCode === null) await terminate(sim.child, 5_000);
  } finally {
    if (path.basename(caDir).startsWith("redis-version-sim-")) fs.rmSync(caDir, { recursive: true, force: true });
  }
}

function terminate(child: ChildProcess, withinMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`the simulator (pid ${child.pid}) was still running ${withinMs} ms after SIGTERM`));
    }, withinMs);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

/** Our environment, so npm finds its registry and cache settings, with `extra` on top. */
function appEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  return { ...process.env, CHECKPOINT_DISABLE: "1", ...extra };
}

/** A finished command; `output` (stdout, then stderr) starts with the command line, for failure messages. */
interface Ran extends TerraformRun {
  readonly stdout: string;
}

function run(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = appEnv()): Ran {
  const result = spawnSync(command, args, { cwd, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  const stdout = result.stdout ?? "";
  const output = `${stdout}${result.stderr ?? ""}${result.error ? `\n${result.error.message}` : ""}`;
  return { code: result.status, stdout, output: `$ ${[command, ...args].join(" ")}  (in ${cwd})\n${output}` };
}

function succeed(command: string, args: readonly string[], cwd: string, env?: NodeJS.ProcessEnv): Ran {
  const ran = run(command, args, cwd, env);
  expectExit(ran, 0);
  return ran;
}

/** Fails with the command's whole output, so a red CI log explains itself. */
function expectExit(ran: TerraformRun, code: number): void {
  if (ran.code !== code) throw new Error(`expected exit status ${code}, got ${ran.code}:\n${ran.output}`);
}

function missing(why: string): never {
  throw new Error(why);
}
