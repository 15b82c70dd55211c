export * from "./schemas";
export * from "./crdb-schemas";
export * from "./connect";
export * from "./client";
export * from "./upgrader";
export * from "./active-active";
