export * from "./constructs";
export { parseVersion, compareVersions, RedisVersion, InvalidVersionError } from "./versions";
export { SpecError } from "./spec";
