import { RedisCloudSimulator } from "../../../src/simulator/redis-cloud";
import { SimResponse } from "../../../src/simulator/types";
import { credentials } from "../../support/cloud-account";

const auth = { "x-api-key": credentials.accessKey, "x-api-secret-key": credentials.secretKey };
const DB = "/v1/subscriptions/1234/databases/5678";

function call(sim: RedisCloudSimulator, method: string, path: string, body?: unknown): SimResponse {
  const headers = { ...auth, ...(body === undefined ? {} : { "content-type": "application/json" }) };
  const response = sim.handle({ method, path, query: new URLSearchParams(), headers, body });
  if (!response) throw new Error(`no route for ${method} ${path}`);
  return response;
}

/** Polls the task as a client would (each request moves the simulated world one step) until it ends. */
function endOf(sim: RedisCloudSimulator, response: SimResponse): Record<string, any> {
  const { taskId } = response.body as { taskId: string };
  for (let polls = 0; polls < 20; polls++) {
    const task = call(sim, "GET", `/v1/tasks/${taskId}`).body as Record<string, any>;
    if (task.status === "processing-completed" || task.status === "processing-error") return task;
  }
  throw new Error(`task ${taskId} never ended`);
}

describe("Redis Cloud simulator backups", () => {
  const sim = (input: { activeActive?: boolean; backupDestination?: boolean } = {}) => {
    const simulator = new RedisCloudSimulator({ credentials, stepsPerTask: 2 });
    simulator.addDatabase({ subscriptionId: 1234, databaseId: 5678, plan: "pro", version: "7.2", ...input });
    return simulator;
  };

  it("answers POST …/backup with a task that completes naming the database", () => {
    const simulator = sim();
    const accepted = call(simulator, "POST", `${DB}/backup`, {});
    expect(accepted).toMatchObject({ status: 200, body: { commandType: "databaseBackupRequest", status: "received" } });
    expect(endOf(simulator, accepted)).toMatchObject({ status: "processing-completed", response: { resourceId: 5678, additionalResourceId: 1234 } });
    expect(simulator.database(1234, 5678).timeline).toEqual(["backup requested", "backup succeeded"]);
  });

  it("shows the database's backup settings as Pro and Essentials answers do", () => {
    expect(call(sim(), "GET", DB).body).toMatchObject({ backup: { enableRemoteBackup: true, interval: "every-12-hours" } });
    expect(call(sim({ backupDestination: false }), "GET", DB).body).toMatchObject({ backup: { enableRemoteBackup: false } });
    const essentials = new RedisCloudSimulator({ credentials });
    essentials.addDatabase({ subscriptionId: 77, databaseId: 88, plan: "essentials", version: "7.4", backupDestination: false });
    expect(call(essentials, "GET", "/v1/fixed/subscriptions/77/databases/88").body).toMatchObject({ backup: { remoteBackupEnabled: false, status: "idle" } });
  });

  it("fails the task with DATABASE_BACKUP_DISABLED when there is no remote backup location", () => {
    const simulator = sim({ backupDestination: false });
    expect(endOf(simulator, call(simulator, "POST", `${DB}/backup`, {}))).toMatchObject({
      status: "processing-error",
      response: { error: { type: "DATABASE_BACKUP_DISABLED", status: "400 BAD_REQUEST", description: "Database backup is disabled" } },
    });
  });

  it("fails the armed backup once, then backs up again", () => {
    const simulator = sim();
    simulator.failNextBackup(1234, 5678);
    expect(endOf(simulator, call(simulator, "POST", `${DB}/backup`, {}))).toMatchObject({ response: { error: { type: "DATABASE_BACKUP_FAILED" } } });
    expect(endOf(simulator, call(simulator, "POST", `${DB}/backup`, {}))).toMatchObject({ status: "processing-completed" });
  });

  it("wants a regionName for each Active-Active region, and none for a single-region database", () => {
    const activeActive = sim({ activeActive: true });
    expect(endOf(activeActive, call(activeActive, "POST", `${DB}/backup`, {}))).toMatchObject({ response: { error: { type: "ACTIVE_ACTIVE_BACKUP_MISSING_REGION_NAME" } } });
    expect(endOf(activeActive, call(activeActive, "POST", `${DB}/backup`, { regionName: "ap-south-1" }))).toMatchObject({ response: { error: { type: "ACTIVE_ACTIVE_INVALID_BACKUP_REGION_NAME" } } });
    expect(endOf(activeActive, call(activeActive, "POST", `${DB}/backup`, { regionName: "eu-west-1" }))).toMatchObject({ status: "processing-completed" });
    const single = sim();
    expect(endOf(single, call(single, "POST", `${DB}/backup`, { regionName: "us-east-1" }))).toMatchObject({
      response: { error: { type: "BACKUP_REGION_NAME_IS_NOT_ALLOWED_WITH_SINGLE_REGION_SUBSCRIPTION" } },
    });
  });

  it("answers 400 to a body with fields the request does not have", () => {
    expect(call(sim(), "POST", `${DB}/backup`, { targetRedisVersion: "7.4" })).toMatchObject({
      status: 400,
      body: { description: expect.stringMatching(/unsupported fields targetRedisVersion; expected regionName or adhocBackupPath/) },
    });
  });
});
