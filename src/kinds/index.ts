export * from "./kind";
export * from "./registry";
