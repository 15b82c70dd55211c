import * as fs from "node:fs";
import * as path from "node:path";
import { App, TerraformStack } from "cdktf";
import { plan } from "../../src/cli/plan";
import { RedisSoftwareDatabaseVersion } from "../../src";
import { RedisSoftwareSimulator } from "../../src/simulator/redis-software";
import { RunningServer, serve } from "../../src/simulator/server";
import { tempDir } from "../support/temp";

const credentials = { username: "locate@example.com", password: "locate-Pa55word" };
const ENV = { REDIS_SOFTWARE_USERNAME: credentials.username, REDIS_SOFTWARE_PASSWORD: credentials.password };

interface Outcome {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the plan as if typed in `cwd`, and returns the construct paths it planned. */
async function planFrom(cwd: string, ...args: string[]): Promise<Outcome & { pins: string[] }> {
  let stdout = "";
  let stderr = "";
  const io = { stdout: (text: string) => void (stdout += text), stderr: (text: string) => void (stderr += text), env: ENV, cwd };
  const code = await plan(["--format", "json", ...args], io);
  const pins = code === 0 ? (JSON.parse(stdout) as { pins: { address: string }[] }).pins.map((pin) => pin.address) : [];
  return { code, stdout, stderr, pins };
}

describe("redis-version plan finds the app from anywhere inside it", () => {
  let server: RunningServer;
  let appDir: string;
  let movedApp: string;
  let outside: string;

  /** A cdktf app as `cdktf synth` leaves it: cdktf.json, and the stacks under its output directory. */
  function synthesizedApp(dir: string, output?: string): void {
    fs.writeFileSync(path.join(dir, "cdktf.json"), JSON.stringify({ language: "typescript", app: "node main.js", ...(output ? { output } : {}) }));
    const app = new App({ outdir: path.join(dir, output ?? "cdktf.out"), skipValidation: true });
    const cluster = { url: server.url };
    new RedisSoftwareDatabaseVersion(new TerraformStack(app, "orders"), "orders", { cluster, databaseUid: 12, redisVersion: "7.4" });
    new RedisSoftwareDatabaseVersion(new TerraformStack(app, "carts"), "carts", { cluster, databaseUid: 13, redisVersion: "7.4" });
    app.synth();
  }

  beforeAll(async () => {
    const simulator = new RedisSoftwareSimulator({ credentials });
    simulator.addDatabase({ uid: 12, version: "7.2" });
    simulator.addDatabase({ uid: 13, version: "7.4" });
    server = await serve({ controlPlanes: [simulator], lifetimeMs: 60_000 });
    appDir = tempDir("locate-app");
    synthesizedApp(appDir);
    fs.mkdirSync(path.join(appDir, "src", "deep"), { recursive: true });
    movedApp = tempDir("locate-moved");
    synthesizedApp(movedApp, "synthesized");
    outside = tempDir("locate-outside");
  });

  afterAll(async () => {
    await server.close();
    for (const dir of [appDir, movedApp, outside]) fs.rmSync(dir, { recursive: true, force: true });
  });

  const stackDir = (name: string) => path.join(appDir, "cdktf.out", "stacks", name);

  it("from a stack directory, where terraform apply runs, plans that stack only", async () => {
    const fromStack = await planFrom(stackDir("orders"));
    expect(fromStack.stderr).not.toMatch(/error/);
    expect(fromStack.code).toBe(0);
    expect(fromStack.pins).toEqual(["orders/orders"]);
  });

  it("from below a stack directory (after terraform init made .terraform), still that stack", async () => {
    const below = path.join(stackDir("carts"), ".terraform");
    fs.mkdirSync(below, { recursive: true });
    expect((await planFrom(below)).pins).toEqual(["carts/carts"]);
  });

  it("from the app root, its output or any folder inside the app, plans every stack", async () => {
    for (const cwd of [appDir, path.join(appDir, "cdktf.out"), path.join(appDir, "src", "deep")]) {
      expect({ cwd, pins: (await planFrom(cwd)).pins }).toEqual({ cwd, pins: ["carts/carts", "orders/orders"] });
    }
  });

  it("--stack still chooses, even from another stack's directory", async () => {
    expect((await planFrom(stackDir("orders"), "--stack", "carts")).pins).toEqual(["carts/carts"]);
  });

  it("--dir takes an app, its output or a stack directory, relative to where it is typed", async () => {
    expect((await planFrom(appDir, "--dir", "cdktf.out/stacks/carts")).pins).toEqual(["carts/carts"]);
    expect((await planFrom(path.dirname(appDir), "--dir", path.basename(appDir))).pins).toEqual(["carts/carts", "orders/orders"]);
    expect((await planFrom(outside, "--dir", path.join(appDir, "cdktf.out"))).pins).toEqual(["carts/carts", "orders/orders"]);
  });

  it("follows cdktf.json's output setting", async () => {
    expect((await planFrom(path.join(movedApp))).pins).toEqual(["carts/carts", "orders/orders"]);
  });

  it("outside any app, says so and how to point at one", async () => {
    const lost = await planFrom(outside);
    expect(lost.code).toBe(1);
    expect(lost.stderr).toMatch(/no cdktf app in .*locate-outside.* or above \(no cdktf\.json, no cdktf\.out\): run redis-version plan inside your app, or pass --dir/);
  });

  it("in an app not synthesized yet, says to synthesize it", async () => {
    fs.writeFileSync(path.join(outside, "cdktf.json"), "{}");
    try {
      const unsynthesized = await planFrom(outside);
      expect(unsynthesized.code).toBe(1);
      expect(unsynthesized.stderr).toMatch(/no synthesized stacks in .*locate-outside.*cdktf\.out: run "cdktf synth" first/);
    } finally {
      fs.rmSync(path.join(outside, "cdktf.json"));
    }
  });
});
