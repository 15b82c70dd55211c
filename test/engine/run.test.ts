import { RunFailure } from "../../src/core/errors";
import { run } from "../../src/engine";
import { profileOf, upgraderFor } from "../../src/kinds";
import { parseResolved, specSchema } from "../../src/spec";
import { parseVersion } from "../../src/versions";
import { Cluster, startCluster } from "../support/software-cluster";
import { acceptedUpgradePosts } from "../support/served";
import { withTestRun } from "../support/run";

/*
 * run() against the Redis Software simulator over HTTPS when the upgrade
 * POST's outcome is uncertain (issue 11, defect 2): the control plane's
 * state, read again, decides; the POST is never re-sent blindly.
 */
describe("run() after an upgrade request whose outcome is unknown", () => {
  let cluster: Cluster;

  beforeEach(async () => {
    cluster = await startCluster({ stepsPerUpgrade: 3 });
    cluster.simulator.addDatabase({ uid: 1, version: "7.2", replication: true });
  });
  afterEach(() => cluster.close());

  const apply = (timeoutMinutes = 1) => {
    const spec = parseResolved(
      specSchema,
      { kind: "redis-software-database", format: 1, address: "stack/orders", redisVersion: "7.4", timeoutMinutes, cluster: cluster.spec, databaseUid: 1 },
      "test",
    );
    return withTestRun(cluster.context, timeoutMinutes, (context) =>
      run(upgraderFor(spec, context), parseVersion("7.4"), { label: spec.address, context, pollIntervalMs: 10, profile: profileOf(spec) }),
    );
  };
  const output = () => cluster.context.log.lines.join("\n");
  const upgradeActions = () => cluster.simulator.actions(1).filter((action) => action.name === "SMUpgradeBDB");

  it("follows the upgrade another handler started (409 busy) instead of sending a second one", async () => {
    cluster.server.faults.add({
      method: "POST",
      path: "^/v1/bdbs/1/upgrade$",
      fault: { kind: "preceded-by", request: { method: "POST", path: "/v1/bdbs/1/upgrade", body: { redis_version: "7.4" } } },
    });
    const outcome = await apply();
    expect(outcome.kind).toBe("upgraded");
    expect(output()).toMatch(/409.*busy.*reading the database again/);
    expect(output()).toMatch(/an upgrade is already running \(GET \/v1\/actions\/[\w-]+\); following it instead of starting another/);
    expect(acceptedUpgradePosts(cluster.server)).toHaveLength(1);
    expect(upgradeActions()).toHaveLength(1);
    expect(cluster.simulator.database(1).redis_version).toMatch(/^7\.4/);
  });

  it("follows the upgrade its own lost POST started", async () => {
    cluster.server.faults.add({ method: "POST", path: "^/v1/bdbs/1/upgrade$", fault: { kind: "lose-response" } });
    expect((await apply()).kind).toBe("upgraded");
    expect(cluster.upgradePosts()).toHaveLength(1);
    expect(upgradeActions()).toHaveLength(1);
  });

  it("sends again only after a fresh read shows nothing running, and gives up after three uncertain requests", async () => {
    cluster.server.faults.add({ method: "POST", path: "^/v1/bdbs/1/upgrade$", times: 100, fault: { kind: "status", status: 503 } });
    const error = await apply().catch((caught: Error) => caught);
    expect(error).toBeInstanceOf(RunFailure);
    expect((error as Error).message).toMatch(
      /3 upgrade requests ended without a clear answer \(last: .*503.*\) and the database shows no upgrade running; nothing more is sent/,
    );
    expect(cluster.upgradePosts()).toHaveLength(3);
    expect(acceptedUpgradePosts(cluster.server)).toHaveLength(0);
    // Before every POST a read of the database's actions: the state, not our memory, decided to send it.
    const sequence = cluster.server.requests.map((request) => `${request.method} ${request.path}`).join("\n");
    const beforeEachPost = sequence.split("POST /v1/bdbs/1/upgrade").slice(0, -1);
    expect(beforeEachPost).toHaveLength(3);
    for (const reads of beforeEachPost) expect(reads).toContain("GET /v1/actions/bdb/1");
  });
});
