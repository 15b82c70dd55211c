import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { App, TerraformStack } from "cdktf";
import { RedisSoftwareDatabaseVersion } from "../../src";
import { plan } from "../../src/cli/plan";
import { RedisSoftwareSimulator } from "../../src/simulator/redis-software";
import { RedisCloudSimulator } from "../../src/simulator/redis-cloud";
import { serve } from "../../src/simulator/server";
import { softwareCredentials, startHandler } from "../support/handler";
import { acceptedUpgradePosts, serveOverTls, ServedOverTls, upgradePosts } from "../support/served";
import { tempDir } from "../support/temp";
import { waitFor } from "../support/terraform";

/**
 * Issue 20, items 1–7, through the bundled handler (lib/handler.cjs, built by
 * `npm run build`) against the simulator with injected faults: what a user
 * sees in Terraform's output, and what the control plane received.
 */

/** Every stretch of `length` characters of `secret`: a clipped echo leaves a prefix, and any prefix this long gives it away. */
function pieces(secret: string, length = 6): string[] {
  return Array.from({ length: Math.max(1, secret.length - length + 1) }, (_, i) => secret.slice(i, i + length));
}

function softwareSpecAt(url: string, caCertFile?: string): Record<string, unknown> {
  return {
    kind: "redis-software-database",
    format: 1,
    address: "hardening/orders",
    redisVersion: "7.4",
    timeoutMinutes: 1,
    cluster: { url, caCertFile, usernameEnv: "RS_USER", passwordEnv: "RS_PASS" },
    databaseUid: 1,
    upgrade: {},
  };
}

function softwarePin(served: ServedOverTls): Record<string, unknown> {
  return softwareSpecAt(served.server.url, served.caFile);
}

