import { ApiError, SubmitOutcomeUnknown, UserFacingError } from "../../src/core/errors";
import { basicAuth, HttpClient, HttpClientOptions } from "../../src/platforms/http";
import { Logger } from "../../src/core/log";
import { RunningServer, serve } from "../../src/simulator/server";
import { echo, echoed } from "../support/echo";
import { z } from "zod";
import { virtualClock } from "../support/clock";
import { testRun } from "../support/run";

const USER = "transport-user@example.com";
const PASSWORD = "Tr4nsport-secret-value";


describe("HttpClient", () => {
  let server: RunningServer;
  let slept: number[];
  let warnings: string[];

  beforeAll(async () => {
    server = await serve({ tls: true, controlPlanes: [echo], lifetimeMs: 120_000 });
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.faults.clear();
    server.requests.length = 0;
    slept = [];
    warnings = [];
  });

  const log: Logger = { info: () => undefined, warn: (line) => warnings.push(line) };
  /** A client whose run waits on a virtual clock (jitter 0.5) that records each wait in `slept`. */
  const client = (options: Partial<HttpClientOptions> = {}, start = Date.now()) => {
    const clock = virtualClock(start, () => 0.5);
    slept = clock.slept;
    return new HttpClient({
      baseUrl: server.url,
      caPem: server.caPem,
      authHeaders: basicAuth(USER, PASSWORD),
      secrets: [USER, PASSWORD],
      retry: { attempts: 4, baseDelayMs: 100, maxDelayMs: 1000, maxRetryAfterMs: 10_000 },
      run: testRun({ log, clock }),
      ...options,
    });
  };
  const failureOf = (promise: Promise<unknown>) => promise.then(() => undefined, (error: Error) => error);

  describe("retries", () => {
    it("waits what Retry-After asks (seconds), plus a little jitter", async () => {
      server.faults.add({ path: "^/ping$", fault: { kind: "status", status: 429, headers: { "Retry-After": "3" } } });
      expect((await client().get("/ping", echoed)).body.path).toBe("/ping");
      expect(slept).toEqual([3050]);
    });

    it("reads Retry-After as an HTTP date", async () => {
      const now = Date.parse("2026-01-01T00:00:00Z");
      const at = new Date(now + 7000).toUTCString();
      server.faults.add({ path: "^/ping$", fault: { kind: "status", status: 503, headers: { "Retry-After": at } } });
      await client({}, now).get("/ping", echoed);
      expect(slept).toEqual([7050]);
    });

    it("backs off exponentially with jitter when the server names no delay", async () => {
      server.faults.add({ path: "^/ping$", times: 3, fault: { kind: "status", status: 502 } });
      await client().get("/ping", echoed);
      // ceiling 100, 200, 400ms; half of it plus random (0.5) times the other half
      expect(slept).toEqual([75, 150, 300]);
    });

    it("gives up after the last attempt with the server's answer", async () => {
      server.faults.add({ path: "^/ping$", times: 9, fault: { kind: "status", status: 503, body: { error_code: "down", description: "node is not responding" } } });
      const error = await failureOf(client().get("/ping", echoed));
      expect(error).toBeInstanceOf(ApiError);
      expect(error?.message).toBe(`GET /ping answered 503 down: node is not responding (${server.url})`);
      expect(server.requests).toHaveLength(4);
    });

    it("does not wait longer than maxRetryAfterMs: it reports instead", async () => {
      server.faults.add({ path: "^/ping$", fault: { kind: "status", status: 429, headers: { "Retry-After": "3600" } } });
      expect(await failureOf(client().get("/ping", echoed))).toBeInstanceOf(ApiError);
      expect(slept).toEqual([]);
    });

    it("does not retry a 4xx other than 429 and busy", async () => {
      server.faults.add({ path: "^/ping$", fault: { kind: "status", status: 400 } });
      expect(await failureOf(client().get("/ping", echoed))).toBeInstanceOf(ApiError);
      expect(server.requests).toHaveLength(1);
    });

    it("re-sends a POST the server refused without acting (429)", async () => {
      server.faults.add({ path: "^/start$", fault: { kind: "status", status: 429 } });
      await client().post("/start", echoed, { body: {} });
      expect(server.requests).toHaveLength(2);
    });

    it("retries a GET answered 409 busy", async () => {
      server.faults.add({ path: "^/ping$", fault: { kind: "status", status: 409, body: { error_code: "busy" } } });
      await client().get("/ping", echoed);
      expect(server.requests).toHaveLength(2);
    });

    // Busy very often means our own upgrade is running: the caller reads the control plane before anything is sent again.
    it.each([
      ["409 busy", { kind: "status", status: 409, body: { error_code: "busy" } }],
      ["500", { kind: "status", status: 500 }],
      ["a dropped connection", { kind: "drop" }],
      ["a lost response", { kind: "lose-response" }],
      ["a reset mid-body", { kind: "reset-mid-body" }],
    ] as const)("never re-sends a POST after %s: it reports SubmitOutcomeUnknown", async (_, fault) => {
      server.faults.add({ path: "^/start$", times: 5, fault });
      const error = await failureOf(client().post("/start", echoed, { body: {} }));
      expect(error).toBeInstanceOf(SubmitOutcomeUnknown);
      expect(error).toMatchObject({ method: "POST", path: "/start" });
      expect(server.requests).toHaveLength(1);
      expect(slept).toEqual([]);
    });

    it("reports a POST refused outright (400) as the API's answer, not as uncertain", async () => {
      server.faults.add({ path: "^/start$", fault: { kind: "status", status: 400, body: { error_code: "bad" } } });
      const error = await failureOf(client().post("/start", echoed, { body: {} }));
      expect(error).toBeInstanceOf(ApiError);
      expect(server.requests).toHaveLength(1);
    });

    it("re-sends a POST whose connection was refused: it never reached a server", async () => {
      const refused = client({ baseUrl: "http://127.0.0.1:1", retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 1 } });
      const error = await failureOf(refused.post("/start", echoed, { body: {} }));
      expect(error).toBeInstanceOf(UserFacingError);
      expect(error?.message).toMatch(/^POST \/start to http:\/\/127\.0\.0\.1:1 failed: nothing accepted the connection at 127\.0\.0\.1:1 \(ECONNREFUSED, 3 tries/);
      expect(slept).toHaveLength(2);
    });
  });

  describe("secrets", () => {
    it("redacts credentials an error body echoes", async () => {
      server.faults.add({
        path: "^/ping$",
        fault: { kind: "status", status: 400, body: { error_code: "bad", description: `user ${USER} with password ${PASSWORD} rejected` } },
      });
      const error = await failureOf(client().get("/ping", echoed));
      expect(error?.message).toBe(`GET /ping answered 400 bad: user [redacted] with password [redacted] rejected (${server.url})`);
    });

    it("sends the credentials as Basic auth, and names no secret when the server is unreachable", async () => {
      await client().get("/ping", echoed);
      expect(server.requests[0].headers.authorization).toBe(basicAuth(USER, PASSWORD).authorization);
      const unreachable = new HttpClient({ baseUrl: "https://127.0.0.1:1", authHeaders: basicAuth(USER, PASSWORD), retry: { attempts: 1 }, run: testRun() });
      const error = await failureOf(unreachable.get("/ping", echoed));
      expect(error).toBeInstanceOf(UserFacingError);
      expect(error?.message).not.toMatch(new RegExp(`${PASSWORD}|${Buffer.from(`${USER}:${PASSWORD}`).toString("base64")}`));
    });
  });

  describe("TLS", () => {
    it("explains an untrusted certificate instead of retrying it", async () => {
      const error = await failureOf(client({ caPem: undefined }).get("/ping", echoed));
      expect(error).toBeInstanceOf(UserFacingError);
      expect(error?.message).toMatch(/TLS certificate is not trusted \(DEPTH_ZERO_SELF_SIGNED_CERT\)\. Point caCertFile at the PEM file/);
      expect(server.requests).toHaveLength(0);
    });

    it("accepts any certificate with insecureSkipTlsVerify, and warns once", async () => {
      const insecure = client({ caPem: undefined, insecureSkipTlsVerify: true });
      expect((await insecure.get("/ping", echoed)).status).toBe(200);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/TLS certificate verification is OFF for https:\/\/127\.0\.0\.1:\d+/);
    });
  });

  it("reports a 2xx body of the wrong shape with what is wrong", async () => {
    const error = await failureOf(client().get("/ping", z.object({ version: z.string() })));
    expect(error?.message).toMatch(/GET \/ping \(https:\/\/127\.0\.0\.1:\d+\) returned a body we do not understand:\n {2}- version: /);
  });
});
