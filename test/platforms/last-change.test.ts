import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { lastChangeFrom, latestChange } from "../../src/platforms/last-change";
import { observation } from "../../src/platforms/redis-cloud/observation";
import { databaseSchema } from "../../src/platforms/redis-cloud/schemas";
import { summarize } from "../../src/platforms/redis-software/crdb-reading";
import { bdbSchema } from "../../src/platforms/redis-software";
import { describeWithReference, REFERENCE_DIR } from "../support/reference";
import { loadOpenApi } from "./redis-cloud/reference";
import { CAPTURES_DIR } from "./redis-software/reference";

describe("lastChangeFrom", () => {
  it("rounds a time recorded to the second up to the end of that second, so a soak is never overstated", () => {
    expect(lastChangeFrom("last_changed_time", "2025-10-14T00:01:22Z", "bdb 1")).toEqual({
      at: Date.parse("2025-10-14T00:01:22Z") + 999,
      source: "last_changed_time 2025-10-14T00:01:22Z of bdb 1",
    });
    expect(lastChangeFrom("lastModified", "2026-12-01T12:00:00.250Z", "database 1")?.at).toBe(Date.parse("2026-12-01T12:00:00.250Z"));
    expect(lastChangeFrom("lastModified", "2026-12-01T14:00:00+02:00", "database 1")?.at).toBe(Date.parse("2026-12-01T12:00:00Z") + 999);
  });

  it.each([undefined, null, "", "yesterday", "2025-10-14T00:01:22", "2025-10-14", "2025-13-45T99:00:00Z"])("reads %j as no time at all rather than guess", (text) => {
    expect(lastChangeFrom("last_changed_time", text, "bdb 1")).toBeUndefined();
  });

  it("takes the latest of several records, and none when one of them is missing", () => {
    const early = { at: 1, source: "a" };
    const late = { at: 2, source: "b" };
    expect(latestChange([early, late])).toBe(late);
    expect(latestChange([late, undefined])).toBeUndefined();
    expect(latestChange([])).toBeUndefined();
  });
});

describeWithReference("the time of a database's last change in real answers", ["redis-software-captures/bdb_single.json", "fixtures/rc-go-database-pro.json", "redis-cloud-openapi.json"], () => {
  const capture = (name: string) => JSON.parse(readFileSync(resolve(CAPTURES_DIR, name), "utf8"));

  it("Redis Software: the captured bdb's last_changed_time, and for an Active-Active database the latest of its instances'", () => {
    const bdb = bdbSchema.parse(capture("bdb_single.json"));
    expect(bdb.last_changed_time).toBe("2025-10-14T00:01:22Z");
    const later = { ...bdb, uid: 2, last_changed_time: "2025-11-02T08:00:00Z" };
    const reading = { crdb: { guid: "g", local_databases: [] }, instances: [{ url: "https://east", bdb }, { url: "https://west", bdb: later }], nodes: [] };
    expect(summarize(reading as never).lastChange).toEqual({ at: Date.parse("2025-11-02T08:00:00Z") + 999, source: "last_changed_time 2025-11-02T08:00:00Z of bdb 2 at https://west" });
    const unknown = { ...reading, instances: [reading.instances[0], { url: "https://west", bdb: { ...later, last_changed_time: undefined } }] };
    expect(summarize(unknown as never).lastChange).toBeUndefined();
  });

  it("Redis Cloud: lastModified of the Go client's Pro database and of the OpenAPI document's Database example", () => {
    const fixture = databaseSchema.parse(JSON.parse(readFileSync(resolve(REFERENCE_DIR, "fixtures/rc-go-database-pro.json"), "utf8")));
    expect(observation({ database: fixture, path: "/v1/subscriptions/1/databases/1" }).lastChange?.source).toBe(`lastModified 2020-11-03T09:03:30Z of database ${fixture.databaseId}`);
    const example = (loadOpenApi() as { components: { schemas: { Database: { example: unknown } } } }).components.schemas.Database.example;
    const database = databaseSchema.parse(example);
    expect(observation({ database, path: "/v1/subscriptions/1/databases/1" }).lastChange?.at).toBe(Date.parse(database.lastModified!) + 999);
  });
});
