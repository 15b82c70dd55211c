import { apply } from "../../src/cli/apply";
import { SPEC_ENV } from "../../src/spec";
import { RedisSoftwareSimulator } from "../../src/simulator/redis-software";
import { RunningServer, serve } from "../../src/simulator/server";
import { upgradePosts } from "../support/served";
import { softwareSpec } from "../support/specs";
import { recordingLogger } from "../support/logger";

const credentials = { username: "apply@example.com", password: "apply-password" };

/*
 * The handler of a production pin reads its staging predecessor live, and
 * measures the soak from the bdb's last_changed_time: time passes in the
 * simulator (age), and a change of staging's configuration restarts it.
 */
describe("apply with upgradeAfter and soakHours, against the simulator", () => {
  let simulator: RedisSoftwareSimulator;
  let server: RunningServer;

  beforeEach(async () => {
    simulator = new RedisSoftwareSimulator({ credentials, stepsPerUpgrade: 2 });
    simulator.addDatabase({ uid: 22, version: "7.4", replication: true });
    simulator.addDatabase({ uid: 12, version: "7.2", replication: true });
    server = await serve({ controlPlanes: [simulator], lifetimeMs: 60_000 });
  });
  afterEach(() => server.close());

  async function applyProduction() {
    const cluster = { url: server.url };
    const staging = { ...softwareSpec({ address: "staging/orders", cluster, databaseUid: 22 }), soakHours: 48 };
    const spec = softwareSpec({ address: "production/orders", cluster, databaseUid: 12, upgradeAfter: [staging] });
    const log = recordingLogger();
    const env = { [SPEC_ENV]: JSON.stringify(spec), REDIS_SOFTWARE_USERNAME: credentials.username, REDIS_SOFTWARE_PASSWORD: credentials.password, REDIS_VERSION_POLL_INTERVAL_MS: "100" };
    const code = await apply({ env, log, cwd: process.cwd() });
    return { code, output: log.lines.join("\n") };
  }

  it("defers while staging soaks, restarts the soak on a change of staging's configuration, and upgrades once it has soaked", async () => {
    const fresh = await applyProduction();
    expect(fresh.code).toBe(1);
    expect(fresh.output).toMatch(/production\/orders \([^)]*\): deferred: upgradeAfter: staging\/orders runs 7\.4\.2 \(its pin 7\.4\) and has soaked 0h 00m of 48h, since its last change \(last_changed_time \S+ of bdb 22\)/);
    expect(fresh.output).toMatch(/the soak completes \w{3} [\d-]+ \d\d:\d\d UTC/);

    simulator.age(47);
    simulator.changeConfiguration(22);
    simulator.age(2);
    const changed = await applyProduction();
    expect(changed.code).toBe(1);
    // Two hours since the change, less the second it was recorded in: the 47 hours before it no longer count.
    expect(changed.output).toMatch(/has soaked (1h 59m|2h 00m) of 48h/);

    simulator.age(46.1);
    const soaked = await applyProduction();
    expect(soaked.code).toBe(0);
    expect(soaked.output).toMatch(/production\/orders \([^)]*\): upgraded 7\.2\.\d+ → 7\.4/);
    expect(upgradePosts(server).map((request) => request.path)).toEqual(["/v1/bdbs/12/upgrade"]);
  });
});
