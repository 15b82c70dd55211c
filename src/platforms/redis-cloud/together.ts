import { UpgradedTogether } from "../../engine/port";
import { listedDatabases } from "./database-list";

/**
 * An Active-Active upgrade moves every database of the subscription to one
 * version (redis/docs rc/databases/upgrade-version.md before 461ea612), so
 * the plan lists them and flags pins on them that disagree.
 */
export function upgradedTogether(subscriptionId: number, databases: readonly unknown[]): UpgradedTogether {
  return {
    group: `Redis Cloud Active-Active subscription ${subscriptionId}`,
    databases: listedDatabases(databases).map((db) => `db ${db.databaseId}${db.name ? ` (${db.name})` : ""}${db.redisVersion ? ` on ${db.redisVersion}` : ""}`),
  };
}
