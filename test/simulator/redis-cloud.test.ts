import { RedisCloudSimulator, RedisCloudSimulatorOptions } from "../../src/simulator/redis-cloud";
import { SimResponse } from "../../src/simulator/types";
import { credentials } from "../support/cloud-account";

const auth = { "x-api-key": credentials.accessKey, "x-api-secret-key": credentials.secretKey };
const pro = { subscriptionId: 1234, databaseId: 5678, plan: "pro" } as const;
const DB = "/v1/subscriptions/1234/databases/5678";

function simulator(options: Partial<RedisCloudSimulatorOptions> = {}): RedisCloudSimulator {
  return new RedisCloudSimulator({ credentials, stepsPerTask: 2, ...options });
}

function call(sim: RedisCloudSimulator, method: string, target: string, body?: unknown, headers: Record<string, string> = auth): SimResponse {
  const url = new URL(target, "https://sim");
  const response = sim.handle({
    method,
    path: url.pathname,
    query: url.searchParams,
    headers: { ...headers, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body,
  });
  if (!response) throw new Error(`no route for ${method} ${target}`);
  return response;
}

const bodyOf = (response: SimResponse) => response.body as Record<string, unknown>;

describe("RedisCloudSimulator", () => {
  it("owns only the Cloud API's paths, so it can share a server with the Redis Software simulator", () => {
    const sim = simulator();
    expect(sim.handle({ method: "GET", path: "/v1/bdbs", query: new URLSearchParams(), headers: auth, body: undefined })).toBeUndefined();
  });

  it("answers 401 without both keys", () => {
    const sim = simulator();
    sim.addDatabase({ ...pro, version: "7.2" });
    expect(call(sim, "GET", DB, undefined, { "x-api-key": credentials.accessKey })).toMatchObject({
      status: 401,
      body: { status: 401, description: expect.stringMatching(/^Unauthorized - Authentication failed for requested resource/) },
    });
  });

  it("counts requests per minute and answers 429 with X-Rate-Limit-Remaining past the limit", () => {
    let now = 0;
    const sim = simulator({ rateLimitPerMinute: 2, now: () => now });
    sim.addDatabase({ ...pro, version: "7.2" });
    expect(call(sim, "GET", DB).headers).toEqual({ "X-Rate-Limit-Remaining": "1" });
    expect(call(sim, "GET", DB).headers).toEqual({ "X-Rate-Limit-Remaining": "0" });
    expect(call(sim, "GET", DB)).toMatchObject({ status: 429, headers: { "X-Rate-Limit-Remaining": "0" } });
    now += 60_000;
    expect(call(sim, "GET", DB).status).toBe(200);
  });

  it("serves Pro databases under /v1/subscriptions and Essentials ones only under /v1/fixed", () => {
    const sim = simulator();
    sim.addDatabase({ subscriptionId: 77, databaseId: 88, plan: "essentials", version: "7.4.2" });
    expect(call(sim, "GET", "/v1/subscriptions/77/databases/88")).toMatchObject({ status: 404, body: { status: 404, description: expect.stringMatching(/Database 88 was not found/) } });
    expect(bodyOf(call(sim, "GET", "/v1/fixed/subscriptions/77/databases/88"))).toMatchObject({
      databaseId: 88,
      redisVersion: "7.4",
      redisVersionCompliance: "7.4.2",
      status: "active",
    });
  });

  it("runs one task per account at a time: the next waits in received", () => {
    const sim = simulator();
    sim.addDatabase({ ...pro, version: "7.2" });
    sim.addDatabase({ subscriptionId: 1234, databaseId: 9, plan: "pro", version: "7.2" });
    const first = bodyOf(call(sim, "POST", `${DB}/upgrade`, { targetRedisVersion: "7.4" }));
    const second = bodyOf(call(sim, "POST", "/v1/subscriptions/1234/databases/9/upgrade", { targetRedisVersion: "7.4" }));
    expect(first).toMatchObject({ status: "received", commandType: "databaseUpgradeRequest" });
    expect(bodyOf(call(sim, "GET", `/v1/tasks/${first.taskId}`)).status).toBe("processing-in-progress");
    expect(bodyOf(call(sim, "GET", `/v1/tasks/${second.taskId}`)).status).toBe("received");
    expect(bodyOf(call(sim, "GET", `/v1/tasks/${first.taskId}`))).toMatchObject({
      status: "processing-completed",
      response: { resourceId: 5678, additionalResourceId: 1234 },
    });
    expect(bodyOf(call(sim, "GET", `/v1/tasks/${second.taskId}`)).status).toBe("processing-in-progress");
  });

  it("shows the upgrade on the database, its upgrade status and its subscription until it lands", () => {
    const sim = simulator();
    sim.addDatabase({ ...pro, version: "7.2" });
    expect(call(sim, "GET", `${DB}/upgrade`)).toMatchObject({ status: 404, body: { status: 404, description: expect.stringMatching(/No upgrade was requested/) } });
    call(sim, "POST", `${DB}/upgrade`, { targetRedisVersion: "7.4" });
    while (sim.database(1234, 5678).status === "active") call(sim, "GET", DB);
    expect(sim.subscriptionStatus(1234)).toBe("pending");
    expect(bodyOf(call(sim, "GET", `${DB}/upgrade`))).toMatchObject({ targetRedisVersion: "7.4", upgradeStatus: "in-progress", progress: 50 });
    expect(bodyOf(call(sim, "GET", `${DB}/upgrade`))).toMatchObject({ upgradeStatus: "done", progress: 100 });
    expect(sim.database(1234, 5678)).toMatchObject({ redisVersion: "7.4", redisVersionCompliance: "7.4.0", status: "active" });
    expect(sim.subscriptionStatus(1234)).toBe("active");
  });

  it("refuses a second upgrade while one is queued or running", () => {
    const sim = simulator();
    sim.addDatabase({ ...pro, version: "7.2" });
    call(sim, "POST", `${DB}/upgrade`, { targetRedisVersion: "7.4" });
    expect(call(sim, "POST", `${DB}/upgrade`, { targetRedisVersion: "7.4" })).toMatchObject({
      status: 409,
      body: { status: 409, description: expect.stringMatching(/^Conflict - .*already running/) },
    });
    expect(sim.database(1234, 5678).upgradeRequests).toEqual(["7.4", "7.4"]);
  });

  it("fails a task for a version the database cannot go to, in the task's error object", () => {
    const sim = simulator();
    sim.addDatabase({ ...pro, version: "7.4" });
    const task = bodyOf(call(sim, "POST", `${DB}/upgrade`, { targetRedisVersion: "7.2" }));
    for (let i = 0; i < 3; i++) call(sim, "GET", DB);
    expect(bodyOf(call(sim, "GET", `/v1/tasks/${task.taskId}`))).toMatchObject({
      status: "processing-error",
      description: "Task request failed during processing. See error information for failure details.",
      response: { error: { type: "DATABASE_UPGRADE_INVALID_REDIS_VERSION", status: "400 BAD_REQUEST" } },
    });
    expect(sim.database(1234, 5678).redisVersion).toBe("7.4");
  });

  it("rejects a body with more than targetRedisVersion, as the real API rejects unknown fields", () => {
    const sim = simulator();
    sim.addDatabase({ ...pro, version: "7.2" });
    expect(call(sim, "POST", `${DB}/upgrade`, { targetRedisVersion: "7.4", databaseId: 5678 })).toMatchObject({ status: 400 });
    expect(call(sim, "POST", `${DB}/upgrade`, { redisVersion: "7.4" })).toMatchObject({ status: 400 });
  });

  it("refuses an Active-Active upgrade with 412 when self-service is switched off", () => {
    const sim = simulator();
    sim.addDatabase({ ...pro, version: "7.4", activeActive: true });
    sim.disableActiveActiveUpgrade();
    expect(call(sim, "POST", `${DB}/upgrade`, { targetRedisVersion: "8.2" })).toMatchObject({
      status: 412,
      body: { status: 412, description: expect.stringMatching(/^Precondition Failed - Feature flag for this flow is off/) },
    });
  });

  it("hides a new task for a number of reads", () => {
    const sim = simulator();
    sim.addDatabase({ ...pro, version: "7.2" });
    sim.hideNextTaskFor(2);
    const task = bodyOf(call(sim, "POST", `${DB}/upgrade`, { targetRedisVersion: "7.4" }));
    expect(call(sim, "GET", `/v1/tasks/${task.taskId}`).status).toBe(404);
    expect(call(sim, "GET", `/v1/tasks/${task.taskId}`).status).toBe(404);
    expect(call(sim, "GET", `/v1/tasks/${task.taskId}`).status).toBe(200);
  });

  it("lists versions per plan; the Essentials list requires subscriptionId", () => {
    const sim = simulator();
    expect(bodyOf(call(sim, "GET", "/v1/subscriptions/redis-versions")).redisVersions).toContainEqual({
      version: "8.2",
      eolDate: "2030-09-01",
      isPreview: false,
      isDefault: true,
    });
    expect(call(sim, "GET", "/v1/fixed/redis-versions").status).toBe(400);
    expect(bodyOf(call(sim, "GET", "/v1/fixed/redis-versions?subscriptionId=77")).redisVersions).toContainEqual(
      expect.objectContaining({ version: "8.0", isPreview: true }),
    );
    expect(sim.versions("pro")).toEqual(["6.2", "7.2", "7.4", "8.2", "8.4", "8.6"]);
  });

  it("offers later GA versions as upgrade targets", () => {
    const sim = simulator();
    sim.addDatabase({ subscriptionId: 77, databaseId: 88, plan: "essentials", version: "7.4" });
    expect(bodyOf(call(sim, "GET", "/v1/fixed/subscriptions/77/databases/88/available-target-versions"))).toEqual({
      targets: [{ redisVersion: "8.2" }, { redisVersion: "8.4" }, { redisVersion: "8.6" }],
    });
  });

  describe("lists a subscription's databases page by page, as rediscloud-go-api's pager reads them", () => {
    const ids = (response: SimResponse): number[] => {
      const { subscription } = bodyOf(response) as { subscription: unknown };
      const entries = (Array.isArray(subscription) ? subscription : [subscription]) as Array<{ databases: Array<{ databaseId: number }> }>;
      return entries.flatMap((entry) => entry.databases.map((db) => db.databaseId));
    };

    it("Pro: offset and limit choose the page, and a page past the last database answers 404 (database_test.go L171)", () => {
      const sim = simulator();
      for (let databaseId = 1; databaseId <= 5; databaseId++) sim.addDatabase({ subscriptionId: 9, databaseId, plan: "pro", version: "7.4" });
      expect(ids(call(sim, "GET", "/v1/subscriptions/9/databases?offset=0&limit=2"))).toEqual([1, 2]);
      expect(ids(call(sim, "GET", "/v1/subscriptions/9/databases?offset=4&limit=2"))).toEqual([5]);
      expect(ids(call(sim, "GET", "/v1/subscriptions/9/databases"))).toEqual([1, 2, 3, 4, 5]);
      expect(call(sim, "GET", "/v1/subscriptions/9/databases?offset=100&limit=100").status).toBe(404);
      expect(bodyOf(call(sim, "GET", "/v1/subscriptions/9/databases?offset=0&limit=2")).subscription).toEqual([
        expect.objectContaining({ subscriptionId: 9, numberOfDatabases: 2 }),
      ]);
    });

    it("Essentials: a page past the last database is empty, with numberOfDatabases 0 (fixed_database_test.go L187-207)", () => {
      const sim = simulator();
      sim.addDatabase({ subscriptionId: 77, databaseId: 88, plan: "essentials", version: "7.4" });
      const past = call(sim, "GET", "/v1/fixed/subscriptions/77/databases?offset=100&limit=100");
      expect(past.status).toBe(200);
      expect(bodyOf(past).subscription).toEqual(expect.objectContaining({ subscriptionId: 77, numberOfDatabases: 0, databases: [] }));
    });

    it("refuses an offset or limit that is not a whole number", () => {
      const sim = simulator();
      sim.addDatabase({ subscriptionId: 9, databaseId: 1, plan: "pro", version: "7.4" });
      expect(call(sim, "GET", "/v1/subscriptions/9/databases?offset=-1").status).toBe(400);
      expect(call(sim, "GET", "/v1/subscriptions/9/databases?limit=0").status).toBe(400);
    });
  });
});
