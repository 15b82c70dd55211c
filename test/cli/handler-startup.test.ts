import * as fs from "node:fs";
import * as path from "node:path";
import { serve } from "../../src/simulator/server";
import { RedisSoftwareSimulator } from "../../src/simulator/redis-software";
import { runHandler, softwareCredentials, softwareSpec } from "../support/handler";
import { tempDir } from "../support/temp";

/**
 * What the handler costs at every start is guarded here by what it loads,
 * not by timing it (`npm run bench` measures): a no-op apply over plain HTTP
 * must not load Node's http2, tls or crypto, which undici or a careless
 * import would otherwise pull in.
 */
describe("the handler's start-up", () => {
  it("over plain HTTP loads neither http2, tls nor crypto", async () => {
    const simulator = new RedisSoftwareSimulator({ credentials: softwareCredentials });
    simulator.addDatabase({ uid: 1, version: "7.4" });
    const server = await serve({ controlPlanes: [simulator], lifetimeMs: 60_000 });
    const dir = tempDir("startup");
    const report = path.join(dir, "modules.json");
    const probe = path.join(dir, "probe.js");
    fs.writeFileSync(probe, `process.on("exit", () => require("node:fs").writeFileSync(${JSON.stringify(report)}, JSON.stringify(process.moduleLoadList)));`);
    const result = await runHandler(["--require", probe], softwareSpec({ url: server.url }));
    await server.close();
    expect(result.code).toBe(0);
    const loaded: string[] = JSON.parse(fs.readFileSync(report, "utf8"));
    expect(loaded).toContain("NativeModule http");
    expect(loaded.filter((name) => /^NativeModule (http2|tls|crypto)$/.test(name))).toEqual([]);
  });
});
