import { SubmitOutcomeUnknown, UserFacingError } from "../../../src/core/errors";
import { connectCluster, RedisSoftwareClient } from "../../../src/platforms/redis-software";
import { SimRequest } from "../../../src/simulator/types";
import { Cluster, credentials, fastTransport, startCluster } from "../../support/software-cluster";

describe("RedisSoftwareClient against the simulator over HTTPS", () => {
  let cluster: Cluster;
  let transport: ReturnType<typeof fastTransport>;
  let client: RedisSoftwareClient;

  async function start(...args: Parameters<typeof startCluster>) {
    cluster = await startCluster(...args);
    cluster.simulator.addDatabase({ uid: 1, version: "7.2", replication: true });
    transport = fastTransport();
    client = new RedisSoftwareClient(connectCluster(cluster.spec, cluster.context, transport), cluster.spec);
  }

  beforeEach(() => start());
  afterEach(() => cluster.close());

  const reached = (method: string, path: string) =>
    cluster.server.requests.filter((request) => request.method === method && request.path === path).length;

  describe("reads", () => {
    it("reads a bdb, asking only for the fields it uses", async () => {
      const bdb = await client.getBdb(1);
      expect(bdb).toMatchObject({ uid: 1, redis_version: "7.2", version: "7.2.7", status: "active", crdt: false });
      expect(cluster.server.requests[0].query.get("fields")).toContain("redis_version");
    });

    it("reads the versions every node supports", async () => {
      expect((await client.supportedVersions())?.map((version) => version.text)).toEqual(["6.2.13", "7.2.7", "7.4.2", "8.0.0"]);
    });

    it("reads an action, and undefined once the cluster forgot it", async () => {
      const actionUid = await client.upgradeBdb(1, { redis_version: "7.4" });
      expect(await client.getAction(actionUid)).toMatchObject({ name: "SMUpgradeBDB", status: "active", state: expect.any(String) });
      cluster.simulator.expireAction(actionUid);
      expect(await client.getAction(actionUid)).toBeUndefined();
    });
  });

  describe("upgradeBdb", () => {
    it("posts the body it is given and returns the action uid", async () => {
      const actionUid = await client.upgradeBdb(1, { redis_version: "7.4", preserve_roles: true });
      expect(cluster.upgradePosts().map((request) => request.body)).toEqual([{ redis_version: "7.4", preserve_roles: true }]);
      expect(cluster.simulator.actions(1).map((action) => action.uid)).toEqual([actionUid]);
      expect(cluster.simulator.database(1)).toMatchObject({ status: "active-change-pending", action_uid: actionUid });
    });

    it("finds the action through GET /v1/actions/bdb/{uid} when the answer names none", async () => {
      await cluster.close();
      await start({}, (simulator) => ({
        handle: (request: SimRequest) => {
          const response = simulator.handle(request);
          const isUpgrade = request.method === "POST" && request.path.endsWith("/upgrade");
          return isUpgrade && response?.status === 200 ? { status: 200, body: { description: "upgrade started" } } : response;
        },
      }));
      const actionUid = await client.upgradeBdb(1, { redis_version: "7.4" });
      expect(cluster.simulator.actions(1).map((action) => action.uid)).toEqual([actionUid]);
    });
  });

  describe("faults", () => {
    it("waits as long as a 429's Retry-After asks, then succeeds", async () => {
      cluster.server.faults.add({ path: "^/v1/bdbs/1$", fault: { kind: "status", status: 429, headers: { "Retry-After": "2" } } });
      expect((await client.getBdb(1)).uid).toBe(1);
      expect(cluster.context.clock.slept).toEqual([2000]);
      expect(reached("GET", "/v1/bdbs/1")).toBe(2);
    });

    it("retries a 503", async () => {
      cluster.server.faults.add({ path: "^/v1/nodes$", times: 2, fault: { kind: "status", status: 503 } });
      expect(await client.supportedVersions()).toHaveLength(4);
      expect(reached("GET", "/v1/nodes")).toBe(3);
    });

    it("retries a GET whose connection dropped", async () => {
      cluster.server.faults.add({ path: "^/v1/bdbs/1$", fault: { kind: "drop" } });
      expect((await client.getBdb(1)).uid).toBe(1);
      expect(reached("GET", "/v1/bdbs/1")).toBe(2);
    });

    it("retries a GET whose answer came too slowly, and waits for one that is only slow", async () => {
      const patient = new RedisSoftwareClient(connectCluster(cluster.spec, cluster.context, { ...transport, timeoutMs: 400 }), cluster.spec);
      cluster.server.faults.add({ path: "^/v1/bdbs/1$", fault: { kind: "slow", ms: 1500 } });
      expect((await patient.getBdb(1)).uid).toBe(1);
      expect(reached("GET", "/v1/bdbs/1")).toBe(2);
      cluster.server.faults.add({ path: "^/v1/bdbs/1$", fault: { kind: "slow", ms: 100 } });
      expect((await patient.getBdb(1)).uid).toBe(1);
      expect(reached("GET", "/v1/bdbs/1")).toBe(3);
    });

    // The engine reads the database again after SubmitOutcomeUnknown (run.ts); the client itself never re-sends.
    it.each([
      ["a lost answer (the cluster acted)", { kind: "lose-response" }, 1],
      ["a dropped connection (the cluster did not act)", { kind: "drop" }, 0],
      ["a 500", { kind: "status", status: 500 }, 0],
      ["409 busy", { kind: "status", status: 409, body: { error_code: "busy" } }, 0],
    ] as const)("does not send the upgrade again after %s: its outcome is reported unknown", async (_, fault, actions) => {
      cluster.server.faults.add({ method: "POST", path: "/upgrade$", times: 5, fault });
      const error = await client.upgradeBdb(1, { redis_version: "7.4" }).then(() => undefined, (thrown: Error) => thrown);
      expect(error).toBeInstanceOf(SubmitOutcomeUnknown);
      expect(cluster.upgradePosts()).toHaveLength(1);
      expect(cluster.simulator.actions(1)).toHaveLength(actions);
    });
  });

  describe("errors a user can act on", () => {
    const failure = async (call: () => Promise<unknown>) => {
      const error = await call().then(
        () => undefined,
        (thrown: unknown) => thrown,
      );
      expect(error).toBeInstanceOf(UserFacingError);
      const message = (error as Error).message;
      expect(message).not.toContain(credentials.password);
      expect(message).not.toContain(credentials.username);
      return message;
    };

    it("401 names both credential variables", async () => {
      const wrong = new RedisSoftwareClient(
        connectCluster(cluster.spec, { ...cluster.context, env: { RS_USER: credentials.username, RS_PASS: "wrong-password" } }, transport),
        cluster.spec,
      );
      expect(await failure(() => wrong.getBdb(1))).toMatch(/refused the credentials \(401\).*RS_USER.*RS_PASS/);
    });

    it("403 names the permission the upgrade needs", async () => {
      cluster.server.faults.add({ path: "/upgrade$", fault: { kind: "status", status: 403, body: { error_code: "forbidden" } } });
      expect(await failure(() => client.upgradeBdb(1, {}))).toMatch(/needs the update_bdb_with_action permission/);
    });

    it("404 names the database and the cluster", async () => {
      expect(await failure(() => client.getBdb(42))).toContain(`database uid 42 not found on ${cluster.server.url}`);
    });

    it("406 explains the module capability conflict", async () => {
      cluster.server.faults.add({
        path: "/upgrade$",
        fault: { kind: "status", status: 406, body: { error_code: "unsupported_module_capabilities", description: "search needs flash" } },
      });
      expect(await failure(() => client.upgradeBdb(1, {}))).toMatch(/\(406\).*module.*capabilities.*search needs flash/);
    });

    it("400 shows the API's own message", async () => {
      expect(await failure(() => client.upgradeBdb(1, { redis_version: "9.9" }))).toMatch(/\(400\).*Redis version 9\.9 is not supported/);
    });

    it("400 in RFC 7807 form, as the CRDB coordinator answers (issue 20 item 13), shows its title and detail", async () => {
      const body = { detail: "None is not of type 'object'", status: 400, title: "Bad Request", type: "about:blank" };
      cluster.server.faults.add({ path: "/upgrade$", fault: { kind: "status", status: 400, body } });
      expect(await failure(() => client.upgradeBdb(1, {}))).toMatch(/\(400\).*Bad Request: None is not of type 'object'/);
    });

    it("409 with another error code is explained as a busy database", async () => {
      cluster.server.faults.add({ path: "/upgrade$", fault: { kind: "status", status: 409, body: { error_code: "bdb_conflict" } } });
      expect(await failure(() => client.upgradeBdb(1, {}))).toMatch(/busy with another operation/);
      expect(cluster.upgradePosts()).toHaveLength(1);
    });
  });
});
