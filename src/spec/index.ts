export * from "./spec";
export * from "./validate";
export * from "./data-loss";
export * from "./redis-software-database";
export * from "./redis-cloud-database";
export * from "./union";
export * from "./redis-software-active-active";
