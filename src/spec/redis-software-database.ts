import * as z from "zod";
import { refuseSoftwareBackup } from "./backup";
import { deferrable, Resolved } from "./deferred";
import { clusterSchema, commonSpecFields, positiveInt, requireAcknowledgement, softwareUpgradeOptionsSchema } from "./spec";

export const softwareDatabaseSpecSchema = z
  .strictObject({
    kind: z.literal("redis-software-database"),
    ...commonSpecFields,
    cluster: clusterSchema,
    /** The database's uid (GET /v1/bdbs). */
    databaseUid: deferrable(positiveInt),
    upgrade: softwareUpgradeOptionsSchema.prefault({}),
  })
  .superRefine(requireAcknowledgement)
  .superRefine(refuseSoftwareBackup);
export type SoftwareDatabaseSpec = Resolved<z.infer<typeof softwareDatabaseSpecSchema>>;

