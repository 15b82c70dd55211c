export { cloudDatabaseUpgrader } from "./upgrader";
export type { TransportTuning } from "./connect";
