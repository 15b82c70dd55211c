import { Construct } from "constructs";
import { withCarriedCa } from "./cluster";
import { warnDeprecatedModuleFields } from "./module-warnings";
import { pinVersion } from "./pin";
import { IRedisVersionPin, RedisVersionPinProps } from "./pin-props";
import { RedisSoftwareClusterProps, RedisSoftwareUpgradeOptions } from "./redis-software-props";

/** Options of `POST /v1/crdbs/{guid}/upgrade`: the database options plus the CRDT protocol switch. */
export interface RedisSoftwareActiveActiveUpgradeOptions extends RedisSoftwareUpgradeOptions {
  /** Keep the current CRDT protocol version; it must be upgraded before the featureset. @default false */
  readonly keepCrdtProtocolVersion?: boolean;
}

/** An Active-Active (CRDB) database of Redis Software, and the version to hold every participant at. */
export interface RedisSoftwareActiveActiveVersionProps extends RedisVersionPinProps {
  /** The cluster the upgrade is requested from (Redis Software 8.0.18 or later); it drives the others. */
  readonly cluster: RedisSoftwareClusterProps;
  /** The CRDB's GUID, as `GET /v1/crdbs` lists it; a token of another resource's attribute is resolved at apply. */
  readonly crdbGuid: string;
  /** Options of the upgrade request. @default - none: the cluster's defaults */
  readonly upgrade?: RedisSoftwareActiveActiveUpgradeOptions;
  /**
   * Sent as X-Task-ID (letters, digits and dashes, at most 64).
   * @default - derived from the GUID, the target and the options, so a retried apply finds its own task
   */
  readonly taskId?: string;
  /** Sent as X-Result-TTL: how long the cluster keeps the task's result, in seconds (at most 604800). @default - the cluster's default */
  readonly resultTtlSeconds?: number;
  /** The other participating clusters, read to report and verify each instance's version. @default - none */
  readonly participants?: RedisSoftwareClusterProps[];
}

/**
 * Pins the Redis version of an Active-Active (CRDB) database on Redis
 * Software; `terraform apply` upgrades every participant in one request.
 */
export class RedisSoftwareActiveActiveVersion extends Construct implements IRedisVersionPin {
  readonly redisVersion: string;

  constructor(scope: Construct, id: string, props: RedisSoftwareActiveActiveVersionProps) {
    super(scope, id);
    this.redisVersion = props?.redisVersion;
    pinVersion(this, "redis-software-active-active", props, (fields, problems) => {
      warnDeprecatedModuleFields(this, fields.upgrade);
      const { participants } = fields;
      return {
        ...fields,
        cluster: withCarriedCa(this, fields.cluster, "cluster", problems),
        ...(Array.isArray(participants) ? { participants: participants.map((p, i) => withCarriedCa(this, p, `participants.${i}`, problems)) } : {}),
      };
    });
  }
}
