import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import {
  actionSchema,
  actionsListSchema,
  bdbActionsSchema,
  bdbListSchema,
  bdbSchema,
  clusterSchema,
  crdbListSchema,
  crdbSchema,
  crdbTaskSchema,
  errorBodySchema,
  moduleListSchema,
  nodeSchema,
  nodesSchema,
  upgradeAcceptedSchema,
} from "../../../src/platforms/redis-software";
import { supportedRedisVersions } from "../../../src/platforms/redis-software/reported-versions";
import { RedisSoftwareSimulator } from "../../../src/simulator/redis-software";
import { SimRequest } from "../../../src/simulator/types";
import { describeWithReference } from "../../support/reference";
import { credentials } from "../../support/software-cluster";
import { CAPTURES_DIR } from "./reference";

/** Which schema reads which capture; a new capture without an entry fails the suite until someone maps it. */
const SCHEMA_OF: Record<string, z.ZodType> = {
  "actions_list.json": actionsListSchema,
  "bdb_single.json": bdbSchema,
  "bdbs_list.json": bdbListSchema,
  "cluster.json": clusterSchema,
  "crdbs_list.json": crdbListSchema,
  "modules_list.json": moduleListSchema,
  "node_single.json": nodeSchema,
  "nodes.json": nodesSchema,
};

const capture = (file: string): unknown => JSON.parse(readFileSync(join(CAPTURES_DIR, file), "utf8"));

describeWithReference("captures from a real cluster", [CAPTURES_DIR], () => {
  it("maps every capture to a schema", () => {
    const files = readdirSync(CAPTURES_DIR).filter((file) => file.endsWith(".json"));
    expect(files.filter((file) => !(file in SCHEMA_OF))).toEqual([]);
  });

  it.each(Object.keys(SCHEMA_OF))("%s parses with its schema", (file) => {
    const result = SCHEMA_OF[file].safeParse(capture(file));
    expect(result.error?.issues ?? []).toEqual([]);
  });

  it("drops the bdb's secrets while parsing", () => {
    const raw = capture("bdb_single.json") as Record<string, unknown>;
    const parsed = JSON.stringify(bdbSchema.parse(raw));
    expect(parsed).not.toContain("authentication_");
    expect(parsed).not.toContain(String(raw.authentication_admin_pass));
  });

  it("reads the captured actions list, whose progress and creation_time are strings", () => {
    const list = actionsListSchema.parse(capture("actions_list.json"));
    expect(list.actions[0]).toMatchObject({ progress: 100, creation_time: 1760400087, status: "completed" });
    expect(list["state-machines"][0]).toMatchObject({ name: "SMCreateBDB", status: "completed" });
  });

  it("reads the captured node's supported versions, memcached left out", () => {
    const versions = supportedRedisVersions(nodesSchema.parse(capture("nodes.json")));
    expect(versions?.map((version) => version.text)).toEqual(["6.2.13", "7.2.7", "7.4.2", "8.0.0"]);
  });

  it("serves the same bdb field set as a real cluster, minus the authentication_* secrets", () => {
    const simulator = new RedisSoftwareSimulator({ credentials });
    const served = Object.keys(simulator.addDatabase({ uid: 1, version: "8.0" })).sort();
    const real = Object.keys(capture("bdb_single.json") as object).filter((key) => !key.startsWith("authentication_"));
    expect(served).toEqual(real.sort());
  });
});

describe("documented shapes the captures do not show", () => {
  it("reads supported_database_versions in the documented {db_type, version} shape", () => {
    const nodes = nodesSchema.parse([
      { uid: 1, supported_database_versions: [{ db_type: "redis", version: "7.2.4" }, { db_type: "redis", version: "7.4.2" }] },
      { uid: 2, supported_database_versions: [{ db_type: "redis", version: "7.4.2" }, { db_type: "memcached", version: "1.4.17" }] },
    ]);
    expect(supportedRedisVersions(nodes)?.map((version) => version.text)).toEqual(["7.4.2"]);
  });

  it("falls back to redis_version when an entry has no version", () => {
    const nodes = nodesSchema.parse([{ uid: 1, supported_database_versions: [{ db_type: "redis", redis_version: "7.4" }] }]);
    expect(supportedRedisVersions(nodes)?.map((version) => version.text)).toEqual(["7.4"]);
  });

  it("cannot tell the supported versions when no node lists them", () => {
    expect(supportedRedisVersions(nodesSchema.parse([{ uid: 1 }]))).toBeUndefined();
  });

  it("reads an action's progress as a number or a numeric string, and refuses other text", () => {
    const base = { action_uid: "a", name: "SMUpgradeBDB", status: "active" };
    expect(actionSchema.parse({ ...base, progress: 42.5 }).progress).toBe(42.5);
    expect(actionSchema.parse({ ...base, progress: "42.5" }).progress).toBe(42.5);
    expect(actionSchema.safeParse({ ...base, progress: "most" }).success).toBe(false);
  });

  it("reads the CRDB list as a plain array too", () => {
    expect(crdbListSchema.parse([{ guid: "g-1" }])).toEqual([{ guid: "g-1", instances: [], local_databases: [] }]);
  });

  it("reads error bodies with description or message", () => {
    expect(errorBodySchema.parse({ error_code: "busy", message: "try later" })).toEqual({ error_code: "busy", message: "try later" });
    expect(errorBodySchema.parse({ error_code: "x", description: "d", status_code: 400 })).toEqual({ error_code: "x", description: "d" });
  });
});

