import { CloudDatabaseClient } from "../../../src/platforms/redis-cloud/client";
import { connectCloud } from "../../../src/platforms/redis-cloud/connect";
import { findRunningUpgradeTask } from "../../../src/platforms/redis-cloud/find-task";
import { parseVersion } from "../../../src/versions";
import { CloudWorld, startCloud } from "../../support/cloud-account";

/*
 * Two pins in one account: database 5679's upgrade waits in the queue, where
 * a task names no database yet. Database 5678's handler must never take that
 * task for its own (issue 11, defect 3).
 */
describe("a Redis Cloud pin adopts only a task tied to its own database", () => {
  let cloud: CloudWorld;
  const a = { subscriptionId: 1234, databaseId: 5678, plan: "pro", redisVersion: "7.4" } as const;
  const b = { ...a, databaseId: 5679 } as const;
  let otherTask: string;

  beforeEach(async () => {
    // Long enough that the other database's task is still unfinished, without a resourceId, while these tests read.
    cloud = await startCloud({ stepsPerTask: 200 });
    cloud.simulator.addDatabase({ ...a, version: "7.2" });
    cloud.simulator.addDatabase({ ...b, version: "7.2" });
    const other = cloud.upgrader(b);
    const operation = await other.submit(parseVersion("7.4"), await other.observe(parseVersion("7.4")));
    otherTask = (operation as { taskId?: string }).taskId ?? "";
    expect(otherTask).not.toBe("");
  });
  afterEach(() => cloud.close());

  it("finds no running task for a database whose only queued neighbour is another database's upgrade", async () => {
    const spec = cloud.spec(a);
    const client = new CloudDatabaseClient(connectCloud(spec.api, cloud.context, cloud.transport), spec, {
      database: "Pro database 5678 in subscription 1234",
      plan: "pro",
      accessKeyEnv: spec.api.accessKeyEnv,
      secretKeyEnv: spec.api.secretKeyEnv,
    });
    expect((await client.tasks()).some((task) => task.taskId === otherTask && task.response?.resourceId === undefined)).toBe(true);
    await expect(findRunningUpgradeTask(client)).resolves.toBeUndefined();
  });

  it("after an 'already running' refusal, follows its own database and never the other database's task", async () => {
    cloud.server.faults.add({
      method: "POST",
      path: "/databases/5678/upgrade$",
      fault: { kind: "status", status: 409, body: { errorCode: "DATABASE_UPGRADE_IS_ALREADY_RUNNING", description: "An upgrade is already running" } },
    });
    await cloud.apply(a).catch(() => undefined);
    expect(cloud.context.log.lines.join("\n")).not.toContain(otherTask);
  });
});
