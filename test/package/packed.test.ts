import * as fs from "node:fs";
import * as path from "node:path";
import { initAndApply, terraformEnv, terraformOrSkip } from "../support/terraform";
import { appEnv, expectExit, freshApp, packedTarball, Ran, REPO, run, succeed, TSC, writeStrictTsconfig } from "../support/packed";
import { SimulateProcess, startSimulate } from "../support/simulate-process";

/**
 * Each step's limit. Loose on purpose: on a loaded 2-core machine one `npm install` of an app
 * took 30 s and more; a step that stalls still fails, it only fails later.
 */
const STEP_MS = 180_000;

const suite = terraformOrSkip();

suite("the packed package, installed where users put it", () => {
  let tarball = "";
  beforeAll(() => (tarball = packedTarball()), STEP_MS);

  it("carries the handler bundle, and no bench, tests or example app", () => {
    const entries = succeed("tar", ["-tzf", tarball], REPO).stdout.split("\n");
    expect(entries).toContain("package/lib/handler.cjs");
    expect(entries.filter((entry) => /^package\/lib\/(bench|test)\/|^package\/lib\/main\.js$/.test(entry))).toEqual([]);
  });

  describe("in a TypeScript cdktf app", () => {
    const databases = ["--database", "12=7.2", "--cloud-database", "1234/5678=7.4", "--cloud-database", "77/88=7.4:essentials"];
    const app = installedApp(["cdktf@0.21.0", "constructs@10.7.2"], databases);
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
      // Testing.synthScope writes into the OS temp directory: the app's own folder, removed with it.
      const ran = run("node", ["-e", script], app.dir, { ...app.env(), TMPDIR: app.dir });
      expect(ran.code).not.toBe(0);
      expect(ran.output).toMatch(/resource: "null_resource" needs the package @cdktf\/provider-null: run `npm install @cdktf\/provider-null@\^11`/);
    }, STEP_MS);
  });

  describe("in a JavaScript CDK Terrain app, without cdktf", () => {
    const app = installedApp(["cdktn@0.24.0", "constructs@10.7.2"], ["--database", "13=7.2"]);

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
  simulator(): SimulateProcess;
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
function installedApp(dependencies: readonly string[], simulatorArgs: readonly string[]): InstalledApp {
  let dir = "";
  let sim: SimulateProcess | undefined;
  const simulator = () => sim ?? missing("the simulator did not start");
  beforeAll(async () => {
    dir = freshApp(dependencies);
    sim = await startSimulate(simulatorArgs, { bin: [path.join(dir, "node_modules", ".bin", "redis-version")], cwd: dir, env: appEnv() });
  }, STEP_MS);
  afterAll(async () => {
    try {
      // SIGTERM, as Ctrl-C would: the simulator removes its CA files itself.
      if (sim) await sim.stop();
      expect(fs.existsSync(simulator().env.REDIS_SOFTWARE_CA_CERT)).toBe(false);
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
      const { REDIS_SOFTWARE_URL, REDIS_SOFTWARE_CA_CERT } = simulator().env;
      return appEnv({ REDIS_SOFTWARE_URL, REDIS_SOFTWARE_CA_CERT });
    },
    stackDir: (stack) => path.join(dir, "cdktf.out", "stacks", stack),
  };
}

function writeTypeScriptApp(dir: string): void {
  fs.writeFileSync(path.join(dir, "main.ts"), CDKTF_MAIN_TS);
  writeStrictTsconfig(dir, ["main.ts"]);
}

const CDKTF_MAIN_TS = `import { App, LocalBackend, TerraformStack } from "cdktf";
import {
  RedisCloudDatabaseVersion,
  RedisCloudPlan,
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
new RedisCloudDatabaseVersion(applied, "cache", { subscriptionId: 77, databaseId: 88, plan: RedisCloudPlan.ESSENTIALS, redisVersion: "8.2", allowMajorVersionUpgrade: true });

// Only synthesized here: test/package/readme.test.ts applies an Active-Active pin from the installed package.
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

function missing(why: string): never {
  throw new Error(why);
}
