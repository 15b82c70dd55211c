import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { run } from "../../../src/engine";
import { UserFacingError } from "../../../src/core/errors";
import { cloudDatabaseUpgrader } from "../../../src/platforms/redis-cloud";
import { CLOUD_CA_CERT_ENV, CLOUD_URL_ENV, cloudDatabaseSpecSchema, parseResolved, SPEC_FORMAT } from "../../../src/spec";
import { parseVersion } from "../../../src/versions";
import { recordingLogger } from "../../support/logger";
import { credentials, startCloud } from "../../support/cloud-account";
import { fastTransport } from "../../support/software-cluster";
import { testRun } from "../../support/run";
import { identityOf, profileOf } from "../../../src/kinds";

const spec = parseResolved(
  cloudDatabaseSpecSchema,
  { kind: "redis-cloud-database", format: SPEC_FORMAT, address: "stack/sessions", redisVersion: "7.4", timeoutMinutes: 5, subscriptionId: 1234, databaseId: 5678, plan: "pro" },
  "test",
);
const keys = { REDISCLOUD_ACCESS_KEY: credentials.accessKey, REDISCLOUD_SECRET_KEY: credentials.secretKey };

describe("the lock a Cloud handler takes (issue 20 item 5)", () => {
  const runs: ReturnType<typeof testRun>[] = [];
  afterEach(async () => {
    await Promise.all(runs.splice(0).map((run) => run.close()));
  });
  const lockKeyOf = (api: { url?: string }, env: Record<string, string> = {}) => {
    const context = testRun({ env: { ...keys, ...env }, cwd: "/" });
    runs.push(context);
    return cloudDatabaseUpgrader({ ...spec, api: { ...spec.api, ...api } }, context).lockKey;
  };

  it("is the one synth compares: a pin without api.url holds the default API's lock, however the default is spelled", () => {
    expect(lockKeyOf({})).toBe(identityOf(spec));
    expect(lockKeyOf({})).toBe(lockKeyOf({ url: "HTTPS://api.redislabs.com:443/v1/" }));
  });

  it("follows REDISCLOUD_URL when the pin names no api.url, as the requests do", () => {
    expect(lockKeyOf({}, { [CLOUD_URL_ENV]: "https://Proxy.example.com:443/v1/" })).toBe(lockKeyOf({ url: "https://proxy.example.com/v1" }));
    expect(lockKeyOf({}, { [CLOUD_URL_ENV]: "https://proxy.example.com/v1" })).not.toBe(lockKeyOf({}));
  });
});

describe("reaching the Redis Cloud API", () => {
  it("takes the address from REDISCLOUD_URL and the CA from REDISCLOUD_CA_CERT when the spec names neither", async () => {
    const cloud = await startCloud();
    try {
      cloud.simulator.addDatabase({ subscriptionId: 1234, databaseId: 5678, plan: "pro", version: "7.2" });
      writeFileSync(join(cloud.context.cwd, "sim-ca.pem"), cloud.server.caPem ?? "");
      const context = testRun({
        env: { ...keys, [CLOUD_URL_ENV]: `${cloud.server.url}/v1`, [CLOUD_CA_CERT_ENV]: "sim-ca.pem" },
        log: recordingLogger(),
        cwd: cloud.context.cwd,
        clock: cloud.context.clock,
      });
      const outcome = await run(cloudDatabaseUpgrader(spec, context, fastTransport()), parseVersion("7.4"), { label: "stack/sessions", context, pollIntervalMs: 1, profile: profileOf(spec) });
      await context.close();
      expect(outcome.kind).toBe("upgraded");
      expect(cloud.server.requests[0]).toMatchObject({ headers: { "x-api-key": credentials.accessKey, "x-api-secret-key": credentials.secretKey } });
    } finally {
      await cloud.close();
    }
  });

  it("names the Cloud's CA settings when the server's certificate is not trusted", async () => {
    const cloud = await startCloud();
    try {
      const context = testRun({ env: { ...keys, [CLOUD_URL_ENV]: `${cloud.server.url}/v1` }, log: recordingLogger(), cwd: cloud.context.cwd });
      const error = await cloudDatabaseUpgrader(spec, context, fastTransport()).observe(parseVersion("7.4")).catch((e: Error) => e);
      await context.close();
      expect(error).toBeInstanceOf(UserFacingError);
      expect((error as Error).message).toMatch(/not trusted \(\w+\)\. Point api\.caCertFile \(or the REDISCLOUD_CA_CERT variable\) at the PEM file/);
    } finally {
      await cloud.close();
    }
  });

  it("names the variable that is missing before sending anything", () => {
    const context = testRun({ env: { REDISCLOUD_ACCESS_KEY: "x" }, log: recordingLogger(), cwd: "/" });
    expect(() => cloudDatabaseUpgrader(spec, context)).toThrow(
      new UserFacingError("the environment variable REDISCLOUD_SECRET_KEY (the Redis Cloud user key) is not set: export it in the shell that runs terraform"),
    );
  });

  it("refuses a REDISCLOUD_URL that is not an address", () => {
    const context = testRun({ env: { ...keys, [CLOUD_URL_ENV]: "api.redislabs.com" }, log: recordingLogger(), cwd: "/" });
    expect(() => cloudDatabaseUpgrader(spec, context)).toThrow(/REDISCLOUD_URL is "api.redislabs.com", not an http\(s\) address/);
  });

  it("warns when the address lacks the /v1 the API lives under", () => {
    const context = testRun({ env: { ...keys, [CLOUD_URL_ENV]: "https://api.redislabs.com" }, log: recordingLogger(), cwd: "/" });
    cloudDatabaseUpgrader(spec, context);
    expect(context.log.lines).toEqual([expect.stringMatching(/^warning: the Redis Cloud API address https:\/\/api.redislabs.com\/ does not end in \/v1/)]);
  });
});
