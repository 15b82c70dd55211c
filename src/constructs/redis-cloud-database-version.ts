import { Construct } from "constructs";
import { CloudDatabaseSpec, CloudPlan } from "../spec";
import { withCarriedCa } from "./cluster";
import { PinResourceProps, specHeader, VersionPin } from "./pin";

/** How to reach the Redis Cloud API. Keys are named, never given. */
export interface RedisCloudApiProps {
  /** @default the REDISCLOUD_URL variable at apply time, else https://api.redislabs.com/v1 */
  readonly url?: string;
  /** @default "REDISCLOUD_ACCESS_KEY" (the account key, as the official provider reads it) */
  readonly accessKeyEnv?: string;
  /** @default "REDISCLOUD_SECRET_KEY" (the user key) */
  readonly secretKeyEnv?: string;
  /** PEM of a CA to trust, only for a proxy in front of the API; copied into the stack. */
  readonly caCertFile?: string;
}

export interface RedisCloudDatabaseVersionProps extends PinResourceProps {
  readonly subscriptionId: number;
  readonly databaseId: number;
  /** @default "pro" (Active-Active databases are Pro databases) */
  readonly plan?: CloudPlan;
  /** "major.minor", e.g. "8.2". */
  readonly redisVersion: string;
  readonly api?: RedisCloudApiProps;
  /** Redis Cloud runs one task per account at a time, so leave room for queueing. @default 60 */
  readonly timeoutMinutes?: number;
}

/**
 * Pins the Redis version of a Redis Cloud database (Pro, Active-Active or
 * Essentials); `terraform apply` upgrades it to the pin.
 */
export class RedisCloudDatabaseVersion extends VersionPin {
  declare readonly spec: CloudDatabaseSpec;

  constructor(scope: Construct, id: string, props: RedisCloudDatabaseVersionProps) {
    const { resource, api, plan, timeoutMinutes, ...rest } = props ?? ({} as RedisCloudDatabaseVersionProps);
    super(scope, id, resource, (pin) => ({
      spec: {
        ...specHeader(pin, "redis-cloud-database", timeoutMinutes),
        plan: plan ?? "pro",
        api: typeof api === "object" && api !== null ? withCarriedCa(pin, api, "api") : api,
        ...rest,
      },
      triggers: {
        url: api?.url ?? "",
        subscriptionId: props?.subscriptionId,
        databaseId: props?.databaseId,
        plan: plan ?? "pro",
        redisVersion: props?.redisVersion,
      },
    }));
  }
}
