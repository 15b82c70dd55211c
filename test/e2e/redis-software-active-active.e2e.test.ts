import * as fs from "node:fs";
import * as path from "node:path";
import {
  RedisSoftwareActiveActiveVersion,
  RedisSoftwareActiveActiveVersionProps,
  RedisSoftwareDatabaseVersion,
} from "../../src";
import { CrdbRegistry, RedisSoftwareSimulator } from "../../src/simulator/redis-software";
import { RunningServer, serve } from "../../src/simulator/server";
import { SimRequest } from "../../src/simulator/types";
import {
  apply,
  descendantsMatching,
  initAndApply,
  startTerraform,
  synthStack,
  terraform,
  terraformEnv,
  terraformOrSkip,
  waitFor,
} from "../support/terraform";
import { holdReads } from "../support/served";
import { tempDir } from "../support/temp";

const GUID = "4f1c9a52-7d3e-4b8a-9c61-2e5d8f0a7b13";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** Long enough for the slowest apply a test runs; the servers close themselves after it regardless. */
const LIFETIME_MS = 5 * 60_000;

/** The coordinator is read with the default variables, the participant with its own, and each cluster accepts only its user. */
const eastCredentials = { username: "east-admin@example.com", password: "East-Pa55word-never-stored" };
const westCredentials = { username: "west-admin@example.com", password: "West-Pa55word-never-stored" };
const WEST_USERNAME_ENV = "WEST_RS_USERNAME";
const WEST_PASSWORD_ENV = "WEST_RS_PASSWORD";

/** Progress of a running task, one entry per cluster: "started (east: upgrade_shards 33%, west: upgrade_shards 33%)". */
const PER_CLUSTER_PROGRESS = /\[\d+s\] started \(east: [a-z_]+(?: [a-z_]+)* \d+%, west: [a-z_]+(?: [a-z_]+)* \d+%\)/;

interface ServedCluster {
  readonly simulator: RedisSoftwareSimulator;
  readonly server: RunningServer;
  /** The cluster's own self-signed CA, in a directory of its own outside any stack. */
  readonly caFile: string;
}

async function serveCluster(name: string, credentials: typeof eastCredentials, registry: CrdbRegistry): Promise<ServedCluster> {
  const simulator = new RedisSoftwareSimulator({ credentials, name, crdbs: registry });
  const server = await serve({ tls: true, controlPlanes: [simulator], lifetimeMs: LIFETIME_MS });
  const caFile = path.join(tempDir(`ca-${name}`), `${name}-ca.pem`);
  fs.writeFileSync(caFile, server.caPem ?? "");
  return { simulator, server, caFile };
}

const isUpgradePost = (request: SimRequest) => request.method === "POST" && request.path.endsWith("/upgrade");

const suite = terraformOrSkip();

