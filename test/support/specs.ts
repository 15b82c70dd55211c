import { parseResolved, Spec, SPEC_FORMAT, specSchema } from "../../src/spec";

const common = { format: SPEC_FORMAT, redisVersion: "7.4", timeoutMinutes: 60 };
const cluster = { url: "https://cluster.example.com:9443", usernameEnv: "U", passwordEnv: "P" };

/** Specs as a construct would write them, validated the same way. */
export function softwareSpec(extra: Record<string, unknown> = {}): Spec {
  return parseResolved(specSchema, { kind: "redis-software-database", address: "app/orders", ...common, cluster, databaseUid: 12, upgrade: {}, ...extra }, "test");
}

export function activeActiveSpec(extra: Record<string, unknown> = {}): Spec {
  return parseResolved(
    specSchema,
    { kind: "redis-software-active-active", address: "app/global", ...common, cluster, crdbGuid: "1c2d3e4f-0000-4000-8000-00000000abcd", upgrade: {}, ...extra },
    "test",
  );
}

export function cloudSpec(extra: Record<string, unknown> = {}): Spec {
  return parseResolved(specSchema, { kind: "redis-cloud-database", address: "app/sessions", ...common, subscriptionId: 1, databaseId: 5678, plan: "pro", ...extra }, "test");
}
