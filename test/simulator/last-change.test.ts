import { databaseSchema } from "../../src/platforms/redis-cloud/schemas";
import { bdbSchema } from "../../src/platforms/redis-software";
import { RedisCloudSimulator } from "../../src/simulator/redis-cloud";
import { RedisSoftwareSimulator } from "../../src/simulator/redis-software";
import { serve } from "../../src/simulator/server";
import { credentials as cloudCredentials } from "../support/cloud-account";
import { softwareCaller } from "../support/software-call";

const HOUR = 3_600_000;
const credentials = { username: "ops@example.com", password: "Sim-Pa55" };
const cloudAuth = { "x-api-key": cloudCredentials.accessKey, "x-api-secret-key": cloudCredentials.secretKey };

function software() {
  const simulator = new RedisSoftwareSimulator({ credentials, stepsPerUpgrade: 2 });
  simulator.addDatabase({ uid: 1, version: "7.2", replication: true });
  const call = softwareCaller(simulator, credentials);
  return { simulator, changed: () => Date.parse(bdbSchema.parse(call("GET", "/v1/bdbs/1").body).last_changed_time!), call };
}

function cloud(now: () => number) {
  const simulator = new RedisCloudSimulator({ credentials: cloudCredentials, stepsPerTask: 1, now });
  simulator.addDatabase({ subscriptionId: 1, databaseId: 2, plan: "pro", version: "7.2" });
  const call = (method: string, path: string, body?: unknown) =>
    simulator.handle({ method, path, query: new URLSearchParams(), headers: { ...cloudAuth, "content-type": "application/json" }, body })!;
  const changed = () => Date.parse(databaseSchema.parse(call("GET", "/v1/subscriptions/1/databases/2").body).lastModified!);
  return { simulator, call, changed };
}

/*
 * A soak is measured from the control plane's record of a database's last
 * change: the simulators keep it as the captures show it, move it on an
 * upgrade and on a change of configuration, and can make time pass.
 */
describe("the simulators' record of a database's last change", () => {
  it("Redis Software: last_changed_time moves back when aged, and to now on an upgrade and on a change of configuration", () => {
    const { simulator, changed, call } = software();
    const seeded = changed();
    simulator.age(48);
    expect(changed()).toBe(seeded - 48 * HOUR);
    expect(simulator.database(1).created_time).toBe(simulator.database(1).last_changed_time);

    call("POST", "/v1/bdbs/1/upgrade", { redis_version: "7.4" });
    const [action] = simulator.actions(1);
    while (call("GET", `/v1/actions/${action.uid}`).body.status !== "completed");
    expect(changed()).toBeGreaterThanOrEqual(seeded - 1000);

    simulator.age(1.5);
    simulator.changeConfiguration(1);
    expect(changed()).toBeGreaterThan(Date.now() - 2000);
  });

  it("Redis Cloud: lastModified moves back when aged, and to now on an upgrade and on a change of configuration", () => {
    let now = Date.parse("2026-12-01T12:00:00Z");
    const { simulator, call, changed } = cloud(() => now);
    simulator.age(0.5);
    expect(changed()).toBe(now - 0.5 * HOUR);

    now += HOUR;
    call("POST", "/v1/subscriptions/1/databases/2/upgrade", { targetRedisVersion: "7.4" });
    while (simulator.database(1, 2).redisVersion !== "7.4" || simulator.database(1, 2).status !== "active") call("GET", "/v1/subscriptions/1/databases/2");
    expect(changed()).toBe(now);

    now += HOUR;
    simulator.changeConfiguration(1, 2);
    expect(changed()).toBe(now);
  });

  it("POST /__sim/age makes time pass for every control plane on the server, and refuses anything but a positive number of hours", async () => {
    const sw = software();
    const cl = cloud(Date.now);
    const server = await serve({ controlPlanes: [sw.simulator, cl.simulator] });
    try {
      const [softwareBefore, cloudBefore] = [sw.changed(), cl.changed()];
      const post = (body: unknown) => fetch(`${server.url}/__sim/age`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
      expect((await post({ hours: 72 })).status).toBe(200);
      expect([sw.changed(), cl.changed()]).toEqual([softwareBefore - 72 * HOUR, cloudBefore - 72 * HOUR]);
      for (const bad of [{ hours: 0 }, { hours: "72" }, { days: 3 }]) expect((await post(bad)).status).toBe(400);
      expect(sw.changed()).toBe(softwareBefore - 72 * HOUR);
    } finally {
      await server.close();
    }
  });
});
