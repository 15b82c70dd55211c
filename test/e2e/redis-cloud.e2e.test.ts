import { RedisCloudPlan } from "../../src";
import { RedisCloudSimulator } from "../../src/simulator/redis-cloud";
import { cloudCredentials as credentials, simulatedCloudEachTest } from "./simulated-cloud";
import {
  apply,
  descendantsMatching,
  expectNoSecretsIn,
  initAndApply,
  startTerraform,
  terraform,
  terraformOrSkip,
  waitFor,
} from "../support/terraform";
import { holdReads } from "../support/served";

const suite = terraformOrSkip();

suite("Redis Cloud database pin, real terraform against the simulator over TLS", () => {
  const { sim, stack } = simulatedCloudEachTest();

  it("upgrades a Pro database 7.4 to 8.2, keeping both keys out of cdk.tf.json, the state and the output; a second apply sends nothing", async () => {
    sim.simulator.addDatabase({ subscriptionId: 1234, databaseId: 5678, plan: "pro", version: "7.4" });
    const dir = stack();
    const first = await initAndApply(dir, sim.env());
    expect(first.code).toBe(0);
    expect(first.output).toMatch(/pinned 8\.2: upgrading from 7\.4 to 8\.2/);
    expect(first.output.match(/: upgraded 7\.4 → 8\.2/g)).toHaveLength(1);
    expect(sim.simulator.database(1234, 5678).redisVersion).toBe("8.2");
    expect(sim.upgradePosts()).toHaveLength(1);
    expectNoSecretsIn(dir, first.output, [credentials.accessKey, credentials.secretKey]);

    const before = sim.server.requests.length;
    const second = await apply(dir, sim.env());
    expect(second.code).toBe(0);
    expect(sim.server.requests.length).toBe(before);
  });

  it("upgrades an Essentials database under /v1/fixed", async () => {
    sim.simulator.addDatabase({ subscriptionId: 77, databaseId: 88, plan: "essentials", version: "7.4" });
    const result = await initAndApply(stack({ subscriptionId: 77, databaseId: 88, plan: RedisCloudPlan.ESSENTIALS }), sim.env());
    expect(result.code).toBe(0);
    expect(sim.upgradePosts().map((r) => r.path)).toEqual(["/v1/fixed/subscriptions/77/databases/88/upgrade"]);
    expect(sim.simulator.database(77, 88).redisVersion).toBe("8.2");
  });

  it("fails the apply with what to do when self-service Active-Active upgrades are off", async () => {
    sim.simulator.addDatabase({ subscriptionId: 1234, databaseId: 5678, plan: "pro", version: "7.4", activeActive: true });
    sim.simulator.disableActiveActiveUpgrade();
    const result = await initAndApply(stack({ plan: RedisCloudPlan.ACTIVE_ACTIVE }), sim.env());
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/self-service version upgrades of Active-Active databases are switched off/);
    expect(result.output).toMatch(/Open a support ticket/);
    expect(sim.simulator.database(1234, 5678).redisVersion).toBe("7.4");
  });

  it("resumes the running upgrade after the handler is killed, without a second POST", async () => {
    // Long enough that the upgrade is still running when the handler's next read is held.
    await sim.replace(new RedisCloudSimulator({ credentials, stepsPerTask: 12 }));
    sim.simulator.addDatabase({ subscriptionId: 1234, databaseId: 5678, plan: "pro", version: "7.4" });
    const dir = stack();
    expect((await terraform(dir, ["init", "-input=false", "-no-color"], sim.env())).code).toBe(0);
    const run = startTerraform(dir, ["apply", "-auto-approve", "-input=false", "-no-color"], sim.env());
    await waitFor(() => /database active-upgrade-pending/.test(run.output()), "the database upgrading");
    // Held reads instead of slow polls: the handler waits mid-follow for the kill, not the test for the handler.
    holdReads(sim.server);
    descendantsMatching(run.child.pid!, "handler.cjs").forEach((pid) => process.kill(pid, "SIGKILL"));
    expect((await run.done).code).not.toBe(0);
    expect(sim.simulator.database(1234, 5678).redisVersion).toBe("7.4");
    sim.server.faults.clear();

    const resumed = await apply(dir, sim.env());
    expect(resumed.code).toBe(0);
    expect(resumed.output).toMatch(/an upgrade is already running \(GET \/v1\/subscriptions\/1234\/databases\/5678\/upgrade\); following it/);
    expect(sim.simulator.database(1234, 5678).redisVersion).toBe("8.2");
    expect(sim.upgradePosts()).toHaveLength(1);
  });
});

