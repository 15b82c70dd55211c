import { Clock, systemClock } from "../../src/core/clock";
import { Interrupted, RunFailure } from "../../src/core/errors";
import { run } from "../../src/engine";
import { interruptibleClock } from "../../src/engine/stop";
import { profileOf, upgraderFor } from "../../src/kinds";
import { parseResolved, specSchema } from "../../src/spec";
import { parseVersion } from "../../src/versions";
import { Cluster, startCluster } from "../support/software-cluster";
import { acceptedUpgradePosts } from "../support/served";
import { withTestRun } from "../support/run";

/** Issue 20 item 6: the run's stop signal, where run() and its clock check it. */
describe("run() asked to stop", () => {
  let cluster: Cluster;
  beforeEach(async () => {
    cluster = await startCluster({ stepsPerUpgrade: 50 });
    cluster.simulator.addDatabase({ uid: 1, version: "7.2", replication: true });
  });
  afterEach(() => cluster.close());

  /** A run whose clock is interruptible by `stop`, as apply builds it; `before` sees every wait first. */
  const apply = (stop: AbortController, before: () => void = () => undefined) => {
    const spec = parseResolved(
      specSchema,
      { kind: "redis-software-database", format: 1, address: "stack/orders", redisVersion: "7.4", timeoutMinutes: 1, cluster: cluster.spec, databaseUid: 1 },
      "test",
    );
    const base = cluster.context;
    const watched: Clock = { ...base.clock, now: () => base.clock.now(), sleep: (ms) => (before(), base.clock.sleep(ms)) };
    const clock = interruptibleClock(watched, stop.signal);
    return withTestRun({ ...base, clock }, 1, (context) =>
      run(upgraderFor(spec, context), parseVersion("7.4"), { label: spec.address, context, pollIntervalMs: 200, profile: profileOf(spec), signal: stop.signal }),
    );
  };
  const failureOf = (promise: Promise<unknown>) => promise.then(() => undefined, (error: Error) => error);

  it("before the upgrade request: sends none", async () => {
    const stop = new AbortController();
    stop.abort(new Interrupted("a test asked"));
    const error = await failureOf(apply(stop));
    expect(error).toBeInstanceOf(RunFailure);
    expect(error?.message).toMatch(/^stack\/orders \(Redis Software database 1 at .*\): stopped before requesting the upgrade \(a test asked\): nothing was sent/);
    expect(cluster.upgradePosts()).toHaveLength(0);
  });

  it("while following: its next wait ends the follow, naming the action still running, and nothing more is read", async () => {
    const stop = new AbortController();
    const error = await failureOf(apply(stop, () => acceptedUpgradePosts(cluster.server).length > 0 && stop.abort(new Interrupted("a test asked"))));
    expect(error?.message).toMatch(/stopped \(a test asked\) while the upgrade runs: it goes on on the control plane \(GET \/v1\/actions\/[\w-]+\); nothing more is sent/);
    const afterPost = cluster.server.requests.slice(cluster.server.requests.findIndex((request) => request.method === "POST") + 1);
    expect(afterPost).toEqual([]);
  });

  it("a sleep on the interruptible clock ends early, throwing", async () => {
    const stop = new AbortController();
    const slept = interruptibleClock(systemClock, stop.signal).sleep(60_000);
    stop.abort(new Interrupted("now"));
    await expect(slept).rejects.toThrow(/^stopped \(now\)/);
  });
});
