import * as net from "node:net";
import { App, TerraformStack } from "cdktf";
import { planFound } from "../../src/cli/plan";
import { readPins } from "../../src/cli/stacks";
import { silentLogger } from "../../src/core/log";
import { RedisSoftwareDatabaseVersion } from "../../src";
import { RedisSoftwareSimulator } from "../../src/simulator/redis-software";
import { serve } from "../../src/simulator/server";
import { tempDir } from "../support/temp";
import { scaledClock } from "../support/clock";

const software = { username: "group-run@example.com", password: "group-run-Pa55word" };
const ENV = { REDIS_SOFTWARE_USERNAME: software.username, REDIS_SOFTWARE_PASSWORD: software.password };

/** Pins of databases 1..count on one cluster: one group of list reads. */
function synth(url: string, count: number): string {
  const app = new App({ outdir: tempDir("plan-group-run"), skipValidation: true });
  const stack = new TerraformStack(app, "pins");
  for (let uid = 1; uid <= count; uid++) new RedisSoftwareDatabaseVersion(stack, `bdb-${uid}`, { cluster: { url }, databaseUid: uid, redisVersion: "7.4" });
  app.synth();
  return app.outdir;
}

/** Listens on 127.0.0.1; `connected` handles each connection. */
async function listen(connected: (socket: net.Socket) => void): Promise<{ server: net.Server; url: string }> {
  const server = net.createServer(connected);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}` };
}

describe("a plan's list reads of one cluster are one run", () => {
  it("gives the group one deadline from --timeout-seconds, on the plan's clock: every member's row names it", async () => {
    // Accepts connections and never answers: a stuck control plane.
    const silent = await listen(() => undefined);
    try {
      const started = Date.now();
      // A minute's deadline, 120 times as fast: half a second of real time.
      const rows = await planFound(readPins(synth(silent.url, 2)), { env: ENV, log: silentLogger, timeoutSeconds: 60, clock: scaledClock(120) });
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(rows.map((row) => row.action)).toEqual(["error", "error"]);
      for (const row of rows) {
        expect(row).toMatchObject({ error: expect.stringMatching(/deadline \(--timeout-seconds 60\).*GET \/v1\/\S+/) });
        expect(row).toMatchObject({ error: expect.stringMatching(/these pins were not read; plan again, or raise --timeout-seconds if their control plane is only slow$/) });
      }
    } finally {
      silent.server.close();
    }
  });

  it("closes the group's connections when its reads end: no dispatcher is left open", async () => {
    const sim = new RedisSoftwareSimulator({ credentials: software });
    sim.addDatabase({ uid: 1, version: "7.4", replication: true });
    sim.addDatabase({ uid: 2, version: "7.4", replication: true });
    const upstream = await serve({ controlPlanes: [sim], lifetimeMs: 60_000 });
    // A relay in front of the simulator, counting the plan's open connections.
    const open = new Set<net.Socket>();
    const relay = await listen((client) => {
      open.add(client);
      client.on("close", () => open.delete(client));
      const { port } = new URL(upstream.url);
      const server = net.connect(Number(port), "127.0.0.1");
      client.on("error", () => server.destroy());
      server.on("error", () => client.destroy());
      client.pipe(server).pipe(client);
    });
    try {
      const rows = await planFound(readPins(synth(relay.url, 2)), { env: ENV, log: silentLogger });
      expect(rows.map((row) => row.action)).toEqual(["noop", "noop"]);
      expect(upstream.requests.map((request) => `${request.method} ${request.path}`).sort()).toEqual(["GET /v1/actions", "GET /v1/bdbs", "GET /v1/nodes"]);
      // A kept-alive connection would stay open for seconds; a closed dispatcher has ended it already.
      for (let waited = 0; open.size > 0 && waited < 500; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(open.size).toBe(0);
    } finally {
      relay.server.close();
      await upstream.close();
    }
  });
});
