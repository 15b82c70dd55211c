import { Construct } from "constructs";
import * as z from "zod";
import { clusterSchema, SoftwareDatabaseSpec, softwareDatabaseSpecSchema, softwareUpgradeOptionsSchema } from "../spec";
import { withCarriedCa } from "./cluster";
import { warnDeprecatedModuleFields } from "./module-warnings";
import { PinProps, VersionPin } from "./pin";

/** How to reach a Redis Software cluster's REST API. Credentials are named, never given. */
export type RedisSoftwareClusterProps = z.input<typeof clusterSchema>;
/** Options of POST /v1/bdbs/{uid}/upgrade; only the ones set are sent. */
export type RedisSoftwareUpgradeOptions = z.input<typeof softwareUpgradeOptionsSchema>;
export type RedisSoftwareModuleUpgrade = NonNullable<RedisSoftwareUpgradeOptions["modules"]>[number];
export type RedisSoftwareDatabaseVersionProps = PinProps<typeof softwareDatabaseSpecSchema>;

/**
 * Pins the Redis version of a regular (not Active-Active) database on a
 * Redis Software cluster; `terraform apply` upgrades it to the pin.
 */
export class RedisSoftwareDatabaseVersion extends VersionPin<SoftwareDatabaseSpec> {
  constructor(scope: Construct, id: string, props: RedisSoftwareDatabaseVersionProps) {
    super(scope, id, "redis-software-database", props, (pin, fields) => {
      warnDeprecatedModuleFields(pin, fields.upgrade);
      return { ...fields, cluster: withCarriedCa(pin, fields.cluster, "cluster") };
    });
  }
}
