import {
  cloudDatabaseSpecSchema,
  DEFAULT_CLOUD_ACCESS_KEY_ENV,
  DEFAULT_CLOUD_SECRET_KEY_ENV,
  parseOrThrow,
  SPEC_FORMAT,
  specSchema,
} from "../../src/spec";

const minimal = {
  kind: "redis-cloud-database",
  format: SPEC_FORMAT,
  address: "stack/sessions",
  redisVersion: "8.2",
  timeoutMinutes: 60,
  subscriptionId: 1234,
  databaseId: 5678,
  plan: "pro",
};

describe("the redis-cloud-database spec", () => {
  it("names the official provider's key variables when the spec names none, and no address", () => {
    expect(cloudDatabaseSpecSchema.parse(minimal).api).toEqual({
      accessKeyEnv: DEFAULT_CLOUD_ACCESS_KEY_ENV,
      secretKeyEnv: DEFAULT_CLOUD_SECRET_KEY_ENV,
    });
    expect([DEFAULT_CLOUD_ACCESS_KEY_ENV, DEFAULT_CLOUD_SECRET_KEY_ENV]).toEqual(["REDISCLOUD_ACCESS_KEY", "REDISCLOUD_SECRET_KEY"]);
  });

  it("is one of the kinds the handler reads", () => {
    expect(specSchema.parse(minimal).kind).toBe("redis-cloud-database");
  });

  it.each([
    [{ plan: "flexible" }, /plan: Invalid option: expected one of "pro"\|"essentials"\|"active-active"/],
    [{ databaseId: 0 }, /databaseId: must be greater than zero/],
    [{ subscriptionId: 1.5 }, /subscriptionId: must be a whole number/],
    [{ api: { url: "https://user:pass@api.example.com/v1" } }, /api.url: must not carry credentials/],
    [{ api: { accessKeyEnv: "my key" } }, /api.accessKeyEnv: must be the name of an environment variable/],
    [{ api: { secretKey: "oops" } }, /unknown option api.secretKey/],
  ])("refuses %j", (change, message) => {
    expect(() => parseOrThrow(cloudDatabaseSpecSchema, { ...minimal, ...change }, "stack/sessions")).toThrow(message);
  });
});
