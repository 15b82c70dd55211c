export * from "./pin";
export * from "./cluster";
export * from "./redis-software-database-version";