describe("every simulator answer parses with the client's schemas", () => {
  const simulator = new RedisSoftwareSimulator({ credentials });
  simulator.addDatabase({ uid: 1, version: "7.2", replication: true });
  simulator.addDatabase({ uid: 2, version: "7.4", replication: true });
  const authorization = `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString("base64")}`;

  /** One request straight to the control plane, its body through JSON as on the wire. */
  function call(method: string, path: string, body?: unknown, query = "", headers: Record<string, string> = {}) {
    const request: SimRequest = {
      method,
      path,
      query: new URLSearchParams(query),
      headers: { authorization, ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers },
      body,
    };
    const response = simulator.handle(request);
    if (!response) throw new Error(`no route for ${method} ${path}`);
    return { status: response.status, body: JSON.parse(JSON.stringify(response.body ?? null)) as unknown };
  }

  const parses = (schema: z.ZodType, body: unknown) => expect(schema.safeParse(body).error?.issues ?? []).toEqual([]);

  it("bdbs, nodes and cluster", () => {
    parses(bdbListSchema, call("GET", "/v1/bdbs").body);
    parses(bdbSchema, call("GET", "/v1/bdbs/1").body);
    parses(bdbSchema, call("GET", "/v1/bdbs/1", undefined, "fields=uid,redis_version,status").body);
    parses(nodesSchema, call("GET", "/v1/nodes").body);
    parses(nodeSchema, call("GET", "/v1/nodes/1").body);
    parses(clusterSchema, call("GET", "/v1/cluster").body);
  });

  it("honours ?fields=", () => {
    expect(call("GET", "/v1/bdbs/1", undefined, "fields=uid,redis_version").body).toEqual({ uid: 1, redis_version: "7.2" });
  });

  it("the upgrade answer, its action in all three views, and the list's string progress", () => {
    const accepted = call("POST", "/v1/bdbs/1/upgrade", { redis_version: "7.4" });
    parses(upgradeAcceptedSchema, accepted.body);
    parses(bdbSchema, accepted.body);
    const actionUid = upgradeAcceptedSchema.parse(accepted.body).action_uid!;
    expect(bdbSchema.parse(call("GET", "/v1/bdbs/1").body)).toMatchObject({ status: "active-change-pending", action_uid: actionUid });
    parses(bdbActionsSchema, call("GET", "/v1/actions/bdb/1").body);
    const single = call("GET", `/v1/actions/${actionUid}`).body as { progress: unknown };
    parses(actionSchema, single);
    expect(typeof single.progress).toBe("number");
    const list = call("GET", "/v1/actions").body as { "state-machines": { progress: unknown }[] };
    parses(actionsListSchema, list);
    expect(typeof list["state-machines"][0].progress).toBe("string");
    expect(call("POST", "/v1/bdbs/1/upgrade", { redis_version: "7.4" })).toMatchObject({ status: 409, body: { error_code: "busy" } });
  });

  it("CRDBs, their list (wrapped like the capture) and their tasks", () => {
    const guid = "9d2f6c1a-3b4e-4a5f-8c7d-1e2f3a4b5c6d";
    simulator.crdbs.addCrdb({ guid, version: "7.4", participants: [{ cluster: simulator, bdbUid: 5 }] });
    const list = call("GET", "/v1/crdbs").body;
    expect(list).toHaveProperty("crdbs");
    parses(crdbListSchema, list);
    expect(crdbSchema.parse(call("GET", `/v1/crdbs/${guid}`).body).local_databases).toEqual([{ bdb_uid: 5, id: 1 }]);
    const accepted = call("POST", `/v1/crdbs/${guid}/upgrade`, { redis_version: "8.0" }, "", { "x-task-id": "task-1" });
    expect(crdbTaskSchema.parse(accepted.body)).toMatchObject({ id: "task-1", status: "queued" });
    parses(z.array(crdbTaskSchema), call("GET", "/v1/crdb_tasks").body);
    const statuses = Array.from({ length: 8 }, () => crdbTaskSchema.parse(call("GET", "/v1/crdb_tasks/task-1").body).status);
    expect(statuses).toEqual(["started", "started", "started", "started", "started", "started", "finished", "finished"]);
  });

  it("error bodies", () => {
    for (const response of [
      call("GET", "/v1/bdbs/99"),
      call("GET", "/v1/actions/no-such-action"),
      call("POST", "/v1/bdbs/2/upgrade", { redis_version: "9.9" }),
      call("POST", "/v1/bdbs/2/upgrade", { redis_version: "7.2" }),
      call("POST", "/v1/bdbs/2/upgrade", { redisVersion: "8.0" }),
      call("GET", "/v1/crdbs/no-such-guid"),
      call("GET", "/v1/crdb_tasks/no-such-task"),
    ]) {
      expect(response.status).toBeGreaterThanOrEqual(400);
      parses(errorBodySchema.required({ error_code: true, description: true }), response.body);
    }
  });
});
