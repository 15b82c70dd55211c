import * as z from "zod";

/** Shared by every kind, so the construct props, the plan JSON and README use one name. */
export const backupBeforeUpgradeField = z.boolean().optional();

/**
 * Redis Software's REST API has no request that starts a backup to a
 * database's configured backup_location: the bdb actions are backup_reset_status,
 * export (to a location given in the request body, credentials included) and
 * import (redis/docs content/operate/rs/references/rest-api/requests/bdbs/actions/_index.md
 * and export.md). Putting a destination and its credentials in the spec would
 * keep secrets at rest in cdk.tf.json, so Software pins refuse the option.
 */
export const SOFTWARE_BACKUP_UNSUPPORTED =
  "not supported for Redis Software: its REST API offers no request that backs a database up to its configured backup location " +
  "(the bdb actions are backup_reset_status, export to a location given with its credentials, and import). " +
  "Remove it, and back up first with the cluster's scheduled backups or an export (Cluster Manager → Databases → Export) before you merge the pin.";

/** Refuses backupBeforeUpgrade: true on a Redis Software spec, naming the field. */
export function refuseSoftwareBackup(spec: { backupBeforeUpgrade?: boolean }, ctx: z.RefinementCtx): void {
  if (spec.backupBeforeUpgrade === true) {
    ctx.addIssue({ code: "custom", path: ["backupBeforeUpgrade"], message: SOFTWARE_BACKUP_UNSUPPORTED });
  }
}
