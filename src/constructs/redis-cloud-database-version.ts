import { Construct } from "constructs";
import * as z from "zod";
import { cloudApiSchema, CloudDatabaseSpec, cloudDatabaseSpecSchema } from "../spec";
import { rejectDisagreeingActiveActivePins } from "./active-active-subscriptions";
import { withCarriedCa } from "./cluster";
import { PinProps, VersionPin } from "./pin";
import { checkProviderOwnership } from "./rediscloud-ownership";

/** How to reach the Redis Cloud API. Keys are named, never given. */
export type RedisCloudApiProps = z.input<typeof cloudApiSchema>;
export type RedisCloudDatabaseVersionProps = PinProps<typeof cloudDatabaseSpecSchema>;

/**
 * Pins the Redis version of a Redis Cloud database (Pro, Active-Active or
 * Essentials); `terraform apply` upgrades it to the pin.
 */
export class RedisCloudDatabaseVersion extends VersionPin<CloudDatabaseSpec> {
  constructor(scope: Construct, id: string, props: RedisCloudDatabaseVersionProps) {
    super(scope, id, "redis-cloud-database", props, (pin, fields) => ({ ...fields, api: withCarriedCa(pin, fields.api, "api") }));
    rejectDisagreeingActiveActivePins(this, this.spec);
    checkProviderOwnership(this);
  }
}
