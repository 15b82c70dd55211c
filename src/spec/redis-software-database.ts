import * as z from "zod";
import { clusterSchema, commonSpecFields, positiveInt, requireAcknowledgement, softwareUpgradeOptionsSchema } from "./spec";

export const softwareDatabaseSpecSchema = z
  .strictObject({
    kind: z.literal("redis-software-database"),
    ...commonSpecFields,
    cluster: clusterSchema,
    /** The database's uid (GET /v1/bdbs). */
    databaseUid: positiveInt,
    upgrade: softwareUpgradeOptionsSchema.prefault({}),
  })
  .superRefine(requireAcknowledgement);
export type SoftwareDatabaseSpec = z.infer<typeof softwareDatabaseSpecSchema>;

