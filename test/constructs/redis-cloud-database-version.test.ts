import { RedisCloudDatabaseVersion, RedisCloudDatabaseVersionProps } from "../../src";
import { errorOf, specOf, synthJson, triggersOf } from "../support/synth";

const base: RedisCloudDatabaseVersionProps = { subscriptionId: 1234, databaseId: 5678, redisVersion: "8.2" };

const synth = (props: unknown) =>
  synthJson((scope) => {
    new RedisCloudDatabaseVersion(scope, "sessions", props as RedisCloudDatabaseVersionProps);
  });

describe("RedisCloudDatabaseVersion", () => {
  it("defaults to a Pro database and the official provider's variable names, with no API address baked in", () => {
    const json = synth(base);
    expect(specOf(json)).toEqual({
      kind: "redis-cloud-database",
      format: 1,
      address: expect.stringMatching(/sessions$/),
      subscriptionId: 1234,
      databaseId: 5678,
      plan: "pro",
      redisVersion: "8.2",
      api: { accessKeyEnv: "REDISCLOUD_ACCESS_KEY", secretKeyEnv: "REDISCLOUD_SECRET_KEY" },
      timeoutMinutes: 60,
    });
    expect(triggersOf(json)).toEqual({ url: "", subscriptionId: 1234, databaseId: 5678, plan: "pro", redisVersion: "8.2" });
  });

  it("takes an Essentials plan and renamed key variables", () => {
    const spec = specOf(synth({ ...base, plan: "essentials", api: { accessKeyEnv: "ACME_KEY", secretKeyEnv: "ACME_SECRET" } }));
    expect(spec.plan).toBe("essentials");
    expect(spec.api).toEqual({ accessKeyEnv: "ACME_KEY", secretKeyEnv: "ACME_SECRET" });
  });

  it.each([
    [{ plan: "free" }, /plan: Invalid option: expected one of "pro"\|"essentials"\|"active-active"/],
    [{ subscriptionId: -1 }, /subscriptionId: must be greater than zero/],
    [{ redisVersion: "8" }, /redisVersion: "8" is not a valid Redis version/],
    [{ api: { url: "https://key:secret@api.example.com/v1" } }, /api\.url: must not carry credentials/],
    [{ api: { accessKey: "AbC" } }, /unknown option api\.accessKey/],
    [{ api: { caCertFile: "missing.pem" } }, /api\.caCertFile: "missing\.pem" is not a readable file/],
  ])("refuses %j with the construct path and the field", (override, message) => {
    const error = errorOf(() => synth({ ...base, ...override }));
    expect(error).toMatch(/\[\S*sessions\] /);
    expect(error).toMatch(message);
  });
});
