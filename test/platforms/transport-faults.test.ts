import * as https from "node:https";
import { AddressInfo } from "node:net";
import { generate } from "selfsigned";
import { DeadlineError, SubmitOutcomeUnknown, TransportError, UserFacingError } from "../../src/core/errors";
import { Logger } from "../../src/core/log";
import { basicAuth, HttpClient, HttpClientOptions, MAX_RESPONSE_BYTES } from "../../src/platforms/http";
import { DEFAULT_RETRY } from "../../src/platforms/backoff";
import { SharedCloudBudget } from "../../src/platforms/redis-cloud/rate-limit";
import { WindowLog } from "../../src/platforms/window-log";
import { RunningServer, serve } from "../../src/simulator/server";
import { echo, echoed } from "../support/echo";
import { Clock } from "../../src/core/clock";
import { scaledClock, virtualClock } from "../support/clock";
import { testRun } from "../support/run";

/*
 * The failures of issue #11 against real sockets: each test here failed
 * before the transport was changed (a slow body ran on, a 256 MB body was
 * read whole, TLS, DNS and header errors were retried as network trouble).
 */

describe("HttpClient under faults", () => {
  let server: RunningServer;
  let slept: number[];
  let lines: string[];

  beforeAll(async () => {
    server = await serve({ tls: true, controlPlanes: [echo], lifetimeMs: 120_000 });
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.faults.clear();
    server.requests.length = 0;
    slept = [];
    lines = [];
  });

  const log: Logger = { info: (line) => lines.push(line), warn: (line) => lines.push(`warning: ${line}`) };
  /** A client in a run of `timeoutMs` on `clock`: by default a virtual one that records each wait in `slept`. */
  const client = (options: Partial<HttpClientOptions> = {}, timeoutMs = 5 * 60_000, clock: Clock = virtualClock(Date.now())) => {
    if ("slept" in clock) slept = clock.slept as number[];
    return new HttpClient({
      baseUrl: server.url,
      caPem: server.caPem,
      authHeaders: basicAuth("user", "secret-password"),
      retry: { attempts: 3, baseDelayMs: 10, maxDelayMs: 10, maxRetryAfterMs: 600_000 },
      run: testRun({ log, clock, timeoutMs }),
      ...options,
    });
  };
  const failureOf = (promise: Promise<unknown>) => promise.then(() => undefined, (error: Error) => error);
  /** How long `work` took on `clock`. */
  const timed = async <T>(clock: Clock, work: () => Promise<T>): Promise<{ result: T; ms: number }> => {
    const started = clock.now();
    const result = await work();
    return { result, ms: clock.now() - started };
  };

  describe("one deadline", () => {
    it("cuts off a body that trickles one byte at a time, though no gap between bytes is long", async () => {
      // A clock 5 times as fast, the server's bytes 200 ms apart on it: the 1 s request timeout passes in 0.2 s.
      const clock = scaledClock(5);
      server.faults.add({ path: "^/ping$", times: 3, fault: { kind: "slow-body", byteEveryMs: 40 } });
      const { result: error, ms } = await timed(clock, () => failureOf(client({ timeoutMs: 1000, retry: { attempts: 1 } }, undefined, clock).get("/ping", echoed)));
      expect(error).toBeInstanceOf(TransportError);
      expect(error?.message).toMatch(/^GET \/ping failed: no complete answer within 1s/);
      expect(ms).toBeLessThan(3000);
    });

    it("stops at the deadline while waiting for an answer, and says what it waited for", async () => {
      server.faults.add({ path: "^/ping$", times: 3, fault: { kind: "slow-body", byteEveryMs: 200 } });
      // A minute's deadline on a clock 120 times as fast: half a second of real time.
      const clock = scaledClock(120);
      const { result: error, ms } = await timed(clock, () => failureOf(client({}, 60_000, clock).get("/ping", echoed)));
      expect(error).toBeInstanceOf(DeadlineError);
      expect(error?.message).toMatch(/^the deadline \(timeoutMinutes: 1\) passed while waiting for an answer to GET \/ping \(https:\/\/127\.0\.0\.1:\d+\): the next apply reads the database first$/);
      // Not three attempts of 30 s each: the minute, and what it takes to stop.
      expect(ms).toBeLessThan(90_000);
    });

    it("does not wait for a Retry-After that would end past the deadline", async () => {
      server.faults.add({ path: "^/ping$", fault: { kind: "status", status: 429, headers: { "Retry-After": "120" } } });
      const error = await failureOf(client({}, 60_000).get("/ping", echoed));
      expect(error).toBeInstanceOf(DeadlineError);
      expect(error?.message).toMatch(/^waiting 120\.0s for the retry of GET \/ping \(GET \/ping answered 429[^)]*\)\) would pass the deadline \(timeoutMinutes: 1\); stopped without waiting/);
      expect(slept).toEqual([]);
      expect(lines.join("\n")).not.toMatch(/retrying/);
    });

    it("reports a POST whose answer did not come in time as of unknown outcome, and does not send it again", async () => {
      server.faults.add({ method: "POST", path: "^/start$", times: 3, fault: { kind: "slow", ms: 1500 } });
      // A clock 10 times as fast: the 0.5 s request timeout passes in 0.05 s, long before the server answers.
      const error = await failureOf(client({ timeoutMs: 500 }, undefined, scaledClock(10)).post("/start", echoed, { body: {} }));
      expect(error).toBeInstanceOf(SubmitOutcomeUnknown);
      expect(error?.message).toMatch(/^POST \/start: we cannot tell whether the server acted on it \(POST \/start failed: no complete answer within 0\.5s/);
      expect(server.requests).toHaveLength(1);
    });

    it("starts no attempt once the deadline has passed", async () => {
      const error = await failureOf(client({}, 0).get("/ping", echoed));
      expect(error).toBeInstanceOf(DeadlineError);
      expect(server.requests).toHaveLength(0);
    });

    it("does not hold a request back for the request budget when that wait ends past the deadline", async () => {
      const clock = virtualClock(Date.now());
      const run = testRun({ log, clock, timeoutMs: 30_000 });
      const pacer = new SharedCloudBudget(new WindowLog(`deadline-test ${Math.random()}`, run), run, 1);
      const limited = client({ pacer, run });
      const paced = clock.slept;
      await limited.get("/ping", echoed);
      const error = await failureOf(limited.get("/ping", echoed));
      expect(error).toBeInstanceOf(DeadlineError);
      expect(error?.message).toMatch(/^waiting 60\.0s for the Redis Cloud request budget of this machine would pass the deadline/);
      expect(paced).toEqual([]);
      expect(server.requests).toHaveLength(1);
    });
  });

  describe("bounded reads", () => {
    it("stops reading a 256 MB body at MAX_RESPONSE_BYTES, without retrying and without holding it in memory", async () => {
      server.faults.add({ path: "^/ping$", times: 3, fault: { kind: "huge-body", megabytes: 256 } });
      const before = process.memoryUsage().rss;
      const error = await failureOf(client().get("/ping", echoed));
      const grown = process.memoryUsage().rss - before;
      expect(error).toBeInstanceOf(UserFacingError);
      expect(error?.message).toMatch(/^GET \/ping \(https:\/\/127\.0\.0\.1:\d+\): the answer is larger than 4 MiB \(MAX_RESPONSE_BYTES\)/);
      expect(MAX_RESPONSE_BYTES).toBe(4 * 1024 * 1024);
      expect(server.requests).toHaveLength(1);
      expect(grown).toBeLessThan(100 * 1024 * 1024);
    });
  });

  describe("failures no retry can mend: one line, no retries", () => {
    it("refuses to send a credential holding a newline, naming the header and the variables", async () => {
      const error = await failureOf(
        client({ authHeaders: { "x-api-key": "key-with-newline\n" }, settings: { credentials: "CLOUD_KEY and CLOUD_SECRET" } }).get("/ping", echoed),
      );
      expect(error).toBeInstanceOf(UserFacingError);
      expect(error?.message).toMatch(
        /^GET \/ping \(https:\/\/127\.0\.0\.1:\d+\) was not sent: the x-api-key header value contains a newline or control character \(it comes from CLOUD_KEY and CLOUD_SECRET\); remove it$/,
      );
      expect(error?.message).not.toContain("key-with-newline");
      expect(server.requests).toHaveLength(0);
      expect(slept).toEqual([]);
    });

    it("says a credential holds a character outside Latin-1 (issue 20 item 9), not a newline, without quoting it", async () => {
      const error = await failureOf(
        client({ authHeaders: { "x-api-key": "key-with-€-sign" }, settings: { credentials: "CLOUD_KEY and CLOUD_SECRET" } }).get("/ping", echoed),
      );
      expect(error).toBeInstanceOf(UserFacingError);
      expect(error?.message).toMatch(
        /^GET \/ping \(https:\/\/127\.0\.0\.1:\d+\) was not sent: the x-api-key header value contains a character outside Latin-1, which no HTTP header can carry \(it comes from CLOUD_KEY and CLOUD_SECRET\); .*copy the key again/,
      );
      expect(error?.message).not.toMatch(/newline|control character|€|key-with/);
      expect(server.requests).toHaveLength(0);
    });

    it.each([
      ["the transport's default retries", DEFAULT_RETRY],
      ["Redis Cloud's longer retries", { ...DEFAULT_RETRY, attempts: 10, baseDelayMs: 1_000, maxDelayMs: 60_000 }],
    ])("a refused connection (nothing listens there) gives up within seconds with %s, naming the address setting (issue 20 item 8)", async (_, retry) => {
      const closed = await serve({ controlPlanes: [echo] });
      await closed.close();
      const port = new URL(closed.url).port;
      const worstJitter = virtualClock(Date.now(), () => 0.999);
      const error = await failureOf(client({ baseUrl: closed.url, retry, settings: { address: "cluster.url" } }, 5 * 60_000, worstJitter).get("/ping", echoed));
      expect(error).toBeInstanceOf(UserFacingError);
      expect(error?.message).toMatch(
        new RegExp(`^GET /ping to http://127\\.0\\.0\\.1:${port} failed: nothing accepted the connection at 127\\.0\\.0\\.1:${port} \\(ECONNREFUSED, \\d tries over \\d+(\\.\\d)?s\\): check the address in cluster\\.url, its port included, and that the service there is up$`),
      );
      expect(slept.reduce((sum, ms) => sum + ms, 0)).toBeLessThanOrEqual(5_000);
    });

    it("fails at once on a host name that does not resolve, naming the setting to fix", async () => {
      const error = await failureOf(client({ baseUrl: "https://no-such-host.invalid", settings: { address: "cluster.url" } }).get("/ping", echoed));
      expect(error).toBeInstanceOf(UserFacingError);
      expect(error?.message).toBe(
        "GET /ping to https://no-such-host.invalid failed: the host name no-such-host.invalid does not resolve (ENOTFOUND): check the address in cluster.url and this machine's DNS",
      );
      expect(slept).toEqual([]);
      expect(lines.join("\n")).not.toMatch(/retrying/);
    });

    it("says an untrusted certificate is untrusted and points at the CA setting", async () => {
      const error = await failureOf(client({ caPem: undefined, settings: { ca: "cluster.caCertFile" } }).get("/ping", echoed));
      expect(error?.message).toMatch(/the server's TLS certificate is not trusted \(DEPTH_ZERO_SELF_SIGNED_CERT\)\. Point cluster\.caCertFile at/);
      expect(slept).toEqual([]);
    });

    describe("against servers with broken certificates", () => {
      const day = 24 * 3600_000;
      const serveCertificate = async (names: string[], notBeforeDate: Date, notAfterDate: Date) => {
        const pems = await generate([{ name: "commonName", value: names[0] }], {
          keySize: 2048,
          algorithm: "sha256",
          notBeforeDate,
          notAfterDate,
          extensions: [
            { name: "basicConstraints", cA: true },
            { name: "subjectAltName", altNames: names.map((value) => ({ type: 2, value })) },
          ],
        });
        const tls = https.createServer({ key: pems.private, cert: pems.cert }, (_, res) => res.end("{}"));
        await new Promise<void>((resolve) => tls.listen(0, "127.0.0.1", resolve));
        return { url: `https://localhost:${(tls.address() as AddressInfo).port}`, ca: pems.cert, close: () => (tls.closeAllConnections(), tls.close()) };
      };

      it("names the host and the certificate's names on a hostname mismatch, and does not blame the CA", async () => {
        const other = await serveCertificate(["db.example.com", "www.example.com"], new Date(Date.now() - day), new Date(Date.now() + day));
        try {
          const error = await failureOf(client({ baseUrl: other.url, caPem: other.ca }).get("/ping", echoed));
          expect(error?.message).toMatch(
            /the server's TLS certificate is not for localhost \(ERR_TLS_CERT_ALTNAME_INVALID: it names DNS:db\.example\.com, DNS:www\.example\.com\)/,
          );
          expect(error?.message).not.toMatch(/caCertFile/);
          expect(slept).toEqual([]);
        } finally {
          other.close();
        }
      });

      it.each([
        ["expired", -2 * day, -day, /^GET \/ping to https:\/\/localhost:\d+ failed: the server's TLS certificate has expired \(CERT_HAS_EXPIRED\): renew it on the server/],
        ["not yet valid", day, 2 * day, /^GET \/ping to https:\/\/localhost:\d+ failed: the server's TLS certificate is not valid yet \(CERT_NOT_YET_VALID\): correct this machine's clock/],
      ])("says a certificate is %s, without retrying", async (_, from, to, expected) => {
        const dated = await serveCertificate(["localhost"], new Date(Date.now() + from), new Date(Date.now() + to));
        try {
          const error = await failureOf(client({ baseUrl: dated.url, caPem: dated.ca }).get("/ping", echoed));
          expect(error).toBeInstanceOf(UserFacingError);
          expect(error?.message).toMatch(expected);
          expect(slept).toEqual([]);
        } finally {
          dated.close();
        }
      });
    });
  });

  describe("plain http", () => {
    const plain = (baseUrl: string) => client({ baseUrl, caPem: undefined });

    it("warns that credentials travel in cleartext to a host off this machine", () => {
      plain("http://10.1.2.3:9443");
      expect(lines).toEqual(["warning: http://10.1.2.3:9443 is plain http: the credentials travel in cleartext to 10.1.2.3; use its https address"]);
    });

    it.each(["http://127.0.0.1:8080", "http://127.8.9.10", "http://localhost:9443", "http://[::1]:9443"])("stays quiet for loopback %s", (url) => {
      plain(url);
      expect(lines).toEqual([]);
    });
  });
});
