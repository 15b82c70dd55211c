import { Construct } from "constructs";
import { withCarriedCa } from "./cluster";
import { warnDeprecatedModuleFields } from "./module-warnings";
import { pinVersion } from "./pin";
import { IRedisVersionPin, RedisVersionPinProps } from "./pin-props";
import { RedisSoftwareClusterProps, RedisSoftwareUpgradeOptions } from "./redis-software-props";

/** A regular (not Active-Active) database of a Redis Software cluster, and the version to hold it at. */
export interface RedisSoftwareDatabaseVersionProps extends RedisVersionPinProps {
  /** The cluster that holds the database. */
  readonly cluster: RedisSoftwareClusterProps;
  /** The database's uid, as `GET /v1/bdbs` lists it; a token of another resource's attribute is resolved at apply. */
  readonly databaseUid: number | string;
  /** Options of the upgrade request. @default - none: the cluster's defaults */
  readonly upgrade?: RedisSoftwareUpgradeOptions;
}

/**
 * Pins the Redis version of a regular (not Active-Active) database on a
 * Redis Software cluster; `terraform apply` upgrades it to the pin.
 */
export class RedisSoftwareDatabaseVersion extends Construct implements IRedisVersionPin {
  readonly redisVersion: string;

  constructor(scope: Construct, id: string, props: RedisSoftwareDatabaseVersionProps) {
    super(scope, id);
    this.redisVersion = props?.redisVersion;
    pinVersion(this, "redis-software-database", props, (fields, problems) => {
      warnDeprecatedModuleFields(this, fields.upgrade);
      return { ...fields, cluster: withCarriedCa(this, fields.cluster, "cluster", problems) };
    });
  }
}
