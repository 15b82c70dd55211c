import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { RedisSoftwareSimulator } from "../../src/simulator/redis-software";
import { SPEC_ENV } from "../../src/spec";
import { serveOverTls, ServedOverTls } from "../support/served";

const HANDLER = path.resolve(__dirname, "..", "..", "lib", "handler.cjs");
const credentials = { username: "trust@example.com", password: "trust-password" };

function cluster(dir: string): Promise<ServedOverTls> {
  const simulator = new RedisSoftwareSimulator({ credentials });
  simulator.addDatabase({ uid: 1, version: "7.4" });
  fs.mkdirSync(dir, { recursive: true });
  return serveOverTls(simulator, dir, 60_000);
}

/** Runs the bundled handler the way a pin whose endpoints all name their CA has Terraform run it. */
function applyWith(url: string, caCertFile: string): Promise<{ code: number | null; output: string }> {
  const spec = {
    kind: "redis-software-database",
    format: 1,
    address: "trust/orders",
    redisVersion: "7.4",
    timeoutMinutes: 1,
    cluster: { url, caCertFile, usernameEnv: "RS_USER", passwordEnv: "RS_PASS" },
    databaseUid: 1,
    upgrade: {},
  };
  const env = { PATH: process.env.PATH, RS_USER: credentials.username, RS_PASS: credentials.password, [SPEC_ENV]: JSON.stringify(spec) };
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--use-openssl-ca", HANDLER, "apply"], { env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("close", (code) => resolve({ code, output }));
  });
}

describe("the handler started with --use-openssl-ca", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rv-trust-"));

  it("trusts the CA the pin names", async () => {
    const east = await cluster(path.join(dir, "east"));
    const result = await applyWith(east.server.url, east.caFile);
    expect(result).toEqual({ code: 0, output: expect.stringMatching(/nothing to do: already at 7\.4/) });
    await east.server.close();
  });

  it("and nothing else: a certificate from another CA stops it before any request", async () => {
    const [east, west] = await Promise.all([cluster(path.join(dir, "east2")), cluster(path.join(dir, "west"))]);
    const result = await applyWith(east.server.url, west.caFile);
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/TLS certificate is not trusted/);
    expect(east.server.requests).toHaveLength(0);
    await Promise.all([east.server.close(), west.server.close()]);
  });
});
