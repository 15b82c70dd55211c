import * as z from "zod";
import { clusterSchema, commonSpecFields, positiveInt, requireAcknowledgement, softwareUpgradeOptionsSchema } from "./spec";

export const softwareDatabaseSpecSchema = z
  .strictObject({
    kind: z.literal("redis-software-database"),
    ...commonSpecFields,
    cluster: clusterSchema,
    databaseUid: positiveInt,
    upgrade: softwareUpgradeOptionsSchema,
  })
  .superRefine(requireAcknowledgement);
export type SoftwareDatabaseSpec = z.infer<typeof softwareDatabaseSpecSchema>;

