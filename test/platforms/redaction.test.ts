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
