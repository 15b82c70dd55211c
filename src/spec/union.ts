import * as z from "zod";
import { Resolved } from "./deferred";
import { rolloutMarkSchema, soakHoursSchema } from "./order";
import { cloudDatabaseSpecSchema } from "./redis-cloud-database";
import { activeActiveSpecSchema } from "./redis-software-active-active";
import { softwareDatabaseSpecSchema } from "./redis-software-database";

const soak = {
  /** How long this pin's database must have run its pin before the waiting one upgrades, in hours; none: reaching it is enough. */
  soakHours: soakHoursSchema.optional(),
};

/**
 * A pin named in another's `upgradeAfter`, as the handler needs it to read
 * that pin's database: its whole spec, which holds no secret, less its own
 * order fields (only its database is read, never its predecessors), plus the
 * soak the waiting pin asks of it (the pin's soakHours, or its wave's).
 */
export const predecessorSpecSchema = z.discriminatedUnion("kind", [
  softwareDatabaseSpecSchema.safeExtend(soak),
  activeActiveSpecSchema.safeExtend(soak),
  cloudDatabaseSpecSchema.safeExtend(soak),
]);
export type PredecessorSpec = Resolved<z.infer<typeof predecessorSpecSchema>>;

const order = {
  /** Pins whose databases must reach their own pin before this one is upgraded (Replica Of: the replica before its source). */
  upgradeAfter: z.array(predecessorSpecSchema).optional(),
  /** Set by a RedisVersionRollout: the wave the pin belongs to. */
  rollout: rolloutMarkSchema.optional(),
};

/** The fields that order a pin among others; a predecessor's spec is carried without them. */
export const ORDER_FIELDS = Object.keys(order) as (keyof typeof order)[];

/** Every kind of pin the handler knows; `kind` tells them apart. */
export const specSchema = z.discriminatedUnion("kind", [
  softwareDatabaseSpecSchema.safeExtend(order),
  activeActiveSpecSchema.safeExtend(order),
  cloudDatabaseSpecSchema.safeExtend(order),
]);
/** A spec as written at synth and read from cdk.tf.json: identities may still be Terraform references. */
export type PinSpec = z.infer<typeof specSchema>;
/** A spec as the handler applies it, every reference filled in by Terraform. */
export type Spec = Resolved<PinSpec>;
/** The written spec of the same kind as `S`. */
export type PinSpecOf<S extends Spec> = Extract<PinSpec, { kind: S["kind"] }>;