suite("Redis Software Active-Active pin, real terraform against two simulated clusters over TLS", () => {
  let registry: CrdbRegistry;
  let east: ServedCluster;
  let west: ServedCluster;

  beforeEach(async () => {
    registry = new CrdbRegistry();
    [east, west] = await Promise.all([serveCluster("east", eastCredentials, registry), serveCluster("west", westCredentials, registry)]);
    registry.addCrdb({
      guid: GUID,
      version: "7.4",
      participants: [
        { cluster: east.simulator, bdbUid: 3 },
        { cluster: west.simulator, bdbUid: 7 },
      ],
    });
  });

  afterEach(() => Promise.all([east.server.close(), west.server.close()]));

  /** The coordinator's CA comes from REDIS_SOFTWARE_CA_CERT; the participant's only from its caCertFile in the stack. */
  const env = (extra: Record<string, string> = {}) =>
    terraformEnv({
      REDIS_SOFTWARE_USERNAME: eastCredentials.username,
      REDIS_SOFTWARE_PASSWORD: eastCredentials.password,
      REDIS_SOFTWARE_CA_CERT: east.caFile,
      [WEST_USERNAME_ENV]: westCredentials.username,
      [WEST_PASSWORD_ENV]: westCredentials.password,
      ...extra,
    });

  const upgradePosts = () => [...east.server.requests, ...west.server.requests].filter(isUpgradePost);
  const requestCount = () => east.server.requests.length + west.server.requests.length;
  const versions = () => [east.simulator.database(3), west.simulator.database(7)].map((db) => db.redis_version);

  const stack = (props: Partial<RedisSoftwareActiveActiveVersionProps> = {}) =>
    synthStack(tempDir("out"), (scope) => {
      new RedisSoftwareActiveActiveVersion(scope, "sessions", {
        cluster: { url: east.server.url },
        crdbGuid: GUID,
        redisVersion: "8.0",
        allowMajorVersionUpgrade: true,
        upgrade: { preserveRoles: true, keepCrdtProtocolVersion: true, parallelShardsUpgrade: 2 },
        participants: [{ url: west.server.url, caCertFile: west.caFile, usernameEnv: WEST_USERNAME_ENV, passwordEnv: WEST_PASSWORD_ENV }],
        ...props,
      });
    });

  it("upgrades 7.4 to 8.0 with one POST to the coordinator, printing per-cluster progress and one summary; a second apply sends nothing", async () => {
    // Two clusters, two ports, two CAs: the participant's is trusted only through its caCertFile, carried into the stack.
    expect(east.server.url).not.toBe(west.server.url);
    expect(east.server.caPem).not.toBe(west.server.caPem);
    const dir = stack();
    expect(fs.readFileSync(path.join(dir, "cdk.tf.json"), "utf8")).not.toContain(west.caFile);
    const first = await initAndApply(dir, env());
    expect(first.code).toBe(0);
    expect(first.output).toMatch(/upgrading from 7\.4(\.\d+)? to 8\.0/);
    expect(first.output).toMatch(PER_CLUSTER_PROGRESS);
    expect(first.output.match(/: upgraded 7\.4(\.\d+)? → 8\.0(\.\d+)? in \S+ \(GET \/v1\/crdb_tasks\/[\w-]+\)/g)).toHaveLength(1);

    expect(upgradePosts()).toHaveLength(1);
    const [post] = upgradePosts();
    expect(east.server.requests).toContain(post);
    expect(post.path).toBe(`/v1/crdbs/${GUID}/upgrade`);
    expect(post.body).toEqual({ redis_version: "8.0", preserve_roles: true, keep_crdt_protocol_version: true, parallel_shards_upgrade: 2 });
    expect(post.headers["x-task-id"]).toMatch(UUID);
    expect(first.output).toContain(`GET /v1/crdb_tasks/${post.headers["x-task-id"]}`);

    expect(versions()).toEqual(["8.0", "8.0"]);
    // The participant was read (with its own CA and credentials) to verify its instance, never written to.
    expect(west.server.requests.length).toBeGreaterThan(0);
    expect(west.server.requests.every((request) => request.method === "GET")).toBe(true);
    // keepCrdtProtocolVersion: the coordinator left the featureset where it was.
    expect(registry.crdbs.get(GUID)?.featuresetVersion).toBe(7);

    const before = requestCount();
    const second = await apply(dir, env());
    expect(second.code).toBe(0);
    expect(second.output).toMatch(/No changes|0 added, 0 changed, 0 destroyed/);
    expect(requestCount()).toBe(before);
  });

  it("resumes the running task after the handler is killed mid-poll, without a second POST", async () => {
    const dir = stack();
    expect((await terraform(dir, ["init", "-input=false", "-no-color"], env())).code).toBe(0);
    // Polls a little apart, so the task is still running when the coordinator's next read is held.
    const run = startTerraform(dir, ["apply", "-auto-approve", "-input=false", "-no-color"], env({ REDIS_VERSION_POLL_INTERVAL_MS: "250" }));
    await waitFor(() => PER_CLUSTER_PROGRESS.test(run.output()), "a per-cluster progress line");
    // Held reads instead of slow polls: the handler waits mid-follow for the kill, not the test for the handler.
    holdReads(east.server);
    const handlers = descendantsMatching(run.child.pid!, "handler.cjs");
    expect(handlers.length).toBeGreaterThan(0);
    handlers.forEach((pid) => process.kill(pid, "SIGKILL"));
    const killed = await run.done;
    expect(killed.code).not.toBe(0);
    east.server.faults.clear();
    const running = registry.runningTask(GUID);
    expect(running).toBeDefined();
    expect(versions()).toEqual(["7.4", "7.4"]);
    expect(upgradePosts()).toHaveLength(1);
    expect(upgradePosts()[0].headers["x-task-id"]).toBe(running!.id);

    const resumed = await apply(dir, env());
    expect(resumed.code).toBe(0);
    expect(resumed.output).toContain(`an upgrade is already running (GET /v1/crdb_tasks/${running!.id}); following it`);
    expect(resumed.output).toMatch(/: upgraded 8\.0(\.\d+)? in /);
    expect(versions()).toEqual(["8.0", "8.0"]);
    expect(upgradePosts()).toHaveLength(1);
    expect(registry.tasks.size).toBe(1);
  });

  it("explains a 406 as a module capability conflict and fails the apply", async () => {
    east.server.faults.add({
      method: "POST",
      path: "/upgrade$",
      fault: {
        kind: "status",
        status: 406,
        body: { error_code: "unsupported_module_capabilities", description: "search cannot run with this eviction policy" },
      },
    });
    const result = await initAndApply(stack(), env());
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(
      /refused the upgrade \(406\): the new module versions' capabilities do not fit the database's configuration.*search cannot run with this eviction policy/,
    );
    expect(result.output).toMatch(/Check upgrade\.modules, or change the database setting the module cannot support/);
    expect(upgradePosts()).toHaveLength(1);
    expect(registry.tasks.size).toBe(0);
    expect(versions()).toEqual(["7.4", "7.4"]);
  });

  it("prints every cluster's error of a failed task and fails the apply", async () => {
    west.simulator.failNextUpgrade(7, "not enough memory for the new shards");
    east.simulator.failNextUpgrade(3, "shard 2 did not restart");
    const result = await initAndApply(stack(), env());
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/the upgrade failed: /);
    expect(result.output).toContain("west: upgrade_failed: not enough memory for the new shards");
    expect(result.output).toContain("east: upgrade_failed: shard 2 did not restart");
    expect(result.output).toMatch(/Details: GET \/v1\/crdb_tasks\/[\w-]+/);
    expect(upgradePosts()).toHaveLength(1);
    const [task] = registry.tasks.values();
    expect(task.status).toBe("failed");
    expect(task.errors.map((error) => error.cluster_name).sort()).toEqual(["east", "west"]);
  });

  it("refuses to pin one CRDB instance with RedisSoftwareDatabaseVersion, pointing to RedisSoftwareActiveActiveVersion, and sends no POST", async () => {
    const dir = synthStack(tempDir("out"), (scope) => {
      new RedisSoftwareDatabaseVersion(scope, "sessions", { cluster: { url: east.server.url }, databaseUid: 3, redisVersion: "8.0" });
    });
    const result = await initAndApply(dir, env());
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/database 3 is one instance of an Active-Active \(CRDB\) database/);
    expect(result.output).toContain(`Pin it with RedisSoftwareActiveActiveVersion and crdbGuid: "${GUID}" instead`);
    expect(upgradePosts()).toHaveLength(0);
    expect(east.server.requests.every((request) => request.method === "GET")).toBe(true);
    expect(west.server.requests).toHaveLength(0);
    expect(versions()).toEqual(["7.4", "7.4"]);
  });
});
