import { randomUUID } from "node:crypto";
import { RunFailure } from "../../../src/core/errors";
import { ControlPlane } from "../../../src/simulator/types";
import { parseVersion } from "../../../src/versions";
import { startCloud } from "../../support/cloud-account";

const failureOf = (promise: Promise<unknown>) => promise.then(() => undefined, (error: Error) => error);
const pro = { subscriptionId: 1234, databaseId: 5678, plan: "pro" } as const;

/** An API that accepts the upgrade and completes its task at once, but never changes the database. */
function ignoresUpgrades(plane: ControlPlane): ControlPlane {
  const task = { taskId: randomUUID(), commandType: "databaseUpgradeRequest", status: "processing-completed", description: "done" };
  return {
    handle: (request) => {
      if (request.method === "POST" && request.path.endsWith("/upgrade")) return { status: 200, body: task };
      if (request.path === `/v1/tasks/${task.taskId}`) return { status: 200, body: task };
      return plane.handle(request);
    },
  };
}

describe("following a Redis Cloud upgrade to its end", () => {
  it("times out on the spec's deadline, not before, while the task waits behind others", async () => {
    const cloud = await startCloud();
    try {
      cloud.simulator.addDatabase({ ...pro, version: "7.2" });
      cloud.simulator.queueForeignTask(10_000);
      const error = await failureOf(cloud.apply({ ...pro, redisVersion: "7.4", timeoutMinutes: 2 }, 20_000));
      expect(error).toBeInstanceOf(RunFailure);
      expect(error?.message).toMatch(/timed out after 2 minutes while the upgrade was still running \(last seen: task queued\)/);
      expect(error?.message).toMatch(/the next terraform apply resumes following it/);
      expect(cloud.transport.slept.reduce((sum, ms) => sum + ms, 0)).toBeGreaterThanOrEqual(120_000);
    } finally {
      await cloud.close();
    }
  });

  it("stops waiting a while after the task completed if the database never moves, and says so", async () => {
    const cloud = await startCloud({}, ignoresUpgrades);
    try {
      cloud.simulator.addDatabase({ ...pro, version: "7.2" });
      const error = await failureOf(cloud.apply({ ...pro, redisVersion: "7.4" }, 30_000));
      expect(error).toBeInstanceOf(RunFailure);
      expect(error?.message).toMatch(/the upgrade finished but Redis Cloud reports redisVersion 7\.2 \(status active\)\. Check GET \/v1\/tasks\//);
      const waited = cloud.transport.slept.reduce((sum, ms) => sum + ms, 0);
      expect(waited).toBeGreaterThanOrEqual(120_000);
      expect(waited).toBeLessThan(5 * 60_000);
    } finally {
      await cloud.close();
    }
  });

  // A queued task names no database, so find-task does not adopt it: the retry is sent, Redis Cloud refuses it (409) and the first one is followed.
  it("never upgrades twice when the answer to the first request was lost", async () => {
    const cloud = await startCloud();
    try {
      cloud.simulator.addDatabase({ ...pro, version: "7.2" });
      cloud.server.faults.add({ method: "POST", path: "/upgrade$", fault: { kind: "lose-response" } });
      const outcome = await cloud.apply({ ...pro, redisVersion: "7.4" });
      expect(outcome.kind).toBe("upgraded");
      expect(cloud.upgradePosts().length).toBeLessThanOrEqual(2);
      expect(cloud.simulator.database(1234, 5678)).toMatchObject({ redisVersion: "7.4", upgradeStatus: "done" });
      expect(cloud.context.log.lines.join("\n")).toMatch(/the first attempt went through|an upgrade is already running/);
    } finally {
      await cloud.close();
    }
  });

  it("gives up on a task that never appears, naming it", async () => {
    const cloud = await startCloud();
    try {
      cloud.simulator.addDatabase({ ...pro, version: "7.2" });
      cloud.simulator.hideNextTaskFor(100);
      const error = await failureOf(cloud.apply({ ...pro, redisVersion: "7.4" }));
      expect(error?.message).toMatch(/Redis Cloud answered 404 for task [0-9a-f-]{36} 6 times in a row; look for it with GET \/v1\/tasks/);
    } finally {
      await cloud.close();
    }
  });

  it("waits out the rate limit the answers announce before sending more", async () => {
    const cloud = await startCloud();
    try {
      cloud.simulator.addDatabase({ ...pro, version: "7.2" });
      cloud.server.faults.add({ path: "/databases/5678$", fault: { kind: "status", status: 429, headers: { "X-Rate-Limit-Remaining": "0" } } });
      expect((await cloud.apply({ ...pro, redisVersion: "7.4" })).kind).toBe("upgraded");
      expect(cloud.transport.slept.some((ms) => ms > 50_000 && ms <= 61_000)).toBe(true);
      expect(cloud.context.log.lines.join("\n")).toMatch(/the server signalled its rate limit \(429 or a low X-Rate-Limit-Remaining\), so this machine keeps to \d+ requests a minute for now; waiting/);
    } finally {
      await cloud.close();
    }
  });
});

describe("an upgrade that fails after its task completed", () => {
  it("is reported from the upgrade-status endpoint", async () => {
    const cloud = await startCloud();
    try {
      cloud.simulator.addDatabase({ ...pro, version: "7.2" });
      cloud.simulator.failNextUpgrade();
      const error = await failureOf(cloud.apply({ ...pro, redisVersion: "7.4" }));
      expect(error).toBeInstanceOf(RunFailure);
      expect(error?.message).toMatch(
        /the upgrade failed: Redis Cloud reports that the upgrade to 7\.4 failed \(GET \/v1\/subscriptions\/1234\/databases\/5678\/upgrade: upgradeStatus "failed"\)/,
      );
      expect(cloud.simulator.database(1234, 5678)).toMatchObject({ redisVersion: "7.2", status: "active" });
    } finally {
      await cloud.close();
    }
  });
});

/** Rewrites the database's answer so that one Active-Active region still reports its old version. */
function regionLagsBehind(region: string, version: string) {
  return (plane: ControlPlane): ControlPlane => ({
    handle: (request) => {
      const answer = plane.handle(request);
      if (!answer || request.method !== "GET" || !/\/databases\/5678$/.test(request.path)) return answer;
      const body = answer.body as { crdbDatabases?: { region: string; redisVersionCompliance?: string }[] };
      const crdbDatabases = body.crdbDatabases?.map((entry) => (entry.region === region ? { ...entry, redisVersionCompliance: version } : entry));
      return { ...answer, body: { ...body, crdbDatabases } };
    },
  });
}

describe("an Active-Active upgrade (issue 20 item 15)", () => {
  const activeActive = { ...pro, plan: "active-active" } as const;

  it("counts as scheduled only on a positive signal: an accepted request that never starts is followed to the deadline, in its own words", async () => {
    const cloud = await startCloud({}, ignoresUpgrades);
    try {
      cloud.simulator.addDatabase({ ...pro, version: "7.2", activeActive: true });
      const error = await failureOf(cloud.apply({ ...activeActive, redisVersion: "7.4", timeoutMinutes: 10 }, 30_000));
      expect(error).toBeInstanceOf(RunFailure);
      expect(error?.message).toMatch(/timed out after 10 minutes while the upgrade was still running \(last seen: accepted, not started after 9 min; no schedule visible\)/);
      expect(cloud.context.log.lines.join("\n")).toMatch(/accepted, not started after 2 min; no schedule visible \(following it until the deadline\)/);
      expect(cloud.upgradePosts()).toHaveLength(1);
    } finally {
      await cloud.close();
    }
  });

  it("is verified region by region where the API lists each region's version", async () => {
    const cloud = await startCloud({}, regionLagsBehind("eu-west-1", "7.2.0"));
    try {
      cloud.simulator.addDatabase({ ...pro, version: "7.2", activeActive: true, regions: ["us-east-1", "eu-west-1"] });
      const error = await failureOf(cloud.apply({ ...activeActive, redisVersion: "7.4", timeoutMinutes: 2 }, 10_000));
      expect(error).toBeInstanceOf(RunFailure);
      expect(error?.message).toMatch(/timed out after 2 minutes while the upgrade was still running/);
      const verified = await cloud.upgrader({ ...activeActive, redisVersion: "7.4" }).verify(parseVersion("7.4"));
      expect(verified).toEqual({ kind: "not-yet", why: "not every region satisfies 7.4: eu-west-1 runs 7.2.0" });
    } finally {
      await cloud.close();
    }
  });
});
