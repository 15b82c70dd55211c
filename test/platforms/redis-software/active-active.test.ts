import { join } from "node:path";
import { RunFailure } from "../../../src/core/errors";
import { run } from "../../../src/engine";
import { UserFacingError } from "../../../src/core/errors";
import { softwareActiveActiveUpgrader } from "../../../src/platforms/redis-software";
import { derivedTaskId } from "../../../src/platforms/redis-software/crdb-task-id";
import { ActiveActiveSpec, activeActiveSpecSchema } from "../../../src/spec";
import { CrdbInput, CrdbRegistry } from "../../../src/simulator/redis-software";
import { parseVersion } from "../../../src/versions";
import { ActiveActiveClusters, fastTransport, startActiveActive } from "../../support/software-cluster";
import { profileOf } from "../../../src/kinds";
import { followToEnd, withTestRun } from "../../support/run";

const GUID = "4f1c9a52-7d3e-4b8a-9c61-2e5d8f0a7b13";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe("softwareActiveActiveUpgrader against three simulated clusters over HTTPS", () => {
  let aa: ActiveActiveClusters;
  let now: number;

  async function start(crdb: Partial<CrdbInput> = {}, options: Parameters<typeof startActiveActive>[1] = () => ({})) {
    now = Date.parse("2026-06-01T00:00:00Z");
    aa = await startActiveActive(["east", "west", "south"], options, new CrdbRegistry(() => now));
    aa.registry.addCrdb({
      guid: GUID,
      version: "7.4",
      participants: [
        { cluster: aa.clusters.east.simulator, bdbUid: 3 },
        { cluster: aa.clusters.west.simulator, bdbUid: 7 },
        { cluster: aa.clusters.south.simulator, bdbUid: 1 },
      ],
      ...crdb,
    });
  }

  afterEach(() => aa.close());

  function specFor(overrides: Partial<ActiveActiveSpec> = {}): ActiveActiveSpec {
    return activeActiveSpecSchema.parse({
      kind: "redis-software-active-active",
      format: 1,
      address: "stack/sessions",
      redisVersion: "8.0",
      allowMajorVersionUpgrade: true,
      timeoutMinutes: 30,
      cluster: aa.specs.east,
      crdbGuid: GUID,
      upgrade: { preserveRoles: true },
      participants: [aa.specs.west, aa.specs.south],
      ...overrides,
    });
  }

  const upgraderFor = (spec = specFor()) => softwareActiveActiveUpgrader(spec, aa.context, fastTransport());
  const apply = (spec = specFor()) =>
    withTestRun(aa.context, spec.timeoutMinutes, (context) =>
      run(softwareActiveActiveUpgrader(spec, context, fastTransport()), parseVersion(spec.redisVersion), { label: spec.address, context, pollIntervalMs: 1, profile: profileOf(spec) }),
    );
  const output = () => aa.context.log.lines.join("\n");
  const failureOf = (promise: Promise<unknown>) => promise.then(() => undefined, (error: Error) => error);
  const posts = () => Object.values(aa.clusters).flatMap((cluster) => cluster.upgradePosts());
  const versions = () => [aa.clusters.east.simulator.database(3), aa.clusters.west.simulator.database(7), aa.clusters.south.simulator.database(1)].map((db) => db.version);

  describe("upgrades", () => {
    beforeEach(() => start());

    it("upgrades every participant with one POST to the coordinator, and verifies each", async () => {
      const outcome = await apply();
      expect(outcome.kind).toBe("upgraded");
      expect(versions()).toEqual(["8.0.0", "8.0.0", "8.0.0"]);
      expect(posts()).toHaveLength(1);
      const [post] = aa.clusters.east.upgradePosts();
      expect(post.path).toBe(`/v1/crdbs/${GUID}/upgrade`);
      expect(post.body).toEqual({ redis_version: "8.0", preserve_roles: true });
      expect(post.headers["x-task-id"]).toMatch(UUID);
      expect(post.headers["x-result-ttl"]).toBe(String(30 * 60 + 3600));
      expect(output()).toMatch(/started \(east: \w+ \d+%, west: \w+ \d+%, south: \w+ \d+%\)/);
      expect(output()).toMatch(/CRDB [\w-]+: protocol_version 1/);
      expect(output()).toMatch(/before the upgrade: CRDB featureset_version 7 \(the cluster supports 8\)/);
      expect(outcome.kind === "upgraded" && outcome.summary).toMatch(/; after the upgrade: CRDB featureset_version 8 \(the cluster supports 8\)$/);
      expect(output()).toMatch(new RegExp(`${aa.specs.west.url}: bdb 7 runs 7\\.4\\.2 \\(crdt protocol 1, featureset 7\\)`));
      expect(aa.registry.crdbs.get(GUID)?.featuresetVersion).toBe(8);
    });

    it("does nothing when every instance already runs the pin", async () => {
      expect((await apply(specFor({ redisVersion: "7.4" }))).kind).toBe("noop");
      expect(posts()).toHaveLength(0);
    });

    it("resumes the task an interrupted apply started, without a second POST", async () => {
      const first = upgraderFor();
      const operation = await first.submit(parseVersion("8.0"), await first.observe(parseVersion("8.0")));
      const outcome = await apply();
      expect(outcome).toMatchObject({ kind: "upgraded", operation: { taskId: operation.taskId, lookup: `GET /v1/crdb_tasks/${operation.taskId}` } });
      expect(output()).toMatch(/an upgrade is already running/);
      expect(posts()).toHaveLength(1);
    });

    it("does not re-send the POST whose answer was lost: the task is found by its X-Task-ID", async () => {
      aa.clusters.east.server.faults.add({ method: "POST", path: "/upgrade$", fault: { kind: "lose-response" } });
      expect((await apply()).kind).toBe("upgraded");
      expect(posts()).toHaveLength(1);
      expect(aa.registry.tasks.size).toBe(1);
    });

    it("sends the user's taskId and resultTtlSeconds", async () => {
      await apply(specFor({ taskId: "nightly-upgrade-42", resultTtlSeconds: 7200 }));
      expect(aa.clusters.east.upgradePosts()[0].headers).toMatchObject({ "x-task-id": "nightly-upgrade-42", "x-result-ttl": "7200" });
    });

    it("reports every participant's error when the task fails, then retries under the next derived id", async () => {
      aa.clusters.west.simulator.failNextUpgrade(7, "not enough memory for the new shards");
      const error = await failureOf(apply());
      expect(error).toBeInstanceOf(RunFailure);
      expect(error?.message).toMatch(/the upgrade failed: west: upgrade_failed: not enough memory for the new shards/);
      const firstId = aa.clusters.east.upgradePosts()[0].headers["x-task-id"];
      expect((await apply()).kind).toBe("upgraded");
      const secondId = aa.clusters.east.upgradePosts()[1].headers["x-task-id"];
      expect(secondId).toMatch(UUID);
      expect(secondId).not.toBe(firstId);
    });

    it("stops before sending when the user's taskId already ran", async () => {
      aa.clusters.west.simulator.failNextUpgrade(7, "boom");
      const spec = specFor({ taskId: "fixed-id" });
      await failureOf(apply(spec));
      const error = await failureOf(apply(spec));
      expect(error).toBeInstanceOf(UserFacingError);
      expect(error?.message).toMatch(/task fixed-id for this upgrade already ended \(failed\).*set a new taskId/);
      expect(posts()).toHaveLength(1);
    });

    it("tolerates a task that answers 404 right after its POST, but takes a resumed task's 404 as gone", async () => {
      const upgrader = upgraderFor();
      const operation = await upgrader.submit(parseVersion("8.0"), await upgrader.observe(parseVersion("8.0")));
      const follow = (following = upgrader, followed = operation) => followToEnd(following, followed, parseVersion("8.0"), aa.context);
      aa.registry.hideTasksFor(3);
      expect(await follow()).toEqual({ kind: "completed" });
      aa.registry.hideTasksFor(1);
      // A resumed task (found by observe, not sent by this run) gets no grace.
      expect(await follow(upgraderFor(), { ...operation, submittedHere: false })).toEqual({ kind: "gone" });
    });

    it("verifies through the instances when the task result expired before it was read", async () => {
      const upgrader = upgraderFor();
      const operation = await upgrader.submit(parseVersion("8.0"), await upgrader.observe(parseVersion("8.0")));
      const result = await followToEnd(upgrader, operation, parseVersion("8.0"), aa.context, () => {
        const task = aa.registry.tasks.get(operation.taskId)!;
        while (task.status === "queued" || task.status === "started") aa.registry.advance(task);
        now += 3 * 3600_000;
      });
      expect(result).toEqual({ kind: "gone" });
      expect(await upgrader.verify(parseVersion("8.0"))).toMatchObject({ kind: "verified", observed: { current: { text: "8.0.0" } } });
    });

    it("warns about module commands across 8.0 and about a kept protocol, and sends keep_crdt_protocol_version", async () => {
      await aa.close();
      await start({ modules: [{ name: "search", id: "m-search", version: "2.10.17" }, { name: "ReJSON", id: "m-json", version: "2.8.10" }] });
      await apply(specFor({ upgrade: { keepCrdtProtocolVersion: true } }));
      expect(output()).toMatch(/warning: .*Active-Active database moving from Redis 7\.4\.2 to 8\.0: run no search or ReJSON commands until every participant/);
      expect(output()).toMatch(/warning: .*keepCrdtProtocolVersion keeps the CRDT protocol where it is: upgrade the protocol before/);
      expect(aa.clusters.east.upgradePosts()[0].body).toEqual({ redis_version: "8.0", keep_crdt_protocol_version: true });
      expect(aa.registry.crdbs.get(GUID)?.featuresetVersion).toBe(7);
    });

    it("never sends data-loss flags without the acknowledgement", async () => {
      const error = await failureOf(apply({ ...specFor(), upgrade: { forceDiscard: true } }));
      expect(error?.message).toMatch(/not sending the upgrade: upgrade\.forceDiscard can discard/);
      expect(posts()).toHaveLength(0);
    });

    it("finds a participant's instance through GET /v1/bdbs when its cluster does not list the CRDB", async () => {
      aa.clusters.west.server.faults.add({ path: `^/v1/crdbs/${GUID}$`, fault: { kind: "status", status: 404, body: { error_code: "crdb_not_found" } } });
      const observed = await upgraderFor().observe(parseVersion("8.0"));
      expect(observed.participants?.map((participant) => participant.version)).toEqual(["7.4.2", "7.4.2", "7.4.2"]);
      expect(aa.clusters.west.server.requests.map((request) => request.path)).toContain("/v1/bdbs");
    });

    it("names a participant cluster that holds no instance", async () => {
      const stranger = await startActiveActive(["stranger"]);
      try {
        const participant = { ...stranger.specs.stranger, caCertFile: join(stranger.context.cwd, "stranger-ca.pem") };
        const error = await failureOf(upgraderFor(specFor({ participants: [participant] })).observe(parseVersion("8.0")));
        expect(error?.message).toBe(`${participant.url} holds no instance of Active-Active database ${GUID}: check the participants list, or the GUID`);
      } finally {
        await stranger.close();
      }
    });
  });

  describe("reading versions", () => {
    it("takes the lowest instance as the database's version, and upgrades from there", async () => {
      await start();
      aa.registry.addCrdb({
        guid: "0b6a3f1e-2c4d-4e8f-a1b2-c3d4e5f60718",
        version: "7.4",
        participants: [
          { cluster: aa.clusters.east.simulator, bdbUid: 30 },
          { cluster: aa.clusters.west.simulator, bdbUid: 70, version: "7.2" },
          { cluster: aa.clusters.south.simulator, bdbUid: 10 },
        ],
      });
      const spec = specFor({ crdbGuid: "0b6a3f1e-2c4d-4e8f-a1b2-c3d4e5f60718", redisVersion: "7.4" });
      const upgrader = upgraderFor(spec);
      const observed = await upgrader.observe(parseVersion("8.0"));
      expect(observed.current.text).toBe("7.2.7");
      expect(observed.participants).toEqual([
        { name: aa.specs.east.url, version: "7.4.2" },
        { name: aa.specs.west.url, version: "7.2.7" },
        { name: aa.specs.south.url, version: "7.4.2" },
      ]);
      expect(await upgrader.verify(parseVersion("7.4"))).toEqual({
        kind: "not-yet",
        why: `not every instance satisfies 7.4: ${aa.specs.west.url} (bdb 70): the database reports redis_version 7.2 (version 7.2.7), which does not satisfy 7.4`,
      });
      expect((await apply(spec)).kind).toBe("upgraded");
    });

    it("notes that only the coordinator's instance is read without participants", async () => {
      await start();
      const observed = await upgraderFor(specFor({ participants: undefined })).observe(parseVersion("8.0"));
      expect(observed.participants).toHaveLength(1);
      expect(observed.notes).toContain(`only the instance on ${aa.specs.east.url} is read: list the other clusters in participants to report and verify every instance`);
    });
  });

  describe("errors a user can act on", () => {
    beforeEach(() => start());

    it("404 names the GUID and the cluster", async () => {
      const error = await failureOf(upgraderFor(specFor({ crdbGuid: "00000000-0000-4000-8000-000000000000" })).observe(parseVersion("8.0")));
      expect(error?.message).toBe(`Active-Active database 00000000-0000-4000-8000-000000000000 not found on ${aa.specs.east.url} (404: Active-Active database 00000000-0000-4000-8000-000000000000 does not exist)`);
    });

    it("401 names the credential variables", async () => {
      const context = { ...aa.context, env: { RS_USER: "someone", RS_PASS: "wrong-password" } };
      const error = await failureOf(softwareActiveActiveUpgrader(specFor(), context, fastTransport()).observe(parseVersion("8.0")));
      expect(error?.message).toMatch(/refused the credentials \(401\): check the username in RS_USER and the password in RS_PASS/);
    });

    it("406 explains the module capability conflict", async () => {
      aa.clusters.east.server.faults.add({
        method: "POST",
        path: "/upgrade$",
        fault: { kind: "status", status: 406, body: { error_code: "unsupported_module_capabilities", description: "search cannot run with this eviction policy" } },
      });
      const error = await failureOf(apply());
      expect(error?.message).toMatch(/refused the upgrade \(406\): the new module versions' capabilities .*search cannot run with this eviction policy/);
    });

    it("400 shows the API's message", async () => {
      const upgrader = upgraderFor();
      const error = await failureOf(upgrader.observe(parseVersion("7.2")).then((observed) => upgrader.submit(parseVersion("7.2"), observed)));
      expect(error?.message).toMatch(/\(400\): Cannot downgrade database 3 from 7\.4\.2 to 7\.2\.7/);
    });
  });

  it("explains that a cluster before 8.0.18 needs the per-participant flow", async () => {
    await start({}, (name) => (name === "east" ? { softwareVersion: "8.0.16-12" } : {}));
    const upgrader = upgraderFor();
    expect((await upgrader.observe(parseVersion("8.0"))).notes?.join("\n")).toMatch(/a cluster runs Redis Software .*8\.0\.16-12.*: the one-call upgrade needs 8\.0\.18 or later/);
    const error = await failureOf(upgrader.observe(parseVersion("8.0")).then((observed) => upgrader.submit(parseVersion("8.0"), observed)));
    expect(error?.message).toMatch(
      /runs Redis Software 8\.0\.16-12: the one-call Active-Active upgrade \(POST \/v1\/crdbs\/[\w-]+\/upgrade\) needs Redis Software 8\.0\.18 or later\..*POST \/v1\/bdbs\/\{its instance's uid\}\/upgrade .*keep_crdt_protocol_version.*--featureset-version yes/,
    );
  });

});

describe("Active-Active helpers", () => {
  it("derives the same task id for the same target and options, whatever their order", () => {
    const seed = (redisVersion: string, upgrade: object) => ({ guid: GUID, redisVersion, upgrade });
    const first = derivedTaskId(seed("8.0", { preserveRoles: true, forceRestart: false }), 0);
    expect(derivedTaskId(seed("8.0", { forceRestart: false, preserveRoles: true }), 0)).toBe(first);
    expect(first).toMatch(UUID);
    expect(derivedTaskId(seed("8.0", { preserveRoles: true, forceRestart: false }), 1)).not.toBe(first);
    expect(derivedTaskId(seed("8.2", { preserveRoles: true, forceRestart: false }), 0)).not.toBe(first);
    expect(derivedTaskId(seed("8.0", { preserveRoles: false, forceRestart: false }), 0)).not.toBe(first);
  });
});
