import { z } from "zod";
import { apply } from "../../src/cli/apply";
import { SPEC_ENV } from "../../src/spec";
import { testRun } from "../support/run";
import { virtualClock } from "../support/clock";
import { Redactor } from "../../src/core/redaction";
import { basicAuth, HttpClient } from "../../src/platforms/http";
import { RunningServer, serve } from "../../src/simulator/server";
import { ControlPlane } from "../../src/simulator/types";
import { startCluster } from "../support/software-cluster";
import { recordingLogger } from "../support/logger";
import { softwareSpec } from "../support/specs";
import { reportedVersionField } from "../../src/platforms/version-field";

// Short on purpose: a secret of any length is redacted, three characters included.
const USER = "op";
const PASSWORD = "Zq9";
const ACCESS_KEY = "acct-Key-77";
const SECRET_KEY = "usr-Key-42";
const BASIC = basicAuth(USER, PASSWORD).authorization;
const FORMS: Readonly<Record<string, string>> = {
  "the password": PASSWORD,
  "the base64 of user:password": BASIC.slice("Basic ".length),
  "the Basic header value": BASIC,
  "user:password": `${USER}:${PASSWORD}`,
  "the Cloud account key": ACCESS_KEY,
  "the Cloud user key": SECRET_KEY,
};

const nothing: ControlPlane = { handle: () => ({ status: 200, body: {} }) };

describe("no credential reaches any message, in any form", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await serve({ controlPlanes: [nothing], lifetimeMs: 60_000 });
  });
  afterAll(() => server.close());

  it.each(Object.entries(FORMS))("%s echoed in a body, a header and an error code is redacted from the error and every log line", async (_, form) => {
    server.faults.add({
      path: "^/ping$",
      times: 2,
      fault: { kind: "status", status: 500, headers: { "x-echo": form, "retry-after": form }, body: { error_code: `E_${form}`, description: `rejected ${form}!` } },
    });
    const lines: string[] = [];
    const client = new HttpClient({
      baseUrl: server.url,
      authHeaders: { ...basicAuth(USER, PASSWORD), "x-api-key": ACCESS_KEY, "x-api-secret-key": SECRET_KEY },
      secrets: [USER, PASSWORD],
      retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 1 },
      run: testRun({ log: { info: (line) => lines.push(line), warn: (line) => lines.push(line) }, clock: virtualClock(Date.now()) }),
    });
    const error = await client.get("/ping", z.object({})).then(() => undefined, (failure: Error) => failure);
    const output = [error?.message, ...lines].join("\n");
    expect(output).toContain("answered 500 E_[redacted]: rejected [redacted]!");
    for (const secret of Object.values(FORMS)) expect(output).not.toContain(secret);
  });

  it("keeps the longer secret whole when a shorter one sits inside it", () => {
    const redactor = new Redactor();
    redactor.add("Zq");
    redactor.add("xxZqyy");
    expect(redactor.redact("a xxZqyy b Zq")).toBe("a [redacted] b [redacted]");
  });

  it("redacts what the handler prints, from the first line to the last", async () => {
    const cluster = await startCluster({ credentials: { username: USER, password: PASSWORD } });
    try {
      cluster.server.faults.add({
        method: "GET",
        path: "^/v1/bdbs/12$",
        times: 10,
        fault: { kind: "status", status: 400, headers: { "x-echo": BASIC }, body: { error_code: `bad_${PASSWORD}`, description: `${USER}:${PASSWORD} ${BASIC}` } },
      });
      const log = recordingLogger();
      const spec = softwareSpec({ cluster: cluster.spec, databaseUid: 12, timeoutMinutes: 1 });
      const env = { RS_USER: USER, RS_PASS: PASSWORD, [SPEC_ENV]: JSON.stringify(spec) };
      expect(await apply({ env, log, cwd: cluster.context.cwd })).toBe(1);
      const output = log.lines.join("\n");
      expect(output).toMatch(/^error: .*rejected GET \/v1\/bdbs\/12 \(400\): \[redacted\]/m);
      for (const secret of [PASSWORD, BASIC, BASIC.slice(6), `${USER}:${PASSWORD}`]) expect(output).not.toContain(secret);
    } finally {
      await cluster.close();
    }
  });
});

