import * as fs from "node:fs";
import * as path from "node:path";
import { App, TerraformStack } from "cdktf";
import { RedisSoftwareDatabaseVersion } from "../../src";
import { plan } from "../../src/cli/plan";
import { RedisSoftwareSimulator } from "../../src/simulator/redis-software";
import { startHandler } from "../support/handler";
import { serveOverTls, ServedOverTls, upgradePosts } from "../support/served";
import { tempDir } from "../support/temp";

/**
 * Issue 20, items 1–7, through the bundled handler (lib/handler.cjs, built by
 * `npm run build`) against the simulator with injected faults: what a user
 * sees in Terraform's output, and what the control plane received.
 */

/** Every stretch of `length` characters of `secret`: a clipped echo leaves a prefix, and any prefix this long gives it away. */
function pieces(secret: string, length = 6): string[] {
  return Array.from({ length: Math.max(1, secret.length - length + 1) }, (_, i) => secret.slice(i, i + length));
}

function softwarePin(served: ServedOverTls, databaseUid = 1): object {
  return {
    kind: "redis-software-database",
    format: 1,
    address: "hardening/orders",
    redisVersion: "7.4",
    timeoutMinutes: 1,
    cluster: { url: served.server.url, caCertFile: served.caFile, usernameEnv: "RS_USER", passwordEnv: "RS_PASS" },
    databaseUid,
    upgrade: {},
  };
}

describe("items 1 and 2: what a server echoes is redacted before it is clipped, and the tool's own words are never redacted", () => {
  // The issue's own pair: every line read "([redacted] [redacted] database 12 …" with these.
  const credentials = { username: "Redis", password: "Software" };
  const basic = `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString("base64")}`;
  const env = { RS_USER: credentials.username, RS_PASS: credentials.password };
  let dir: string;
  let simulator: RedisSoftwareSimulator;
  let served: ServedOverTls;

  beforeEach(async () => {
    dir = tempDir("hardening-redact");
    simulator = new RedisSoftwareSimulator({ credentials });
    simulator.addDatabase({ uid: 1, version: "7.2" });
    served = await serveOverTls(simulator, dir, 60_000);
  });
  afterEach(async () => {
    await served.server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  // 470 filler characters and "authorization: Basic " put the base64 of the pair across character 500.
  const echoAuthorization = (method: string, pathPattern: string) =>
    served.server.faults.add({ method, path: pathPattern, times: 10, fault: { kind: "echo-request", status: 400, padding: 470, header: "authorization" } });

  it("apply: an error page quoting the Authorization header across the clip prints no piece of it, and 'Redis Software' stays whole", async () => {
    echoAuthorization("POST", "^/v1/bdbs/1/upgrade$");
    const { code, output } = await startHandler({ spec: softwarePin(served), env }).done;
    expect(code).toBe(1);
    expect(output).toMatch(/hardening\/orders \(Redis Software database 1 at https:\/\/127\.0\.0\.1:\d+\): pinned 7\.4: upgrading from 7\.2\.\d+ to 7\.4/);
    expect(output).toMatch(/-{20}authorization: \[re/);
    for (const piece of [...pieces(basic.slice(6)), `${credentials.username}:${credentials.password}`]) expect(output).not.toContain(piece);
    expect(output).not.toMatch(/\[redacted\] \[redacted\] database/);
    expect(upgradePosts(served.server)).toHaveLength(1);
  });

  it("plan --format markdown (the pull-request comment): the same echo prints no piece of it either", async () => {
    echoAuthorization("GET", "^/v1/bdbs/1$");
    const outdir = path.join(dir, "cdktf.out");
    const app = new App({ outdir, skipValidation: true });
    new RedisSoftwareDatabaseVersion(new TerraformStack(app, "hardening"), "orders", {
      cluster: { url: served.server.url, caCertFile: served.caFile },
      databaseUid: 1,
      redisVersion: "7.4",
    });
    app.synth();
    let stdout = "";
    let stderr = "";
    const io = { stdout: (t: string) => (stdout += t), stderr: (t: string) => (stderr += t), env: { REDIS_SOFTWARE_USERNAME: credentials.username, REDIS_SOFTWARE_PASSWORD: credentials.password } };
    expect(await plan(["--dir", outdir, "--format", "markdown"], io)).toBe(1);
    expect(stdout).toMatch(/`hardening\/orders`/);
    expect(stdout).toMatch(/authorization: \[re/);
    for (const piece of pieces(basic.slice(6))) expect(`${stdout}\n${stderr}`).not.toContain(piece);
    expect(`${stdout}\n${stderr}`).not.toMatch(/\[redacted\] \[redacted\]/);
  });
});
