export * from "./port";
export * from "./decide";
export * from "./run";
export * from "./progress";