/** Issue 20 items 1 and 2: redact what comes from outside before clipping it, and never the tool's own words. */
describe("outside text is redacted before it is clipped, in every form a server may echo it", () => {
  const user = "admin@example.com";
  const password = "Pa55-word-€/é+x y";
  const basic = basicAuth(user, password).authorization;
  const echoes: Readonly<Record<string, string>> = {
    "the Basic header value": basic,
    "the base64 of user:password": basic.slice("Basic ".length),
    "the base64 of the password alone": Buffer.from(password).toString("base64"),
    "the base64 of the password without padding": Buffer.from(password).toString("base64").replace(/=+$/, ""),
    "the password URL-encoded": encodeURIComponent(password),
    "the password form-encoded": new URLSearchParams({ p: password }).toString().slice(2),
    "the password JSON-escaped with \\u escapes": JSON.stringify(password).slice(1, -1).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`).replace(/\//g, "\\/"),
  };
  let server: RunningServer;
  beforeAll(async () => {
    server = await serve({ controlPlanes: [nothing], lifetimeMs: 60_000 });
  });
  afterAll(() => server.close());

  const failureOf = async (client: HttpClient) => client.get("/ping", z.object({})).then(() => undefined, (failure: Error) => failure);
  const clientFor = (lines: string[]) =>
    new HttpClient({
      baseUrl: server.url,
      authHeaders: basicAuth(user, password),
      secrets: [user, password],
      retry: { attempts: 1 },
      run: testRun({ log: { info: (line) => lines.push(line), warn: (line) => lines.push(line) }, clock: virtualClock(Date.now()) }),
    });
  /** Every stretch of 8 characters of `secret`: a clipped echo leaves a prefix, and any prefix this long gives it away. */
  const pieces = (secret: string) => Array.from({ length: Math.max(1, secret.length - 7) }, (_, i) => secret.slice(i, i + 8));

  it.each(Object.entries(echoes))("%s straddling character 500 of a non-JSON error body leaves no piece of it", async (_, echoed) => {
    for (const at of [490, 495, 498]) {
      server.faults.add({ path: "^/ping$", fault: { kind: "status", status: 502, text: `${"x".repeat(at)}${echoed} and more text after it` } });
      const lines: string[] = [];
      const error = await failureOf(clientFor(lines));
      const output = [error?.message, ...lines].join("\n");
      expect(output).toMatch(/GET \/ping answered 502: x+\[r/);
      for (const piece of pieces(echoed)) expect(output).not.toContain(piece);
    }
  });

  it("a JSON error body and a response of the wrong shape are redacted before they are read", async () => {
    const b64 = Buffer.from(password).toString("base64");
    server.faults.add({ path: "^/ping$", fault: { kind: "status", status: 400, body: { error_code: `E_${b64}`, description: `${"y".repeat(495)}${b64}` } } });
    const refused = await failureOf(clientFor([]));
    expect(refused?.message).toMatch(/answered 400 E_\[redacted\]: y+\[r/);
    server.faults.add({ path: "^/ping$", fault: { kind: "patch-body", set: { redis_version: basic } } });
    const schema = z.object({ redis_version: reportedVersionField });
    const shaped = await clientFor([]).get("/ping", schema).then(() => undefined, (failure: Error) => failure);
    expect(shaped?.message).toMatch(/redis_version: expected a Redis version .*got "\[redacted\]"/);
    for (const piece of [...pieces(b64), ...pieces(basic)]) {
      expect(refused?.message).not.toContain(piece);
      expect(shaped?.message).not.toContain(piece);
    }
  });

  it("a server's own text is redacted, the tool's own words are not: a username of one letter breaks no word", async () => {
    const cluster = await startCluster({ credentials: { username: "u", password: "Software" } });
    try {
      cluster.simulator.addDatabase({ uid: 12, version: "7.4" });
      const log = recordingLogger();
      const spec = softwareSpec({ cluster: cluster.spec, databaseUid: 12, timeoutMinutes: 1 });
      const env = { RS_USER: "u", RS_PASS: "Software", [SPEC_ENV]: JSON.stringify(spec) };
      expect(await apply({ env, log, cwd: cluster.context.cwd })).toBe(0);
      const output = log.lines.join("\n");
      expect(output).toMatch(/\(Redis Software database 12 at https:\/\/127\.0\.0\.1:\d+\): pinned 7\.4, nothing to do/);
      expect(output).not.toContain("[redacted]");
    } finally {
      await cluster.close();
    }
  });
});
