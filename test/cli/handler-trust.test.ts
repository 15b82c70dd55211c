import * as fs from "node:fs";
import * as path from "node:path";
import { RedisSoftwareSimulator } from "../../src/simulator/redis-software";
import { runHandler, softwareCredentials, softwareSpec } from "../support/handler";
import { serveOverTls, ServedOverTls } from "../support/served";
import { tempDir } from "../support/temp";

function cluster(dir: string): Promise<ServedOverTls> {
  const simulator = new RedisSoftwareSimulator({ credentials: softwareCredentials });
  simulator.addDatabase({ uid: 1, version: "7.4" });
  fs.mkdirSync(dir, { recursive: true });
  return serveOverTls(simulator, dir, 60_000);
}

/** How Terraform runs the handler for a pin whose endpoints all name their CA. */
const applyWith = (url: string, caCertFile: string) => runHandler(["--use-openssl-ca"], softwareSpec({ url, caCertFile }));

describe("the handler started with --use-openssl-ca", () => {
  const dir = tempDir("trust");

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
