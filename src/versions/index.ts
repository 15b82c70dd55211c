export * from "./version";
export * from "./catalogue";
