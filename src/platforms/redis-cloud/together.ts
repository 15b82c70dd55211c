import { UpgradedTogether } from "../../engine/port";
import { CloudDatabaseClient } from "./client";

/**
 * An Active-Active upgrade moves every database of the subscription to one
 * version (redis/docs rc/databases/upgrade-version.md before 461ea612), so
 * the plan lists them and flags pins on them that disagree.
 */
export async function upgradedTogether(client: CloudDatabaseClient): Promise<UpgradedTogether> {
  const databases = await client.subscriptionDatabases();
  return {
    group: `Redis Cloud Active-Active subscription ${client.address.subscriptionId}`,
    databases: databases.map((db) => `db ${db.databaseId}${db.name ? ` (${db.name})` : ""}${db.redisVersion ? ` on ${db.redisVersion}` : ""}`),
  };
}
