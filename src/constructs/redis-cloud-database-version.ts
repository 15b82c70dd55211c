import { Construct } from "constructs";
import { rejectDisagreeingActiveActivePins } from "./active-active-subscriptions";
import { withCarriedCa } from "./cluster";
import { pinVersion } from "./pin";
import { IRedisVersionPin, RedisVersionPinProps } from "./pin-props";
import { pinStateOf } from "./pin-state";
import { checkProviderOwnership } from "./rediscloud-ownership";

/** The kind of Redis Cloud subscription a database belongs to. */
export enum RedisCloudPlan {
  /** A single-region Pro database, read and upgraded under /subscriptions. */
  PRO = "pro",
  /** An Essentials database, read and upgraded under /fixed/subscriptions. */
  ESSENTIALS = "essentials",
  /**
   * A database of an Active-Active subscription (Pro paths): Redis Cloud may
   * schedule its upgrade for the whole subscription, so every pin of that
   * subscription must pin one version. Apply refuses a pin whose plan does
   * not match what Redis Cloud reports.
   */
  ACTIVE_ACTIVE = "active-active",
}

/** How to reach the Redis Cloud API. Keys are named, never given. */
export interface RedisCloudApiProps {
  /** The API address. Only for a proxy or a simulator in front of the API. @default - REDISCLOUD_URL at apply, else https://api.redislabs.com/v1 */
  readonly url?: string;
  /** Name of the environment variable holding the account key (sent as x-api-key). @default "REDISCLOUD_ACCESS_KEY", as the official provider reads it */
  readonly accessKeyEnv?: string;
  /** Name of the environment variable holding the user key (sent as x-api-secret-key). @default "REDISCLOUD_SECRET_KEY", as the official provider reads it */
  readonly secretKeyEnv?: string;
  /**
   * PEM file of a CA to trust, relative to where you synthesize; it is copied
   * into the stack. Only for a proxy or a simulator in front of the API.
   * @default - REDISCLOUD_CA_CERT at apply, else the system trust store
   */
  readonly caCertFile?: string;
}

/** A Redis Cloud database, and the version to hold it at. */
export interface RedisCloudDatabaseVersionProps extends RedisVersionPinProps {
  /** The database's subscription id; a token of another resource's attribute is resolved at apply. */
  readonly subscriptionId: number | string;
  /** The database id; a token of another resource's attribute is resolved at apply. */
  readonly databaseId: number | string;
  /** The kind of subscription the database belongs to. @default RedisCloudPlan.PRO */
  readonly plan?: RedisCloudPlan;
  /** How to reach the API. @default - the public API, with the official provider's variable names */
  readonly api?: RedisCloudApiProps;
}

/**
 * Pins the Redis version of a Redis Cloud database (Pro, Active-Active or
 * Essentials); `terraform apply` upgrades it to the pin. A database ahead of
 * the pin within the same major version (Redis Cloud upgrades minors itself)
 * satisfies it.
 */
export class RedisCloudDatabaseVersion extends Construct implements IRedisVersionPin {
  readonly redisVersion: string;

  constructor(scope: Construct, id: string, props: RedisCloudDatabaseVersionProps) {
    super(scope, id);
    this.redisVersion = props?.redisVersion;
    pinVersion(this, "redis-cloud-database", props, (fields, problems) => ({ ...fields, api: withCarriedCa(this, fields.api, "api", problems) }));
    const spec = pinStateOf(this)?.spec;
    if (spec?.kind !== "redis-cloud-database") return;
    rejectDisagreeingActiveActivePins(this, spec);
    checkProviderOwnership({ construct: this, spec });
  }
}
