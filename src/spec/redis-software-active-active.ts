import * as z from "zod";
import { refuseSoftwareBackup } from "./backup";
import { deferrable, Resolved } from "./deferred";
import { clusterSchema, commonSpecFields, positiveInt, requireAcknowledgement, softwareUpgradeOptionsSchema } from "./spec";

/** Options of POST /v1/crdbs/{guid}/upgrade: the database options plus the CRDT protocol switch. */
export const activeActiveUpgradeOptionsSchema = softwareUpgradeOptionsSchema.extend({
  /** Keep the current CRDT protocol version; it must be upgraded before the featureset. */
  keepCrdtProtocolVersion: z.boolean().optional(),
});
export type ActiveActiveUpgradeOptions = z.infer<typeof activeActiveUpgradeOptionsSchema>;

export const activeActiveSpecSchema = z
  .strictObject({
    kind: z.literal("redis-software-active-active"),
    ...commonSpecFields,
    /** The cluster the upgrade is requested from (Redis Software 8.0.18 or later); it drives the others. */
    cluster: clusterSchema,
    crdbGuid: deferrable(
      z
        .string()
        .regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, "must be the CRDB's GUID, as GET /v1/crdbs lists it"),
    ),
    upgrade: activeActiveUpgradeOptionsSchema.prefault({}),
    /** Sent as X-Task-ID; without it one is derived from the GUID, target and options, so a retried apply finds its task. */
    taskId: z.string().regex(/^[A-Za-z0-9-]{1,64}$/, "must be letters, digits and dashes, at most 64").optional(),
    /** Sent as X-Result-TTL: how long the cluster keeps the task's result. */
    resultTtlSeconds: positiveInt.max(7 * 24 * 3600, "must be at most 604800 (7 days)").optional(),
    /** Other participating clusters, read to report and verify each instance's version. */
    participants: z.array(clusterSchema).optional(),
  })
  .superRefine(requireAcknowledgement)
  .superRefine(refuseSoftwareBackup);
export type ActiveActiveSpec = Resolved<z.infer<typeof activeActiveSpecSchema>>;
