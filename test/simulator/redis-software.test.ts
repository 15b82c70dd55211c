import { bdbSchema, crdbTaskSchema, listedBdbSchema } from "../../src/platforms/redis-software";
import { RedisSoftwareSimulator, RedisSoftwareSimulatorOptions } from "../../src/simulator/redis-software";
import { softwareCaller } from "../support/software-call";

const credentials = { username: "ops@example.com", password: "Sim-Pa55" };
const GUID = "0b8e2f4a-6c1d-4e3f-9a7b-5d2c1e0f3a4b";

function simulatorWith(options: Partial<RedisSoftwareSimulatorOptions> = {}) {
  const simulator = new RedisSoftwareSimulator({ credentials, ...options });
  return { simulator, call: softwareCaller(simulator, credentials) };
}

describe("the Redis Software simulator's awkward but documented shapes", () => {
  it("serves a memcached bdb without redis_version, as the bdb object documents it for redis only", () => {
    const { simulator, call } = simulatorWith();
    simulator.addDatabase({ uid: 4, version: "1.6.17", type: "memcached" });
    const body = call("GET", "/v1/bdbs/4").body;
    expect(body).toMatchObject({ uid: 4, type: "memcached", version: "1.6.17" });
    expect(body).not.toHaveProperty("redis_version");
    expect(bdbSchema.safeParse(body).success).toBe(false);
    expect(listedBdbSchema.parse(body)).toEqual({ uid: 4, name: "db-4", type: "memcached", crdt: false, crdt_guid: "" });
  });

  it("serves module_args as null when seeded so ([string, null] in the bdb object)", () => {
    const { simulator, call } = simulatorWith();
    simulator.addDatabase({ uid: 1, version: "7.4", modules: [{ name: "search", id: "m1", version: "2.10.5", args: null }] });
    const body = call("GET", "/v1/bdbs/1").body as { module_list: { module_args: unknown }[] };
    expect(body.module_list[0].module_args).toBeNull();
    expect(bdbSchema.parse(body).module_list?.[0]).toMatchObject({ module_name: "search", module_args: null });
  });

  it("seeds a release line as that line's newest release", () => {
    const { simulator } = simulatorWith({ supportedVersions: ["7.4.3", "7.2.7", "7.4.2"] });
    expect(simulator.addDatabase({ uid: 1, version: "7.4" }).version).toBe("7.4.3");
  });

  describe("the upgrade body", () => {
    const upgrade = (body: object) => {
      const { simulator, call } = simulatorWith({ supportedVersions: ["7.2.7", "7.4.3"] });
      simulator.addDatabase({ uid: 1, version: "7.2", replication: true });
      return { simulator, answer: call("POST", "/v1/bdbs/1/upgrade", body) };
    };

    it("rejects a patch in redis_version: the API names a release line (major.minor)", () => {
      const { answer } = upgrade({ redis_version: "7.4.2" });
      expect(answer).toMatchObject({ status: 400, body: { error_code: "invalid_schema" } });
      expect(answer.body.description).toMatch(/redis_version: must be a Redis release line such as 7\.4/);
    });

    it("moves a release line to its newest patch", () => {
      const { simulator, answer } = upgrade({ redis_version: "7.4" });
      expect(answer.status).toBe(200);
      expect(simulator.actions(1)[0].target).toBe("7.4.3");
    });

    it("accepts parallel_shards_upgrade 0, the documented default", () => {
      expect(upgrade({ redis_version: "7.4", parallel_shards_upgrade: 0 }).answer.status).toBe(200);
      expect(upgrade({ redis_version: "7.4", parallel_shards_upgrade: -1 }).answer.status).toBe(400);
    });
  });

  it("reports an undocumented action status for some reads, holding the action, then moves on", () => {
    const { simulator, call } = simulatorWith();
    simulator.addDatabase({ uid: 1, version: "7.2", replication: true });
    const actionUid = String(call("POST", "/v1/bdbs/1/upgrade", { redis_version: "7.4" }).body.action_uid);
    simulator.reportActionStatus(actionUid, "paused_for_maintenance", 2);
    const reads = Array.from({ length: 3 }, () => call("GET", `/v1/actions/${actionUid}`).body);
    expect(reads.map((read) => read.status)).toEqual(["paused_for_maintenance", "paused_for_maintenance", "active"]);
    expect(reads.map((read) => read.progress)).toEqual([0, 0, expect.any(Number)]);
  });

  it("cancels the next upgrade halfway; the database keeps its version", () => {
    const { simulator, call } = simulatorWith({ stepsPerUpgrade: 4 });
    simulator.addDatabase({ uid: 1, version: "7.2", replication: true });
    simulator.cancelNextUpgrade(1);
    const actionUid = String(call("POST", "/v1/bdbs/1/upgrade", { redis_version: "7.4" }).body.action_uid);
    const statuses = [1, 2, 3].map(() => call("GET", `/v1/actions/${actionUid}`).body.status);
    expect(statuses).toEqual(["active", "cancelled", "cancelled"]);
    expect(simulator.database(1)).toMatchObject({ redis_version: "7.2", status: "active" });
  });

  describe("X-Task-ID", () => {
    const crdbUpgrade = (options: Partial<RedisSoftwareSimulatorOptions>) => {
      const { simulator, call } = simulatorWith(options);
      simulator.crdbs.addCrdb({ guid: GUID, version: "7.4", participants: [{ cluster: simulator, bdbUid: 2 }] });
      const accepted = call("POST", `/v1/crdbs/${GUID}/upgrade`, { redis_version: "8.0" }, { "x-task-id": "our-task-1" });
      return { simulator, call, task: crdbTaskSchema.parse(accepted.body) };
    };

    it("names the task by X-Task-ID by default", () => {
      expect(crdbUpgrade({}).task.id).toBe("our-task-1");
    });

    it("can ignore it and name the task itself; the running list still shows it", () => {
      const { call, task } = crdbUpgrade({ taskIdHeader: "ignored" });
      expect(task.id).not.toBe("our-task-1");
      expect(call("GET", "/v1/crdb_tasks/our-task-1").status).toBe(404);
      expect(call("GET", "/v1/crdb_tasks").body).toEqual([expect.objectContaining({ id: task.id, crdb_guid: GUID, status: "queued" })]);
    });

    it("can refuse its format with a 400 that names it, starting nothing", () => {
      const { simulator, call } = simulatorWith({ taskIdHeader: "rejected" });
      simulator.crdbs.addCrdb({ guid: GUID, version: "7.4", participants: [{ cluster: simulator, bdbUid: 2 }] });
      const refused = call("POST", `/v1/crdbs/${GUID}/upgrade`, { redis_version: "8.0" }, { "x-task-id": "our-task-1" });
      expect(refused).toMatchObject({ status: 400, body: { title: "Bad Request", type: "about:blank", detail: expect.stringMatching(/X-Task-ID our-task-1/) } });
      expect(simulator.crdbs.tasks.size).toBe(0);
      expect(call("POST", `/v1/crdbs/${GUID}/upgrade`, { redis_version: "8.0" }).status).toBe(200);
    });

    it("reports an undocumented task status for some reads, then moves on", () => {
      const { simulator, call, task } = crdbUpgrade({});
      simulator.crdbs.reportTaskStatus(task.id, "cancelling", 1);
      expect([1, 2].map(() => call("GET", `/v1/crdb_tasks/${task.id}`).body.status)).toEqual(["cancelling", "started"]);
    });
  });
});
