import { RedisCloudPlan } from "../../src";
import { simulatedCloudEachTest } from "./simulated-cloud";
import { virtualClock } from "../support/clock";
import { applyInProcess } from "../support/in-process";
import { initAndApply, terraformOrSkip } from "../support/terraform";

const suite = terraformOrSkip();

suite("Redis Cloud database pin under Active-Active, faults and a downgrade, real terraform against the simulator over TLS", () => {
  const { sim, stack } = simulatedCloudEachTest();

  it("upgrades an Active-Active Pro database 7.4 to 8.2 and notes it is Active-Active", async () => {
    sim.simulator.addDatabase({ subscriptionId: 1234, databaseId: 5678, plan: "pro", version: "7.4", activeActive: true });
    const result = await initAndApply(stack({ plan: RedisCloudPlan.ACTIVE_ACTIVE }), sim.env());
    expect(result.code).toBe(0);
    expect(result.output).toMatch(/an Active-Active database \(us-east-1 7\.4\.0, eu-west-1 7\.4\.0\): one request upgrades every region, and every database of the subscription/);
    expect(result.output).toMatch(/pinned 8\.2: upgrading from 7\.4 to 8\.2/);
    expect(result.output.match(/: upgraded 7\.4 → 8\.2/g)).toHaveLength(1);
    expect(sim.simulator.database(1234, 5678)).toMatchObject({ activeActive: true, redisVersion: "8.2", upgradeRequests: ["8.2"] });
    expect(sim.upgradePosts().map((r) => r.path)).toEqual(["/v1/subscriptions/1234/databases/5678/upgrade"]);
  });

  it("survives a 429 with Retry-After on the first database read and a task that answers 404 for two polls, waiting the retry's second and no minute for the budget", async () => {
    sim.simulator.addDatabase({ subscriptionId: 1234, databaseId: 5678, plan: "pro", version: "7.4" });
    sim.server.faults.add({
      method: "GET",
      path: "/databases/",
      times: 1,
      fault: {
        kind: "status",
        status: 429,
        headers: { "Retry-After": "1" },
        body: { status: "429 TOO_MANY_REQUESTS", description: "Too Many Requests - the account's requests per minute are used up" },
      },
    });
    sim.simulator.hideNextTaskFor(2);
    // Virtual clock: the retry's second (Retry-After: 1, plus jitter) and the polls pass at once; no part of this needs terraform.
    const clock = virtualClock(Date.now());
    const result = await applyInProcess(stack(), sim.env(), clock);
    expect(result.code).toBe(0);
    expect(result.output).toMatch(
      /GET \/v1\/subscriptions\/1234\/databases\/5678 answered 429: Too Many Requests[^\n]*; retrying in [12]\.\ds \(attempt 2 of 10\)/,
    );
    // The 429 lowers this machine's ceiling no lower than a quarter of its budget: room for the whole upgrade, so no wait for the budget.
    expect(clock.slept[0]).toBeGreaterThanOrEqual(1_000);
    expect(Math.max(...clock.slept)).toBeLessThan(2_000);
    expect(result.output).not.toMatch(/for the budget/);
    expect(sim.simulator.database(1234, 5678).redisVersion).toBe("8.2");
    expect(sim.upgradePosts()).toHaveLength(1);
    // The first request, the GET of the database, met the 429 and the very next one sent it again.
    expect(sim.server.requests.slice(0, 2).map((r) => `${r.method} ${r.path}`)).toEqual([
      "GET /v1/subscriptions/1234/databases/5678",
      "GET /v1/subscriptions/1234/databases/5678",
    ]);
    // Two reads of the task answered 404 and polling went on past them to the task itself.
    const taskReads = sim.server.requests.filter((r) => r.method === "GET" && /^\/v1\/tasks\/[^/]+$/.test(r.path));
    expect(taskReads.length).toBeGreaterThanOrEqual(3);
  });

  it("refuses a downgrade from 8.2 to 7.4: the apply fails and no POST is sent", async () => {
    sim.simulator.addDatabase({ subscriptionId: 1234, databaseId: 5678, plan: "pro", version: "8.2" });
    const result = await initAndApply(stack({ redisVersion: "7.4" }), sim.env());
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/refused: the database runs 8\.2, a newer major version than the pin 7\.4, and a downgrade is never sent/);
    expect(sim.server.requests.filter((r) => r.method === "POST")).toHaveLength(0);
    expect(sim.simulator.database(1234, 5678)).toMatchObject({ redisVersion: "8.2", upgradeRequests: [] });
  });
});
