import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { serve } from "../../src/simulator/server";
import { RedisSoftwareSimulator } from "../../src/simulator/redis-software";
import { SPEC_ENV } from "../../src/spec";

const HANDLER = path.resolve(__dirname, "..", "..", "lib", "handler.cjs");

/**
 * What the handler costs at every start is guarded here by what it loads,
 * not by timing it (`npm run bench` measures): a no-op apply over plain HTTP
 * must not load Node's http2, tls or crypto, which undici or a careless
 * import would otherwise pull in.
 */
describe("the handler's start-up", () => {
  it("over plain HTTP loads neither http2, tls nor crypto", async () => {
    const credentials = { username: "startup@example.com", password: "startup-password" };
    const simulator = new RedisSoftwareSimulator({ credentials });
    simulator.addDatabase({ uid: 1, version: "7.4" });
    const server = await serve({ controlPlanes: [simulator], lifetimeMs: 60_000 });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rv-startup-"));
    const report = path.join(dir, "modules.json");
    const probe = path.join(dir, "probe.js");
    fs.writeFileSync(probe, `process.on("exit", () => require("node:fs").writeFileSync(${JSON.stringify(report)}, JSON.stringify(process.moduleLoadList)));`);
    const spec = {
      kind: "redis-software-database",
      format: 1,
      address: "startup/orders",
      redisVersion: "7.4",
      timeoutMinutes: 1,
      cluster: { url: server.url, usernameEnv: "RS_USER", passwordEnv: "RS_PASS" },
      databaseUid: 1,
      upgrade: {},
    };
    const env = { PATH: process.env.PATH, RS_USER: credentials.username, RS_PASS: credentials.password, [SPEC_ENV]: JSON.stringify(spec) };
    const code = await new Promise((resolve) => {
      const child = spawn(process.execPath, ["--require", probe, HANDLER, "apply"], { env, stdio: "ignore" });
      child.on("close", resolve);
    });
    await server.close();
    expect(code).toBe(0);
    const loaded: string[] = JSON.parse(fs.readFileSync(report, "utf8"));
    expect(loaded).toContain("NativeModule http");
    expect(loaded.filter((name) => /^NativeModule (http2|tls|crypto)$/.test(name))).toEqual([]);
  });
});
