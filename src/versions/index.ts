export * from "./version";
