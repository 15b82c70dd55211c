import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { z } from "zod";
import {
  actionSchema,
  actionsListSchema,
  bdbActionsSchema,
  bdbListSchema,
  bdbSchema,
  crdbTaskSchema,
  nodesSchema,
  upgradeAcceptedSchema,
} from "../../../src/platforms/redis-software";
import { supportedRedisVersions } from "../../../src/platforms/redis-software/reported-versions";
import { actionStep } from "../../../src/platforms/redis-software/action-step";
import { crdbTaskStep } from "../../../src/platforms/redis-software/crdb-task-step";
import { RedisSoftwareSimulator } from "../../../src/simulator/redis-software";
import { softwareCaller } from "../../support/software-call";
import { describeWithReference, REFERENCE_DIR } from "../../support/reference";
import { credentials } from "../../support/software-cluster";
import { CAPTURES_DIR } from "./reference";

/**
 * Response bodies other people wrote (the docs' examples, real recordings, the Rust client's
 * fixtures): see ../shared/reference/fixtures/README.md for each one's source. Every rs-* body
 * must parse with the schema of the endpoint it answers, and the simulator's answer for that
 * endpoint must parse with the same schema and carry the same fields.
 */
const FIXTURES_DIR = resolve(REFERENCE_DIR, "fixtures");

/** Which schemas read which fixture; a new rs-* fixture without an entry fails the suite until someone maps it. */
const SCHEMAS_OF: Record<string, readonly z.ZodType[]> = {
  "rs-docs-action.json": [actionSchema],
  "rs-docs-actions-bdb.json": [bdbActionsSchema],
  "rs-docs-actions-list.json": [actionsListSchema],
  "rs-docs-nodes-list.json": [nodesSchema],
  "rs-gmflau-crdb-create-task-queued.json": [crdbTaskSchema],
  "rs-gmflau-crdb-task-finished.json": [crdbTaskSchema],
  "rs-rs-bdb-upgrade-response.json": [upgradeAcceptedSchema, bdbSchema],
  "rs-vault-bdb-put-response-6.0.json": [upgradeAcceptedSchema, bdbSchema],
  "rs-vault-bdbs-list-6.0.json": [bdbListSchema],
};

const fixture = (file: string): unknown => JSON.parse(readFileSync(join(FIXTURES_DIR, file), "utf8"));
const keysOf = (value: unknown) => Object.keys(value as object);

