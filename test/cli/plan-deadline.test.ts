import * as net from "node:net";
import { App, TerraformStack } from "cdktf";
import { plan, planFound } from "../../src/cli/plan";
import { readPins } from "../../src/cli/stacks";
import { silentLogger } from "../../src/core/log";
import { RedisSoftwareDatabaseVersion } from "../../src";
import { scaledClock } from "../support/clock";
import { tempDir } from "../support/temp";

const ENV = { REDIS_SOFTWARE_USERNAME: "plan-user", REDIS_SOFTWARE_PASSWORD: "plan-password" };
/** How much faster than the wall clock the pins' runs go. */
const SPEED = 10;

function synth(urls: Record<string, string>): string {
  const app = new App({ outdir: tempDir("plan-deadline"), skipValidation: true });
  const stack = new TerraformStack(app, "pins");
  for (const [id, url] of Object.entries(urls)) new RedisSoftwareDatabaseVersion(stack, id, { cluster: { url }, databaseUid: 1, redisVersion: "7.4" });
  app.synth();
  return app.outdir;
}

describe("plan's own deadline per pin", () => {
  let silent: net.Server;
  let url: string;
  beforeAll(async () => {
    // Accepts connections and never answers: a stuck control plane.
    silent = net.createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(silent.address() as net.AddressInfo).port}`;
  });
  afterAll(() => {
    silent.close();
  });

  it("turns a control plane that never answers into an error row naming the deadline, in about --timeout-seconds", async () => {
    const outdir = synth({ stuck: url });
    const started = Date.now();
    let stdout = "";
    const code = await plan(["--dir", outdir, "--format", "json", "--timeout-seconds", "1"], {
      stdout: (text) => void (stdout += text),
      stderr: () => undefined,
      env: ENV,
    });
    // On the wall clock, as a user waits: a sped-up clock would count the loading of the platform code, inside the pin's run, ten times over.
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(code).toBe(1);
    const rows = (JSON.parse(stdout) as { pins: { action: string; error: string }[] }).pins;
    expect(rows.map((row) => row.action)).toEqual(["error"]);
    expect(rows[0].error).toMatch(/deadline \(--timeout-seconds 1\).*GET \/v1\/\S+/);
    expect(rows[0].error).toMatch(/raise --timeout-seconds if its control plane is only slow$/);
  });

  it("warns, on stderr, that a plain-http cluster off this machine receives the credentials in cleartext", async () => {
    const outdir = synth({ far: "http://192.0.2.10:9443", near: url });
    let stderr = "";
    // Sped-up clock: neither pin is answered; their second passes in a tenth of one.
    await plan(["--dir", outdir, "--timeout-seconds", "1"], { stdout: () => undefined, stderr: (text) => void (stderr += text), env: ENV, clock: scaledClock(SPEED) });
    expect(stderr).toContain("warning: http://192.0.2.10:9443 is plain http: the credentials travel in cleartext to 192.0.2.10; use its https address");
    expect(stderr).not.toContain(`warning: ${url} is plain http`);
  });

  it("refuses a --timeout-seconds that is not a whole number of seconds", async () => {
    let stderr = "";
    const code = await plan(["--timeout-seconds", "0.5"], { stdout: () => undefined, stderr: (text) => void (stderr += text), env: ENV });
    expect(code).toBe(2);
    expect(stderr).toMatch(/--timeout-seconds must be a whole number of seconds, at least 1 \(got "0\.5"\)/);
  });

  it("takes the per-pin timeout from planFound's caller too", async () => {
    // Sped-up clock: the stuck pin's second passes in a tenth of one.
    const rows = await planFound(readPins(synth({ stuck: url })), { env: ENV, log: silentLogger, timeoutSeconds: 1, clock: scaledClock(SPEED) });
    expect(rows[0]).toMatchObject({ action: "error" });
  });
});
