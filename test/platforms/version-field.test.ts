import { ResponseShapeError } from "../../src/core/errors";
import { apply } from "../../src/cli/apply";
import { SPEC_ENV } from "../../src/spec";
import { readReportedVersion, reportedVersionField } from "../../src/platforms/version-field";
import { Cluster, startCluster } from "../support/software-cluster";
import { recordingLogger } from "../support/logger";
import { CloudWorld, startCloud } from "../support/cloud-account";
import { softwareSpec } from "../support/specs";

describe("versions a control plane reports", () => {
  it.each(["8.0", "6.0-big", "7.4.2-1", " 7.2 "])("reads %j", (text) => {
    expect(readReportedVersion(text)).toBeDefined();
    expect(reportedVersionField.safeParse(text).success).toBe(true);
  });

  it.each(["08.0", "eight", "", "7"])("refuses %j with the value in the problem", (text) => {
    expect(readReportedVersion(text)).toBeUndefined();
    const parsed = reportedVersionField.safeParse(text);
    expect(parsed.error?.issues[0].message).toBe(`expected a Redis version such as "7.4", got ${JSON.stringify(text)}`);
  });

  describe("an unreadable redis_version from Redis Software, through the handler", () => {
    let cluster: Cluster;
    beforeAll(async () => {
      cluster = await startCluster();
      cluster.simulator.addDatabase({ uid: 12, version: "7.2" });
    });
    afterAll(() => cluster.close());

    it("is one ResponseShapeError naming the field, the value and the host: no stack trace", async () => {
      cluster.server.faults.add({ method: "GET", path: "^/v1/bdbs/12$", fault: { kind: "patch-body", set: { redis_version: "08.0" } } });
      const log = recordingLogger();
      const spec = softwareSpec({ cluster: cluster.spec, databaseUid: 12, timeoutMinutes: 1 });
      const code = await apply({ env: { ...cluster.context.env, [SPEC_ENV]: JSON.stringify(spec) }, log, cwd: cluster.context.cwd });
      const output = log.lines.join("\n");
      expect(code).toBe(1);
      expect(output).toContain(
        `error: app/orders: GET /v1/bdbs/12 (${cluster.server.url}) returned a body we do not understand:\n  - redis_version: expected a Redis version such as "7.4", got "08.0"`,
      );
      expect(output).not.toMatch(/InvalidVersionError|\n\s+at /);
      expect(cluster.upgradePosts()).toHaveLength(0);
    });
  });

  describe("an unreadable redisVersion from Redis Cloud", () => {
    let cloud: CloudWorld;
    beforeAll(async () => {
      cloud = await startCloud();
      cloud.simulator.addDatabase({ subscriptionId: 1234, databaseId: 5678, plan: "pro", version: "7.2" });
    });
    afterAll(() => cloud.close());

    it("is a ResponseShapeError naming the field, the value and the host", async () => {
      cloud.server.faults.add({ method: "GET", path: "^/v1/subscriptions/1234/databases/5678$", fault: { kind: "patch-body", set: { redisVersion: "08.0" } } });
      const upgrader = cloud.upgrader({ subscriptionId: 1234, databaseId: 5678, plan: "pro", redisVersion: "7.4" });
      const error = await upgrader.observe({ major: 7, minor: 4, text: "7.4" }).then(() => undefined, (failure: Error) => failure);
      expect(error).toBeInstanceOf(ResponseShapeError);
      expect(error?.message).toContain(`(${cloud.server.url}) returned a body we do not understand:\n  - redisVersion: expected a Redis version such as "7.4", got "08.0"`);
    });
  });
});
