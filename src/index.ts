export * from "./constructs";
export { parseVersion, compareVersions, InvalidVersionError } from "./versions";
export type { RedisVersion } from "./versions";
export { SpecError } from "./core/errors";
