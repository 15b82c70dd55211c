import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { observation } from "../../../src/platforms/redis-cloud/observation";
import { databaseSchema } from "../../../src/platforms/redis-cloud/schemas";
import { describeWithReference, REFERENCE_DIR } from "../../support/reference";

const FIXTURE = "fixtures/rc-go-database-pro.json";
const read = (changes: Record<string, unknown> = {}) =>
  databaseSchema.parse({ ...JSON.parse(readFileSync(resolve(REFERENCE_DIR, FIXTURE), "utf8")), ...changes });

/*
 * A Pro database's Replica Of links, as the Go client's example gives them
 * (its replicaOf endpoint is the placeholder "another"): where it answers,
 * and each source kept as host:port, never with a password a source URI carries.
 */
describeWithReference("a Redis Cloud database's Replica Of links in the observation", [FIXTURE], () => {
  const path = "/v1/subscriptions/1/databases/98765";

  it("reads where the database answers, and leaves out a source that names no host and port", () => {
    expect(observation({ database: read(), path }).replication).toEqual({ endpoints: ["example.com:16668", "example.net:16668"], sources: [] });
  });

  it("keeps a source as host:port only", () => {
    const database = read({ replicaOf: { endpoints: ["redis://default:source-secret@redis-1.c1.cloud.redislabs.com:12000"] } });
    const replication = observation({ database, path }).replication;
    expect(replication?.sources).toEqual(["redis-1.c1.cloud.redislabs.com:12000"]);
    expect(JSON.stringify(database)).not.toContain("source-secret");
  });
});