describeWithReference("Redis Software fixtures written by others", [FIXTURES_DIR, CAPTURES_DIR], () => {
  it("maps every rs-* fixture to its schemas", () => {
    const files = readdirSync(FIXTURES_DIR).filter((file) => file.startsWith("rs-") && file.endsWith(".json"));
    expect(files.filter((file) => !(file in SCHEMAS_OF))).toEqual([]);
  });

  it.each(Object.entries(SCHEMAS_OF))("%s parses with its schemas", (file, schemas) => {
    for (const schema of schemas) expect(schema.safeParse(fixture(file)).error?.issues ?? []).toEqual([]);
  });

  it("reads the docs' state machine (status active, progress 50.0) as a running step", () => {
    const [machine] = bdbActionsSchema.parse(fixture("rs-docs-actions-bdb.json"));
    expect(actionStep(machine, (text) => text, "op")).toEqual({ kind: "running", progress: { state: "proxy_policy", percent: 50 }, operation: "op" });
  });

  it("reads the real finished CRDB task, which has nothing but crdb_guid, id and status", () => {
    expect(crdbTaskStep(crdbTaskSchema.parse(fixture("rs-gmflau-crdb-task-finished.json")), (text) => text, "op")).toEqual({ kind: "ended", result: { kind: "completed" } });
  });

  it("reads the documented nodes' {db_type, version} entries, memcached left out", () => {
    expect(supportedRedisVersions(nodesSchema.parse(fixture("rs-docs-nodes-list.json")))?.map((version) => version.text)).toEqual(["2.6.16", "2.8.19"]);
  });

  it("reads the upgrade answer's action_uid from the real PUT answer and the Rust client's upgrade answer", () => {
    expect(upgradeAcceptedSchema.parse(fixture("rs-vault-bdb-put-response-6.0.json")).action_uid).toBe("2e0804b3-945c-4093-933b-2739344f2894");
    expect(upgradeAcceptedSchema.parse(fixture("rs-rs-bdb-upgrade-response.json")).action_uid).toBe("591d9dcb-ddd7-48a9-a04d-bd5d4d6834d0");
  });

  describe("the simulator answers the same endpoints with the same schemas and fields", () => {
    const simulator = new RedisSoftwareSimulator({ credentials });
    simulator.addDatabase({ uid: 1, version: "7.2", replication: true });
    const guid = "3c5e7a9b-1d2f-4a6b-8c0d-2e4f6a8b0c1d";
    simulator.crdbs.addCrdb({ guid, version: "7.4", participants: [{ cluster: simulator, bdbUid: 2 }] });

    const send = softwareCaller(simulator, credentials);
    function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): unknown {
      const { status, body: answer } = send(method, path, body, headers);
      if (status !== 200) throw new Error(`${method} ${path} answered ${status}`);
      return answer;
    }

    const upgraded = call("POST", "/v1/bdbs/1/upgrade", { redis_version: "7.4" });
    const actionUid = upgradeAcceptedSchema.parse(upgraded).action_uid!;
    const task = call("POST", `/v1/crdbs/${guid}/upgrade`, { redis_version: "8.0" }, { "x-task-id": "fixture-task" });

    /** Fields of the docs' 6.0-era bdb that a real 8.0 cluster (the capture) no longer sends either. */
    const capturedBdb = JSON.parse(readFileSync(join(CAPTURES_DIR, "bdb_single.json"), "utf8")) as object;

    it.each([
      ["GET /v1/actions/bdb/{uid}", "rs-docs-actions-bdb.json", () => call("GET", "/v1/actions/bdb/1"), (body: unknown) => (body as unknown[])[0]],
      ["GET /v1/actions/{uid}", "rs-docs-action.json", () => call("GET", `/v1/actions/${actionUid}`), (body: unknown) => body],
      ["GET /v1/actions", "rs-docs-actions-list.json", () => call("GET", "/v1/actions"), (body: unknown) => body],
      ["GET /v1/nodes", "rs-docs-nodes-list.json", () => call("GET", "/v1/nodes"), (body: unknown) => (body as unknown[])[0]],
      ["POST /v1/crdbs/{guid}/upgrade", "rs-gmflau-crdb-create-task-queued.json", () => task, (body: unknown) => body],
      ["GET /v1/crdb_tasks/{id}", "rs-gmflau-crdb-task-finished.json", () => call("GET", "/v1/crdb_tasks/fixture-task"), (body: unknown) => body],
      ["POST /v1/bdbs/{uid}/upgrade", "rs-vault-bdb-put-response-6.0.json", () => upgraded, (body: unknown) => body],
    ])("%s (%s)", (_endpoint, file, served, item) => {
      const body = served();
      for (const schema of SCHEMAS_OF[file]) expect(schema.safeParse(body).error?.issues ?? []).toEqual([]);
      const theirs = keysOf(item(fixture(file))).filter((key) => !key.startsWith("authentication_") && !(file.includes("6.0") && !(key in capturedBdb)));
      // The docs' GET /v1/actions/{uid} example is a cluster task (retry_bdb), whose task_id the state machine we serve does not have.
      const tasksOnly = file === "rs-docs-action.json" ? ["task_id"] : [];
      expect(theirs.filter((key) => !keysOf(item(body)).includes(key) && !tasksOnly.includes(key))).toEqual([]);
    });

    it("GET /v1/bdbs serves every field the real 6.0 list has that a real 8.0 bdb still has", () => {
      const [theirs] = fixture("rs-vault-bdbs-list-6.0.json") as object[];
      const [ours] = call("GET", "/v1/bdbs") as object[];
      bdbListSchema.parse([ours]);
      const expected = keysOf(theirs).filter((key) => !key.startsWith("authentication_") && key in capturedBdb);
      expect(expected.filter((key) => !(key in ours))).toEqual([]);
    });
  });
});
