import { Deadline } from "../../../src/core/deadline";
import { CloudDatabaseClient } from "../../../src/platforms/redis-cloud/client";
import { connectCloud } from "../../../src/platforms/redis-cloud/connect";
import { findRequestedUpgrade } from "../../../src/platforms/redis-cloud/find-task";
import { parseVersion } from "../../../src/versions";
import { CloudWorld, SpecInput, startCloud } from "../../support/cloud-account";

/*
 * Two pins in one account: database 5679's upgrade waits in the queue, where
 * a task names no database yet. Database 5678's handler must never take that
 * task for its own (issue 11, defect 3), and never send its own request while
 * a queued one might be its own (issue 20 item 4): it waits until the queued
 * request names its database.
 */
describe("a Redis Cloud pin adopts only a task tied to its own database", () => {
  let cloud: CloudWorld;
  const a = { subscriptionId: 1234, databaseId: 5678, plan: "pro", redisVersion: "7.4" } as const;
  const b = { ...a, databaseId: 5679 } as const;
  let otherTask: string;

  /** Database 5679's upgrade requested, its task taking `steps` of the simulator's ticks (one per request) to be processed. */
  async function start(steps: number) {
    cloud = await startCloud({ stepsPerTask: steps });
    cloud.simulator.addDatabase({ ...a, version: "7.2" });
    cloud.simulator.addDatabase({ ...b, version: "7.2" });
    otherTask = await requestUpgrade(b);
  }
  afterEach(() => cloud.close());

  async function requestUpgrade(input: SpecInput): Promise<string> {
    const upgrader = cloud.upgrader(input);
    const operation = await upgrader.submit(parseVersion("7.4"), await upgrader.observe(parseVersion("7.4")));
    return (operation as { taskId?: string }).taskId ?? "";
  }

  function clientOf(input: SpecInput): CloudDatabaseClient {
    const spec = cloud.spec(input);
    return new CloudDatabaseClient(connectCloud(spec.api, cloud.context, cloud.transport), spec, {
      database: `Pro database ${input.databaseId} in subscription 1234`,
      plan: "pro",
      accessKeyEnv: spec.api.accessKeyEnv,
      secretKeyEnv: spec.api.secretKeyEnv,
    });
  }

  const bounds = (waited: string[][], minutes = 60) => {
    const clock = cloud.context.clock;
    return { clock, deadline: Deadline.after(minutes * 60_000, { budget: "test", afterwards: "" }, clock), onWait: (ids: readonly string[]) => void waited.push([...ids]) };
  };

  it("waits for another database's queued request to name its database, then finds none of its own", async () => {
    await start(20);
    const client = clientOf(a);
    expect((await client.tasks()).some((task) => task.taskId === otherTask && task.response?.resourceId === undefined)).toBe(true);
    const waited: string[][] = [];
    await expect(findRequestedUpgrade(client, bounds(waited))).resolves.toBeUndefined();
    expect(waited).toEqual([[otherTask]]);
    expect((await clientOf(b).task(otherTask))?.response?.resourceId).toBe(5679);
  });

  it("takes a queued request for its own database once it names it (issue 20 item 4)", async () => {
    await start(20);
    const own = await requestUpgrade(a);
    const found = await findRequestedUpgrade(clientOf(a), bounds([]));
    expect(found?.taskId).toBe(own);
  });

  it("stops at the deadline, saying what it waited for, when a queued request never names its database", async () => {
    await start(100_000);
    await expect(findRequestedUpgrade(clientOf(a), bounds([], 1))).rejects.toThrow(
      new RegExp(`the deadline \\(test\\) passed while waiting for the upgrade requests queued in the account \\(${otherTask}\\) to name their databases`),
    );
  });

  it("after a 409 naming no documented code, with nothing of its own running, never takes the other database's task for its own", async () => {
    await start(20);
    cloud.server.faults.add({
      method: "POST",
      path: "/databases/5678/upgrade$",
      fault: { kind: "status", status: 409, body: { errorCode: "DATABASE_UPGRADE_IS_ALREADY_RUNNING", description: "An upgrade is already running" } },
    });
    const error = await cloud.apply(a).then(() => undefined, (failure: Error) => failure);
    expect(error?.message).toMatch(/with 409 Conflict .*yet shows no upgrade of it/);
    const output = [error?.message, ...cloud.context.log.lines].join("\n");
    expect(output).not.toMatch(new RegExp(`following GET /v1/tasks/${otherTask}|already queued \\(GET /v1/tasks/${otherTask}\\)|in \\d+s \\(GET /v1/tasks/${otherTask}\\)`));
  });
});
