export * from "./upgrader";
export * from "./decide";
export * from "./run";
export * from "./progress";
