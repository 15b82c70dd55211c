import { RedisCloudSimulator } from "../../../src/simulator/redis-cloud";
import { RunningServer, serve } from "../../../src/simulator/server";
import { credentials } from "../../support/cloud-account";

const auth = { "x-api-key": credentials.accessKey, "x-api-secret-key": credentials.secretKey };
const DB = "/v1/subscriptions/1234/databases/5678";

/** The /__sim/cloud controls through the server, as `redis-version simulate` serves them to another process. */
describe("Redis Cloud simulator controls", () => {
  let simulator: RedisCloudSimulator;
  let server: RunningServer;

  beforeEach(async () => {
    simulator = new RedisCloudSimulator({ credentials, stepsPerTask: 2 });
    simulator.addDatabase({ subscriptionId: 1234, databaseId: 5678, plan: "pro", version: "7.2", activeActive: true });
    server = await serve({ controlPlanes: [simulator], lifetimeMs: 60_000 });
  });
  afterEach(() => server.close());

  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: { ...headers, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  };
  const api = (method: string, path: string, body?: unknown) => call(method, path, body, auth);

  /** Requests an upgrade and polls its task to the end, as a client would. */
  async function upgradeTo(target: string): Promise<void> {
    const accepted = await api("POST", `${DB}/upgrade`, { targetRedisVersion: target });
    expect(accepted.status).toBe(200);
    for (let polls = 0; polls < 10; polls++) {
      if ((await api("GET", `/v1/tasks/${accepted.body.taskId}`)).body.status === "processing-completed") return;
    }
    throw new Error("the upgrade task never completed");
  }

  it("holds an accepted Active-Active upgrade once switched to scheduled, and starts it when the window is opened", async () => {
    expect(await call("POST", "/__sim/cloud/active-active-upgrades", { mode: "scheduled" })).toEqual({ status: 200, body: { activeActiveUpgrades: "scheduled" } });
    await upgradeTo("7.4");
    expect((await api("GET", `${DB}/upgrade`)).body).toMatchObject({ upgradeStatus: "scheduled", targetRedisVersion: "7.4" });

    expect(await call("POST", "/__sim/cloud/subscriptions/1234/maintenance-window")).toEqual({ status: 200, body: { opened: 1234 } });
    expect(simulator.database(1234, 5678)).toMatchObject({ status: "active-upgrade-pending", upgradeStatus: "in-progress" });
    // The controls are not requests to the API: the server does not record them among those.
    expect(server.requests.filter((request) => request.path.startsWith("/__sim/"))).toEqual([]);
  });

  it("runs Active-Active upgrades at once again when switched back to immediate", async () => {
    await call("POST", "/__sim/cloud/active-active-upgrades", { mode: "scheduled" });
    await call("POST", "/__sim/cloud/active-active-upgrades", { mode: "immediate" });
    await upgradeTo("7.4");
    expect(simulator.database(1234, 5678).upgradeStatus).toBe("in-progress");
  });

  it.each([
    ["an unknown mode", "/__sim/cloud/active-active-upgrades", { mode: "later" }, 400, /expected \{"mode":"immediate"\} or \{"mode":"scheduled"\}/],
    ["no body", "/__sim/cloud/active-active-upgrades", undefined, 400, /expected/],
    ["an unknown subscription", "/__sim/cloud/subscriptions/99/maintenance-window", undefined, 404, /the simulator has no subscription 99/],
    ["an unknown control", "/__sim/cloud/nothing", undefined, 404, /unknown simulator control endpoint/],
  ])("answers %s with a clear error and changes nothing", async (_what, path, body, status, description) => {
    const answer = await call("POST", path, body);
    expect(answer.status).toBe(status);
    expect(answer.body.description).toMatch(description);
    await upgradeTo("7.4");
    expect(simulator.database(1234, 5678).upgradeStatus).toBe("in-progress");
  });
});