/** A Redis Cloud Pro pin of 1234/5678 at 7.4; the API address and credentials come from the environment. */
function cloudPin(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    kind: "redis-cloud-database",
    format: 1,
    address: "hardening/sessions",
    redisVersion: "7.4",
    timeoutMinutes: 1,
    subscriptionId: 1234,
    databaseId: 5678,
    plan: "pro",
    api: { accessKeyEnv: "REDISCLOUD_ACCESS_KEY", secretKeyEnv: "REDISCLOUD_SECRET_KEY" },
    ...extra,
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

describe("items 8 and 9: what no retry mends fails in seconds, naming the pin and the setting", () => {
  /** An address nothing listens at: a server's port, closed again. */
  async function closedAddress(): Promise<string> {
    const server = await serve({ controlPlanes: [] });
    await server.close();
    return server.url;
  }

  it("a Redis Software cluster.url nothing listens at: the pin, cluster.url and ECONNREFUSED within 10 s", async () => {
    const url = await closedAddress();
    const started = Date.now();
    const spec = { ...softwareSpecAt(url), address: "hardening/refused" };
    const { code, output } = await startHandler({ spec }).done;
    expect(code).toBe(1);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(output).toMatch(
      /error: hardening\/refused: GET \/v1\/\S+ to http:\/\/127\.0\.0\.1:\d+ failed: nothing accepted the connection at 127\.0\.0\.1:\d+ \(ECONNREFUSED, \d tries over [\d.]+s\): check the address in cluster\.url, its port included/,
    );
  });

  it("a Redis Cloud REDISCLOUD_URL nothing listens at names api.url and REDISCLOUD_URL", async () => {
    const url = await closedAddress();
    const started = Date.now();
    const env = { REDISCLOUD_ACCESS_KEY: "key", REDISCLOUD_SECRET_KEY: "secret", REDISCLOUD_URL: `${url}/v1` };
    const { code, output } = await startHandler({ spec: cloudPin(), env }).done;
    expect(code).toBe(1);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(output).toMatch(/error: hardening\/sessions: GET \/v1\/\S+ to http:\/\/127\.0\.0\.1:\d+ failed: nothing accepted .*check the address in api\.url \(or the REDISCLOUD_URL variable\)/);
  });

  it("a Cloud key holding a euro sign is named as a character outside Latin-1, before anything is sent", async () => {
    const cloud = await serve({ controlPlanes: [new RedisCloudSimulator({ credentials: { accessKey: "key€", secretKey: "secret" } })] });
    try {
      const env = { REDISCLOUD_ACCESS_KEY: "key€", REDISCLOUD_SECRET_KEY: "secret", REDISCLOUD_URL: `${cloud.url}/v1` };
      const { code, output } = await startHandler({ spec: cloudPin(), env }).done;
      expect(code).toBe(1);
      expect(output).toMatch(/x-api-key header value contains a character outside Latin-1, which no HTTP header can carry \(it comes from REDISCLOUD_ACCESS_KEY and REDISCLOUD_SECRET_KEY\)/);
      expect(output).not.toMatch(/newline|€/);
      expect(cloud.requests).toHaveLength(0);
    } finally {
      await cloud.close();
    }
  });
});

describe("item 7: a CA setting that names no regular file stops at once, naming the setting", () => {
  let dir: string;
  let simulator: RedisSoftwareSimulator;
  let served: ServedOverTls;
  beforeAll(async () => {
    dir = tempDir("hardening-ca");
    simulator = new RedisSoftwareSimulator({ credentials: softwareCredentials });
    simulator.addDatabase({ uid: 1, version: "7.2" });
    served = await serveOverTls(simulator, dir, 60_000);
  });
  afterAll(async () => {
    await served.server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** The handler's run, or a failure once it has run 8 s (it is killed then: a FIFO once blocked it for good). */
  async function within8s(started: ReturnType<typeof startHandler>) {
    const timer = setTimeout(() => started.child.kill("SIGKILL"), 8_000);
    const result = await started.done;
    clearTimeout(timer);
    return result;
  }

  it.each([
    ["a FIFO named by the REDIS_SOFTWARE_CA_CERT variable", () => ({ env: { REDIS_SOFTWARE_CA_CERT: fifo() } }), /the REDIS_SOFTWARE_CA_CERT variable .*a FIFO \(named pipe\), not a regular file/],
    ["/dev/zero named by cluster.caCertFile", () => ({ caCertFile: "/dev/zero" }), /\/dev\/zero named by cluster\.caCertFile .*a character device, not a regular file/],
    ["a directory named by cluster.caCertFile", () => ({ caCertFile: dir }), /named by cluster\.caCertFile .*a directory, not a regular file/],
  ])("%s", async (_, setting, message) => {
    const given: { env?: Record<string, string>; caCertFile?: string } = setting();
    const requests = served.server.requests.length;
    const started = Date.now();
    const { code, output } = await within8s(startHandler({ spec: softwareSpecAt(served.server.url, given.caCertFile), env: given.env }));
    expect(code).toBe(1);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(output).toMatch(message);
    expect(output).not.toMatch(/bad_alloc|\n\s+at /);
    expect(served.server.requests.length).toBe(requests);
  });

  function fifo(): string {
    const file = path.join(dir, `ca-${Date.now()}.fifo`);
    execFileSync("mkfifo", [file]);
    return file;
  }
});

describe("items 4 and 5: never two Redis Cloud upgrades", () => {
  const keys = { accessKey: "hardening-account-key-7Hq2", secretKey: "hardening-user-key-3Nc9" };
  const UPGRADE = "^/v1/subscriptions/1234/databases/5678/upgrade$";
  let dir: string;
  let simulator: RedisCloudSimulator;
  let served: ServedOverTls;
  let env: Record<string, string>;

  beforeEach(async () => {
    dir = tempDir("hardening-cloud");
    simulator = new RedisCloudSimulator({ credentials: keys });
    simulator.addDatabase({ subscriptionId: 1234, databaseId: 5678, plan: "pro", version: "7.2" });
    served = await serveOverTls(simulator, dir, 120_000);
    env = {
      REDISCLOUD_ACCESS_KEY: keys.accessKey,
      REDISCLOUD_SECRET_KEY: keys.secretKey,
      REDISCLOUD_URL: `${served.server.url}/v1`,
      REDISCLOUD_CA_CERT: served.caFile,
      REDIS_VERSION_POLL_INTERVAL_MS: "100",
    };
  });
  afterEach(async () => {
    await served.server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("item 4: killed right after Redis Cloud accepted its upgrade POST, run again: one POST in all, and the next run follows the upgrade it started", async () => {
    // The account is busy with another task: the accepted request waits in "received", naming no database yet.
    simulator.queueForeignTask(5);
    served.server.faults.add({ method: "POST", path: UPGRADE, fault: { kind: "act-then-slow", ms: 60_000 } });
    const killed = startHandler({ spec: cloudPin(), env });
    await waitFor(() => acceptedUpgradePosts(served.server).length === 1, "Redis Cloud to accept the upgrade POST");
    killed.child.kill("SIGKILL");
    await killed.done;

    const again = await startHandler({ spec: cloudPin(), env }).done;
    expect(again.output).toMatch(/an upgrade request .*queued .*names no database yet/);
    expect(again.code).toBe(0);
    expect(again.output).toMatch(/upgraded 7\.2 → 7\.4/);
    expect(upgradePosts(served.server)).toHaveLength(1);
    expect(simulator.database(1234, 5678).upgradeRequests).toEqual(["7.4"]);
  }, 60_000);

  it("item 5: a pin without api.url and one naming the same API in another spelling take turns on one lock: one POST", async () => {
    const spelled = cloudPin({ api: { url: `${served.server.url.replace("https://", "HTTPS://")}/v1/`, caCertFile: served.caFile, accessKeyEnv: "REDISCLOUD_ACCESS_KEY", secretKeyEnv: "REDISCLOUD_SECRET_KEY" } });
    const [unset, named] = await Promise.all([startHandler({ spec: cloudPin(), env }).done, startHandler({ spec: spelled, env }).done]);
    expect([unset.code, named.code]).toEqual([0, 0]);
    expect(`${unset.output}\n${named.output}`).toMatch(/waiting for another handler of the same database \(pid \d+\) to finish first/);
    expect(upgradePosts(served.server)).toHaveLength(1);
  }, 60_000);
});

describe("item 6: a handler whose parent is gone starts nothing new and says what still runs", () => {
  let dir: string;
  let simulator: RedisSoftwareSimulator;
  let served: ServedOverTls;
  beforeEach(async () => {
    dir = tempDir("hardening-parent");
    simulator = new RedisSoftwareSimulator({ credentials: softwareCredentials, stepsPerUpgrade: 20 });
    simulator.addDatabase({ uid: 1, version: "7.2", replication: true });
    served = await serveOverTls(simulator, dir, 60_000);
  });
  afterEach(async () => {
    await served.server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** The handler below `sh -c`, as Terraform's local-exec runs it; the shell is killed alone, as Terraform does when interrupted. */
  function underShell(pollMs: number) {
    return startHandler({ spec: softwarePin(served), env: { REDIS_VERSION_POLL_INTERVAL_MS: String(pollMs) }, underShell: true });
  }

  it("while it waits to look at the running upgrade: it stops at once, naming the action, and reads nothing more", async () => {
    const handler = underShell(10_000);
    await waitFor(() => acceptedUpgradePosts(served.server).length === 1, "the upgrade POST");
    const killedAt = Date.now();
    const seen = served.server.requests.length;
    handler.child.kill("SIGKILL");
    const { output } = await handler.done;
    expect(Date.now() - killedAt).toBeLessThan(3_000);
    expect(output).toMatch(
      /error: hardening\/orders \(Redis Software database 1 at [^)]+\): stopped \(its parent process is gone: terraform was interrupted or stopped\) while the upgrade runs: it goes on on the control plane \(GET \/v1\/actions\/[\w-]+\); nothing more is sent\. The next terraform apply follows it instead of starting another/,
    );
    expect(served.server.requests.length).toBe(seen);
  });

  it("before its upgrade request: it sends none", async () => {
    served.server.faults.add({ method: "GET", path: "^/v1/bdbs/1$", fault: { kind: "slow", ms: 1_500 } });
    const handler = underShell(100);
    await waitFor(() => served.server.requests.length > 0, "the first read");
    handler.child.kill("SIGKILL");
    const { output } = await handler.done;
    expect(output).toMatch(/stopped before requesting the upgrade \(its parent process is gone: terraform was interrupted or stopped\): nothing was sent/);
    expect(upgradePosts(served.server)).toHaveLength(0);
  });
});
