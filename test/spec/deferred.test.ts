import { SpecError } from "../../src/core/errors";
import { parseOrThrow, parseResolved, specSchema } from "../../src/spec";

const cloud = (ids: Record<string, unknown>) => ({ kind: "redis-cloud-database", format: 1, address: "app/s", redisVersion: "8.2", ...ids });
const problemsOf = (action: () => unknown): string => {
  try {
    action();
  } catch (error) {
    if (error instanceof SpecError) return error.message;
    throw error;
  }
  throw new Error("parsed where it should have failed");
};

describe("deferrable identity fields", () => {
  it("keep a Terraform reference as written when the spec is read at synth or from cdk.tf.json", () => {
    const spec = parseOrThrow(specSchema, cloud({ subscriptionId: "${rediscloud_subscription.sub.id}", databaseId: "${x.y.db_id}" }), "test");
    expect(spec).toEqual(expect.objectContaining({ subscriptionId: "${rediscloud_subscription.sub.id}", databaseId: "${x.y.db_id}" }));
  });

  it("read the text Terraform resolved a number reference to as that number", () => {
    expect(parseResolved(specSchema, cloud({ subscriptionId: "1234", databaseId: "5678" }), "test")).toEqual(
      expect.objectContaining({ subscriptionId: 1234, databaseId: 5678 }),
    );
  });

  it.each([
    [{ subscriptionId: "0", databaseId: "5" }, /subscriptionId: must be greater than zero/],
    [{ subscriptionId: "12", databaseId: "1.5" }, /databaseId: must be a whole number/],
    [{ subscriptionId: "12", databaseId: "" }, /databaseId: Invalid input: expected number, received string/],
    [{ subscriptionId: 12, databaseId: 5, api: { url: "ftp://api" } }, /api\.url: must be the Redis Cloud API address/],
  ])("check resolved values %j with the rules literals meet at synth", (ids, message) => {
    expect(problemsOf(() => parseResolved(specSchema, cloud(ids), "the spec in REDIS_VERSION_SPEC"))).toMatch(message);
  });

  it("refuse, in the handler, a reference Terraform did not resolve, naming the field", () => {
    const message = problemsOf(() => parseResolved(specSchema, cloud({ subscriptionId: "$${not.resolved}", databaseId: 5 }), "the spec in REDIS_VERSION_SPEC"));
    expect(message).toMatch(/subscriptionId: "\$\$\{not\.resolved\}" is a Terraform reference that was not resolved/);
  });
});
