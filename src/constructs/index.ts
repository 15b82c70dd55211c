export * from "./pin";
export * from "./cluster";
export * from "./redis-software-database-version";
export * from "./redis-cloud-database-version";
export * from "./redis-software-active-active-version";
export { RedisVersionPolicy } from "./policy";
export type { RedisVersionPolicyOptions } from "./policy";
export type { OrderedPin, UpgradeOrderProps } from "./upgrade-after";
