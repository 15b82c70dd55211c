import { RunFailure, UserFacingError } from "../../../src/core/errors";
import { CloudWorld, credentials, startCloud } from "../../support/cloud-account";
import { parseVersion } from "../../../src/versions";

const failureOf = (promise: Promise<unknown>) => promise.then(() => undefined, (error: Error) => error);

describe("cloudDatabaseUpgrader with run() against the simulator over HTTPS", () => {
  let cloud: CloudWorld;
  const output = () => cloud.context.log.lines.join("\n");

  beforeEach(async () => {
    cloud = await startCloud();
  });
  afterEach(() => cloud.close());

  const pro = { subscriptionId: 1234, databaseId: 5678, plan: "pro" } as const;
  const essentials = { subscriptionId: 77, databaseId: 88, plan: "essentials", allowMajorVersionUpgrade: true } as const;
  const activeActive = { ...pro, plan: "active-active" } as const;

  it("upgrades a Pro database: task, database, subscription, then verifies", async () => {
    cloud.simulator.addDatabase({ ...pro, version: "7.2" });
    const outcome = await cloud.apply({ ...pro, redisVersion: "7.4" });
    expect(outcome).toMatchObject({ kind: "upgraded" });
    expect(outcome.summary).toMatch(/Redis Cloud Pro database 5678 in subscription 1234\): upgraded 7\.2 → 7\.4/);
    expect(cloud.upgradePosts()).toMatchObject([{ path: "/v1/subscriptions/1234/databases/5678/upgrade", body: { targetRedisVersion: "7.4" } }]);
    expect(cloud.simulator.database(1234, 5678)).toMatchObject({ redisVersion: "7.4", redisVersionCompliance: "7.4.0", status: "active" });
    expect(cloud.simulator.subscriptionStatus(1234)).toBe("active");
    expect(output()).toMatch(/upgrade requested, following GET \/v1\/tasks\/[0-9a-f-]{36}/);
    expect(output()).toMatch(/database active-upgrade-pending \d+% \(upgrading to 7\.4\)/);
  });

  it("upgrades an Essentials database under /v1/fixed", async () => {
    cloud.simulator.addDatabase({ ...essentials, version: "7.4" });
    const outcome = await cloud.apply({ ...essentials, redisVersion: "8.2" });
    expect(outcome.kind).toBe("upgraded");
    expect(cloud.upgradePosts()).toMatchObject([{ path: "/v1/fixed/subscriptions/77/databases/88/upgrade", body: { targetRedisVersion: "8.2" } }]);
    expect(cloud.simulator.database(77, 88).redisVersion).toBe("8.2");
  });

  it("upgrades an Active-Active database through the same endpoint and says what it is", async () => {
    cloud.simulator.addDatabase({ ...pro, version: "7.4", activeActive: true, regions: ["us-east-1", "eu-west-1"] });
    const outcome = await cloud.apply({ ...activeActive, redisVersion: "8.2" });
    expect(outcome.kind).toBe("upgraded");
    expect(cloud.upgradePosts()).toHaveLength(1);
    expect(output()).toMatch(/an Active-Active database \(us-east-1 7\.4\.0, eu-west-1 7\.4\.0\)/);
    expect(cloud.simulator.database(1234, 5678).redisVersion).toBe("8.2");
  });

  it("refuses clearly when self-service Active-Active upgrades are switched off (412)", async () => {
    cloud.simulator.addDatabase({ ...pro, version: "7.4", activeActive: true });
    cloud.simulator.disableActiveActiveUpgrade();
    const error = await failureOf(cloud.apply({ ...activeActive, redisVersion: "8.2" }));
    expect(error).toBeInstanceOf(UserFacingError);
    expect(error?.message).toMatch(/self-service version upgrades of Active-Active databases are switched off for this Redis Cloud account/);
    expect(error?.message).toMatch(/was not changed\. Open a support ticket \(https:\/\/support\.redislabs\.com/);
    expect(error?.message).toMatch(/Redis Cloud said: 412: Precondition Failed - Feature flag for this flow is off/);
    expect(cloud.simulator.database(1234, 5678).redisVersion).toBe("7.4");
  });

  it("gives the same advice when the switched-off Active-Active upgrade fails in the task", async () => {
    cloud.simulator.addDatabase({ ...pro, version: "7.4", activeActive: true });
    cloud.simulator.disableActiveActiveUpgrade("task-error");
    const error = await failureOf(cloud.apply({ ...activeActive, redisVersion: "8.2" }));
    expect(error).toBeInstanceOf(RunFailure);
    expect(error?.message).toMatch(/the upgrade failed: self-service version upgrades of Active-Active databases are switched off/);
  });

  it("survives a 429 with Retry-After and tasks that answer 404 at first", async () => {
    cloud.simulator.addDatabase({ ...pro, version: "7.2" });
    cloud.server.faults.add({
      method: "POST",
      path: "/upgrade$",
      fault: { kind: "status", status: 429, headers: { "Retry-After": "3", "X-Rate-Limit-Remaining": "0" }, body: { status: 429, message: "Too Many Requests" } },
    });
    cloud.simulator.hideNextTaskFor(3);
    const outcome = await cloud.apply({ ...pro, redisVersion: "7.4" });
    expect(outcome.kind).toBe("upgraded");
    const posts = cloud.upgradePosts();
    expect(posts).toHaveLength(2);
    expect(cloud.transport.slept).toContain(3000);
    const taskPolls = cloud.server.requests.filter((request) => request.path.startsWith("/v1/tasks/"));
    expect(taskPolls.length).toBeGreaterThan(3);
    expect(cloud.simulator.database(1234, 5678).upgradeRequests).toEqual(["7.4"]);
  });

  it("waits its turn behind another task of the account without timing out", async () => {
    cloud.simulator.addDatabase({ ...pro, version: "7.2" });
    cloud.simulator.queueForeignTask(40);
    const outcome = await cloud.apply({ ...pro, redisVersion: "7.4" });
    expect(outcome.kind).toBe("upgraded");
    expect(output()).toMatch(/task queued \(Redis Cloud runs one task per account at a time/);
  });

  it("sends no POST on a second run", async () => {
    cloud.simulator.addDatabase({ ...pro, version: "7.2" });
    await cloud.apply({ ...pro, redisVersion: "7.4" });
    const second = await cloud.apply({ ...pro, redisVersion: "7.4" });
    expect(second).toMatchObject({ kind: "noop" });
    expect(cloud.upgradePosts()).toHaveLength(1);
  });

  it("sends nothing for a downgrade across majors, and says how to go back", async () => {
    cloud.simulator.addDatabase({ ...pro, version: "8.2" });
    const error = await failureOf(cloud.apply({ ...pro, redisVersion: "7.4" }));
    expect(error).toBeInstanceOf(RunFailure);
    expect(error?.message).toMatch(/a downgrade is never sent/);
    expect(cloud.upgradePosts()).toHaveLength(0);
  });

  it("treats a newer minor of the pinned major as satisfied", async () => {
    cloud.simulator.addDatabase({ ...pro, version: "7.4" });
    expect(await cloud.apply({ ...pro, redisVersion: "7.2" })).toMatchObject({ kind: "noop" });
    expect(cloud.upgradePosts()).toHaveLength(0);
  });

  it("refuses a version the database cannot go to, listing the ones it can, before sending anything", async () => {
    cloud.simulator.addDatabase({ ...pro, version: "7.2" });
    const error = await failureOf(cloud.apply({ ...pro, redisVersion: "7.3" }));
    expect(error?.message).toMatch(/7\.3 is not a version this control plane can upgrade to; it offers 7\.4, 8\.2, 8\.4, 8\.6/);
    expect(cloud.upgradePosts()).toHaveLength(0);
  });

  it("follows an upgrade already running instead of starting another", async () => {
    await cloud.close();
    cloud = await startCloud({ stepsPerTask: 10 });
    cloud.simulator.addDatabase({ ...pro, version: "7.2" });
    const first = cloud.upgrader({ ...pro, redisVersion: "7.4" });
    await first.submit(parseVersion("7.4"), await first.observe(parseVersion("7.4")));
    // Each read moves the simulator on: read until the database itself shows the upgrade.
    while (!(await first.observe(parseVersion("7.4"))).running);
    const outcome = await cloud.apply({ ...pro, redisVersion: "7.4" });
    expect(outcome.kind).toBe("upgraded");
    expect(output()).toMatch(/an upgrade is already running \(GET \/v1\/subscriptions\/1234\/databases\/5678\/upgrade\)/);
    expect(cloud.upgradePosts()).toHaveLength(1);
  });

  it("follows a request an earlier run left queued (it names no database yet) instead of sending a second (issue 20 item 4)", async () => {
    cloud.simulator.addDatabase({ ...pro, version: "7.2" });
    cloud.simulator.queueForeignTask(20);
    const first = cloud.upgrader({ ...pro, redisVersion: "7.4" });
    const firstOperation = await first.submit(parseVersion("7.4"), await first.observe(parseVersion("7.4")));
    const outcome = await cloud.apply({ ...pro, redisVersion: "7.4" });
    expect(firstOperation.lookup).toMatch(/^GET \/v1\/tasks\//);
    expect(output()).toMatch(/an upgrade request is queued in the account that names no database yet \(GET \/v1\/tasks\/[\w-]+\): it may be one an interrupted apply sent/);
    expect(output()).toContain(`an upgrade request for this database is already queued (${firstOperation.lookup})`);
    expect(outcome).toMatchObject({ kind: "upgraded", operation: { lookup: firstOperation.lookup } });
    expect(cloud.upgradePosts()).toHaveLength(1);
    expect(cloud.simulator.database(1234, 5678).redisVersion).toBe("7.4");
  });

  it("resumes through the database when Redis Cloud answers DATABASE_UPGRADE_IS_ALREADY_RUNNING with nothing to show for it yet", async () => {
    cloud.simulator.addDatabase({ ...pro, version: "7.2" });
    cloud.server.faults.add({
      method: "POST",
      path: "/databases/5678/upgrade$",
      fault: { kind: "preceded-by", request: { method: "POST", path: "/v1/subscriptions/1234/databases/5678/upgrade", body: { targetRedisVersion: "7.4" } } },
    });
    const outcome = await cloud.apply({ ...pro, redisVersion: "7.4" });
    expect(output()).toMatch(/an upgrade is already running; following it instead of starting another/);
    expect(outcome.kind).toBe("upgraded");
    expect(cloud.simulator.database(1234, 5678).upgradeRequests).toEqual(["7.4", "7.4"]);
    expect(cloud.simulator.database(1234, 5678).redisVersion).toBe("7.4");
  });

  it("a 409 naming no documented code, with no upgrade to show for it, is a conflict with another change: it fails at once, saying so (issue 20 item 14)", async () => {
    cloud.simulator.addDatabase({ ...pro, version: "7.2" });
    cloud.server.faults.add({ method: "POST", path: "/databases/5678/upgrade$", fault: { kind: "status", status: 409, body: { status: "409 CONFLICT", description: "Subscription 1234 is being changed" } } });
    const error = await failureOf(cloud.apply({ ...pro, redisVersion: "7.4" }));
    expect(error?.message).toMatch(
      /refused to upgrade Pro database 5678 in subscription 1234 to 7\.4 with 409 Conflict \(POST \/v1\/subscriptions\/1234\/databases\/5678\/upgrade: Subscription 1234 is being changed\), yet shows no upgrade of it: the database is active, .* reports no attempt, and no upgrade request is queued\..*nothing was started/,
    );
    expect(cloud.upgradePosts()).toHaveLength(1);
    expect(cloud.transport.slept.reduce((sum, ms) => sum + ms, 0)).toBeLessThan(60_000);
  });

  it("explains a replica that must be upgraded first", async () => {
    cloud.simulator.addDatabase({ ...pro, version: "7.2" });
    cloud.simulator.failNextTask({ type: "DATABASE_REPLICA_OF_INCOMPATIBLE_VERSION", description: "Replica runs an incompatible version" });
    const error = await failureOf(cloud.apply({ ...pro, redisVersion: "7.4" }));
    expect(error?.message).toMatch(/Upgrade the replica database to 7\.4 first/);
    expect(error?.message).toMatch(/Redis Cloud said: 400 BAD_REQUEST - DATABASE_REPLICA_OF_INCOMPATIBLE_VERSION: Replica runs an incompatible version/);
  });

  it("lists the valid targets when the task says the version is invalid", async () => {
    cloud.simulator.addDatabase({ ...pro, version: "7.2" });
    cloud.simulator.failNextTask({ type: "DATABASE_UPGRADE_INVALID_REDIS_VERSION", description: "Invalid version" });
    const error = await failureOf(cloud.apply({ ...pro, redisVersion: "7.4" }));
    expect(error?.message).toMatch(/7\.4 is not a version Pro database 5678 in subscription 1234 can be upgraded to; it can go to 7\.4, 8\.2, 8\.4, 8\.6/);
  });

  it("reports a failed upgrade with Redis Cloud's own words", async () => {
    cloud.simulator.addDatabase({ ...pro, version: "7.2" });
    cloud.simulator.failNextTask({ type: "GENERAL_ERROR", httpStatus: 500, description: "General error occurred. Please contact Redis Labs support with your task ID" });
    const error = await failureOf(cloud.apply({ ...pro, redisVersion: "7.4" }));
    expect(error?.message).toMatch(/the upgrade failed: 500 INTERNAL_SERVER_ERROR - GENERAL_ERROR: General error occurred/);
    expect(error?.message).toMatch(/Details: GET \/v1\/tasks\//);
  });

  it("names the plan when the database is not where the plan says", async () => {
    cloud.simulator.addDatabase({ ...essentials, version: "7.4" });
    const error = await failureOf(cloud.apply({ ...essentials, plan: "pro", redisVersion: "8.2" }));
    expect(error).toBeInstanceOf(UserFacingError);
    expect(error?.message).toMatch(/Redis Cloud has no Pro database 88 in subscription 77 \(GET \/v1\/subscriptions\/77\/databases\/88 answered 404/);
    expect(error?.message).toMatch(/set plan: "essentials"/);
  });

  it("names the key variables on a 401 and never prints a key", async () => {
    const wrongKeys = await startCloud({ credentials: { accessKey: "someone-elses-account", secretKey: "someone-elses-user" } });
    try {
      wrongKeys.simulator.addDatabase({ ...pro, version: "7.2" });
      const refused = await failureOf(wrongKeys.apply({ ...pro, redisVersion: "7.4" }));
      expect(refused).toBeInstanceOf(UserFacingError);
      expect(refused?.message).toMatch(/Redis Cloud refused the API keys \(401 Unauthorized: Unauthorized - Authentication failed/);
      expect(refused?.message).toMatch(/CLOUD_ACCESS holds the account key and CLOUD_SECRET a user key/);
      expect(refused?.message).not.toContain(credentials.accessKey);
      expect(refused?.message).not.toContain(credentials.secretKey);
    } finally {
      await wrongKeys.close();
    }
  });

  it("explains a 403 with the user key's IP allow-list", async () => {
    cloud.simulator.addDatabase({ ...pro, version: "7.2" });
    cloud.server.faults.add({ path: "/databases/5678$", fault: { kind: "status", status: 403, body: { status: 403, error: "Forbidden", message: "Forbidden" } } });
    const error = await failureOf(cloud.apply({ ...pro, redisVersion: "7.4" }));
    expect(error?.message).toMatch(/403 Forbidden: Forbidden\)\. A user key may be limited to an allow-list of source addresses/);
    expect(error?.message).toMatch(/allowed IPs of the user key in CLOUD_SECRET/);
  });

  it("keeps both keys out of every message and log line", async () => {
    cloud.simulator.addDatabase({ ...pro, version: "7.2" });
    const echo = `key ${credentials.accessKey} secret ${credentials.secretKey}`;
    cloud.simulator.failNextTask({ type: "GENERAL_ERROR", description: echo });
    const error = await failureOf(cloud.apply({ ...pro, redisVersion: "7.4" }));
    cloud.server.faults.add({ path: "/databases/5678$", fault: { kind: "status", status: 400, body: { type: "BAD_REQUEST", description: echo } } });
    const other = await failureOf(cloud.apply({ ...pro, redisVersion: "7.4" }));
    for (const text of [error?.message, other?.message, output()]) {
      expect(text).toBeDefined();
      expect(text).not.toContain(credentials.accessKey);
      expect(text).not.toContain(credentials.secretKey);
    }
    expect(error?.message).toContain("[redacted]");
  });
});
