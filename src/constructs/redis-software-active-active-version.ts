import { Construct } from "constructs";
import * as z from "zod";
import { ActiveActiveSpec, activeActiveSpecSchema, activeActiveUpgradeOptionsSchema } from "../spec";
import { withCarriedCa } from "./cluster";
import { warnDeprecatedModuleFields } from "./module-warnings";
import { PinProps, VersionPin } from "./pin";

/** Options of POST /v1/crdbs/{guid}/upgrade; only the ones set are sent. */
export type RedisSoftwareActiveActiveUpgradeOptions = z.input<typeof activeActiveUpgradeOptionsSchema>;
export type RedisSoftwareActiveActiveVersionProps = PinProps<typeof activeActiveSpecSchema>;

/**
 * Pins the Redis version of an Active-Active (CRDB) database on Redis
 * Software; `terraform apply` upgrades every participant in one request.
 */
export class RedisSoftwareActiveActiveVersion extends VersionPin<ActiveActiveSpec> {
  constructor(scope: Construct, id: string, props: RedisSoftwareActiveActiveVersionProps) {
    super(scope, id, "redis-software-active-active", props, (pin, fields) => {
      warnDeprecatedModuleFields(pin, fields.upgrade);
      const { participants } = fields;
      return {
        ...fields,
        cluster: withCarriedCa(pin, fields.cluster, "cluster"),
        ...(Array.isArray(participants) ? { participants: participants.map((p, i) => withCarriedCa(pin, p, `participants.${i}`)) } : {}),
      };
    });
  }
}
