import { readdirSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import * as z from "zod";
import { databasesPageSchema, listedDatabases } from "../../../src/platforms/redis-cloud/database-list";
import {
  databaseSchema,
  redisVersionsSchema,
  subscriptionSchema,
  taskSchema,
} from "../../../src/platforms/redis-cloud/schemas";
import { RedisCloudSimulator } from "../../../src/simulator/redis-cloud";
import { describeWithReference, REFERENCE_DIR } from "../../support/reference";
import { credentials } from "../../support/cloud-account";

const FIXTURES = resolve(REFERENCE_DIR, "fixtures");

/** A page of GET …/databases as the client reads it: each item for what an Active-Active note names of it. */
const databaseListSchema = databasesPageSchema.transform(listedDatabases);

/** Each rc-* fixture (../shared/reference/fixtures/README.md) with the schema that reads its endpoint, and the simulator's answer for it. */
const READ: Readonly<Record<string, { schema: z.ZodType; simulated?: string }>> = {
  "rc-go-database-pro.json": { schema: databaseSchema, simulated: "/v1/subscriptions/1234/databases/5678" },
  "rc-rs-database-pro.json": { schema: databaseSchema, simulated: "/v1/subscriptions/1234/databases/5678" },
  "rc-go-database-active-active.json": { schema: databaseSchema, simulated: "/v1/subscriptions/2000/databases/1" },
  "rc-go-fixed-database.json": { schema: databaseSchema, simulated: "/v1/fixed/subscriptions/77/databases/88" },
  "rc-go-database-list-pro.json": { schema: databaseListSchema, simulated: "/v1/subscriptions/1234/databases" },
  "rc-go-database-list-active-active.json": { schema: databaseListSchema, simulated: "/v1/subscriptions/2000/databases" },
  "rc-go-fixed-database-list.json": { schema: databaseListSchema, simulated: "/v1/fixed/subscriptions/77/databases" },
  "rc-rs-fixed-database-list.json": { schema: databaseListSchema, simulated: "/v1/fixed/subscriptions/77/databases" },
  "rc-go-redis-versions.json": { schema: redisVersionsSchema, simulated: "/v1/subscriptions/redis-versions?subscriptionId=1234" },
  "rc-go-subscription.json": { schema: subscriptionSchema, simulated: "/v1/subscriptions/1234" },
  "rc-go-fixed-upgrade-task-received.json": { schema: taskSchema },
  "rc-go-fixed-upgrade-task-completed.json": { schema: taskSchema },
  "rc-go-task-received-legacy-links.json": { schema: taskSchema },
  "rc-go-task-initialized.json": { schema: taskSchema },
  "rc-go-task-processing-in-progress.json": { schema: taskSchema },
  "rc-go-task-processing-error.json": { schema: taskSchema },
  "rc-go-backup-status-received.json": { schema: taskSchema },
  "rc-go-backup-status-task-completed.json": { schema: taskSchema },
  "rc-go-backup-status-task-error.json": { schema: taskSchema },
  "rc-rs-task-completed-resource-only.json": { schema: taskSchema },
  "rc-docs-task-completed.json": { schema: taskSchema },
};
/** Endpoints the upgrade never reads. */
const NOT_READ = new Set(["rc-go-maintenance-windows-manual.json"]);

function simulated(path: string): unknown {
  const sim = new RedisCloudSimulator({ credentials });
  sim.addDatabase({ subscriptionId: 1234, databaseId: 5678, plan: "pro", version: "7.4", replicaOf: ["redis://:source-password@source.example.com:12000"] });
  sim.addDatabase({ subscriptionId: 2000, databaseId: 1, plan: "pro", version: "7.2", activeActive: true });
  sim.addDatabase({ subscriptionId: 77, databaseId: 88, plan: "essentials", version: "7.4" });
  const url = new URL(path, "https://sim");
  const headers = { "x-api-key": credentials.accessKey, "x-api-secret-key": credentials.secretKey };
  return sim.handle({ method: "GET", path: url.pathname, query: url.searchParams, headers, body: undefined })?.body;
}

/** The fields a schema keeps from a body, recursively: what the client reads of it. */
function fieldsRead(value: unknown, prefix = ""): string[] {
  if (Array.isArray(value)) return value.length ? fieldsRead(value[0], `${prefix}[]`) : [];
  if (typeof value !== "object" || value === null) return [];
  return Object.entries(value).flatMap(([key, inner]) => [`${prefix}${key}`, ...fieldsRead(inner, `${prefix}${key}.`)]);
}

describeWithReference("Redis Cloud response fixtures written by others (../shared/reference/fixtures)", ["fixtures/README.md"], () => {
  const files = readdirSync(FIXTURES).filter((name) => name.startsWith("rc-"));
  const read = (name: string): unknown => JSON.parse(readFileSync(resolve(FIXTURES, name), "utf8"));

  it("knows every rc-* fixture: which schema reads it, or that the upgrade never reads its endpoint", () => {
    expect(files.filter((name) => !(name in READ) && !NOT_READ.has(name))).toEqual([]);
  });

  it.each(Object.entries(READ))("%s parses with the client's schema", (name, { schema }) => {
    const parsed = schema.safeParse(read(name));
    expect(parsed.error?.issues ?? []).toEqual([]);
  });

  it("reads what the fixtures say: an error object in a task, an Active-Active database, both list wrappers", () => {
    expect(taskSchema.parse(read("rc-go-task-processing-error.json")).response?.error).toMatchObject({ type: "SUBSCRIPTION_PI_NOT_FOUND" });
    expect(databaseSchema.parse(read("rc-go-database-active-active.json")).crdbDatabases?.length).toBeGreaterThan(0);
    expect(databaseListSchema.parse(read("rc-go-database-list-pro.json")).length).toBeGreaterThan(0);
    expect(databaseListSchema.parse(read("rc-go-fixed-database-list.json")).length).toBeGreaterThan(0);
  });

  it("reads list items as databases where they carry what GET …/databases/{id} does, and knows the Go client's Pro mock does not", () => {
    const items = (name: string) => databasesPageSchema.parse(read(name));
    const asDatabases = (name: string) => items(name).map((item) => databaseSchema.safeParse(item).success);
    // The Active-Active and Essentials items carry status, redisVersion and activeActiveRedis: a plan reads them from the list.
    expect(asDatabases("rc-go-database-list-active-active.json")).toEqual([true]);
    expect(asDatabases("rc-go-fixed-database-list.json")).toEqual([true]);
    expect(asDatabases("rc-rs-fixed-database-list.json")).toEqual([true]);
    expect(databaseSchema.parse(items("rc-go-database-list-active-active.json")[0])).toMatchObject({ status: "active", redisVersion: "7.2", activeActiveRedis: true });
    // The Pro mock's items have no status: a plan reads each such database on its own.
    expect(asDatabases("rc-go-database-list-pro.json")).toEqual([false, false]);
  });

  it.each(Object.entries(READ).filter(([, entry]) => entry.simulated))(
    "the simulator answers %s's endpoint with the same schema and at least the fields the client reads of it",
    (name, { schema, simulated: path }) => {
      const fixture = fieldsRead(schema.parse(read(name)));
      const answer = schema.safeParse(simulated(path!));
      expect(answer.error?.issues ?? []).toEqual([]);
      expect(fixture.filter((field) => !fieldsRead(answer.data).includes(field))).toEqual([]);
    },
  );
});
