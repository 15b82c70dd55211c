export * from "./spec";
export * from "./validate";
export * from "./data-loss";
