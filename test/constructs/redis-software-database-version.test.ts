import "cdktf/lib/testing/adapters/jest";
import * as fs from "node:fs";
import * as path from "node:path";
import { DataResource, Testing, TerraformStack } from "cdktf";
import { Resource as NullResource } from "@cdktf/provider-null/lib/resource";
import { RedisSoftwareDatabaseVersion, RedisSoftwareDatabaseVersionProps } from "../../src";
import { errorOf, pinOf, specOf, synthJson, triggersOf } from "../support/synth";
import { tempDir } from "../support/temp";

const base: RedisSoftwareDatabaseVersionProps = {
  cluster: { url: "https://cluster.example.com:9443" },
  databaseUid: 12,
  redisVersion: "7.4",
};

function synth(props: unknown, id = "orders"): Record<string, any> {
  return synthJson((scope) => {
    new RedisSoftwareDatabaseVersion(scope, id, props as RedisSoftwareDatabaseVersionProps);
  });
}

const synthError = (props: unknown) => errorOf(() => synth(props));

describe("RedisSoftwareDatabaseVersion", () => {
  it("emits a terraform_data whose local-exec runs the bundled handler with the spec", () => {
    const json = synth({ ...base, upgrade: { preserveRoles: true, parallelShardsUpgrade: 2 } });
    expect(JSON.stringify(json)).toHaveResource(DataResource);
    expect(triggersOf(json)).toEqual(expect.objectContaining({ redisVersion: "7.4", databaseUid: 12, url: "https://cluster.example.com:9443" }));
    const pin = pinOf(json);
    expect(pin.provisioner[0]["local-exec"].command).toMatch(/^node "assets\/redis-version-handler\/[0-9A-F]+\/handler\.cjs" apply$/);
    expect(specOf(json)).toEqual({
      kind: "redis-software-database",
      format: 1,
      address: expect.stringContaining("orders"),
      cluster: { url: "https://cluster.example.com:9443", usernameEnv: "REDIS_SOFTWARE_USERNAME", passwordEnv: "REDIS_SOFTWARE_PASSWORD" },
      databaseUid: 12,
      redisVersion: "7.4",
      upgrade: { preserveRoles: true, parallelShardsUpgrade: 2 },
      timeoutMinutes: 60,
    });
    expect(JSON.parse(pin.input)).toEqual(specOf(json));
  });

  it("matches the snapshot", () => {
    // The handler's content hash changes with every build, so the snapshot holds a placeholder.
    const text = JSON.stringify(synth({ ...base, upgrade: { preserveRoles: true } }), null, 2);
    expect(text.replace(/(redis-version-handler\/)[0-9A-F]+/g, "$1<hash>")).toMatchSnapshot();
  });

  it("carries no destroy-time provisioner: removing a pin never touches the database", () => {
    expect(pinOf(synth(base)).provisioner).toHaveLength(1);
    expect(pinOf(synth(base)).provisioner[0]["local-exec"].when).toBeUndefined();
  });

  it("can emit a null_resource with string triggers and the null provider", () => {
    const json = synth({ ...base, resource: "null_resource" });
    expect(JSON.stringify(json)).toHaveResource(NullResource);
    const pin: any = Object.values(json.resource.null_resource)[0];
    expect(Object.values(pin.triggers).every((value) => typeof value === "string")).toBe(true);
    expect(json.provider.null).toBeDefined();
  });

  it("shares one handler asset among the pins of a stack", () => {
    const json = JSON.parse(
      Testing.synthScope((scope) => {
        new RedisSoftwareDatabaseVersion(scope, "a", base);
        new RedisSoftwareDatabaseVersion(scope, "b", { ...base, databaseUid: 13 });
      }),
    );
    const commands = Object.values(json.resource.terraform_data).map((r: any) => r.provisioner[0]["local-exec"].command);
    expect(new Set(commands).size).toBe(1);
  });

  it("copies the CA file into the stack and keeps no absolute path", () => {
    const dir = tempDir("ca");
    const ca = path.join(dir, "ca.pem");
    fs.writeFileSync(ca, "-----BEGIN CERTIFICATE-----\n");
    const json = synth({ ...base, cluster: { url: base.cluster.url, caCertFile: ca } });
    expect(specOf(json).cluster.caCertFile).toMatch(/^assets\/redis-version-file-[0-9a-f]+\/[0-9A-F]+\/ca\.pem$/);
    expect(JSON.stringify(json)).not.toContain(dir);
  });

  it.each([
    ["redisVersion", { redisVersion: "7" }, /redisVersion: "7" is not a valid Redis version.*"7\.4"/],
    ["redisVersion", { redisVersion: "v7.4" }, /redisVersion: "v7.4" is not a valid Redis version/],
    ["redisVersion", { redisVersion: "latest" }, /redisVersion: "latest" is not a valid Redis version/],
    ["redisVersion", { redisVersion: "" }, /redisVersion: "" is not a valid Redis version/],
    ["redisVersion", { redisVersion: undefined }, /redisVersion: required/],
    ["databaseUid", { databaseUid: 0 }, /databaseUid: must be greater than zero/],
    ["databaseUid", { databaseUid: 1.5 }, /databaseUid: must be a whole number/],
    ["cluster.url", { cluster: { url: "cluster.example.com" } }, /cluster\.url: must be the cluster's REST API address/],
    ["cluster.url", { cluster: { url: "https://admin:secret@cluster.example.com" } }, /cluster\.url: must not carry credentials/],
    ["cluster.usernameEnv", { cluster: { url: base.cluster.url, usernameEnv: "my user" } }, /cluster\.usernameEnv: must be the name of an environment variable/],
    ["upgrade.parallelShardsUpgrade", { upgrade: { parallelShardsUpgrade: -1 } }, /upgrade\.parallelShardsUpgrade: must be 0 \(all shards\) or more/],
    ["unknown option", { upgrade: { preserveRole: true } }, /unknown option upgrade\.preserveRole/],
    ["unknown option", { redis_version: "7.4" }, /unknown option redis_version/],
    ["resource", { resource: "aws_instance" }, /resource: Invalid option/],
    ["timeoutMinutes", { timeoutMinutes: 5000 }, /timeoutMinutes: must be at most 1440/],
  ])("refuses a bad %s with the construct path and the field", (_field, override, message) => {
    const error = synthError({ ...base, ...override });
    expect(error).toMatch(/\[\S*orders\] /);
    expect(error).toMatch(message);
  });

  it("refuses a missing CA file, naming the field", () => {
    expect(synthError({ ...base, cluster: { url: base.cluster.url, caCertFile: "no/such/ca.pem" } })).toMatch(
      /\[\S*orders\] cluster\.caCertFile: "no\/such\/ca\.pem" is not a readable file/,
    );
  });

  it.each([["mayDiscardData"], ["forceDiscard"]])("refuses %s without acknowledgeDataLoss", (flag) => {
    const error = synthError({ ...base, upgrade: { [flag]: true } });
    expect(error).toMatch(new RegExp(`acknowledgeDataLoss: upgrade\\.${flag} can discard the database's data`));
    expect(synth({ ...base, upgrade: { [flag]: true }, acknowledgeDataLoss: true })).toBeDefined();
  });

  it("re-runs the handler when the target changes but not when only the timeout does", () => {
    const triggers = (props: object) => triggersOf(synth({ ...base, ...props }));
    expect(triggers({ redisVersion: "8.0" })).not.toEqual(triggers({}));
    expect(triggers({ timeoutMinutes: 90 })).toEqual(triggers({}));
  });

  it("synthesizes inside a real stack, not only in a test scope", () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, "s");
    new RedisSoftwareDatabaseVersion(stack, "orders", base);
    expect(Testing.synth(stack)).toContain("terraform_data");
  });
});
