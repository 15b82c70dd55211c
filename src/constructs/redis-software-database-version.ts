import { Construct } from "constructs";
import { SoftwareDatabaseSpec } from "../spec";
import { clusterSpec, RedisSoftwareClusterProps } from "./cluster";
import { warnDeprecatedModuleFields } from "./module-warnings";
import { PinResourceProps, specHeader, VersionPin } from "./pin";

export interface RedisSoftwareModuleUpgrade {
  /** @deprecated since Redis Software 7.8.2: modules follow the target version. */
  readonly currentModule?: string;
  /** @deprecated since Redis Software 7.8.2: modules follow the target version. */
  readonly newModule?: string;
  readonly newModuleArgs?: string;
}

/** Options of POST /v1/bdbs/{uid}/upgrade; only the ones set are sent. */
export interface RedisSoftwareUpgradeOptions {
  /** Keep shard roles as they were (costs an extra failover). */
  readonly preserveRoles?: boolean;
  /** Restart shards even when the version does not change. */
  readonly forceRestart?: boolean;
  /** Allow data loss in a database that is neither replicated nor persistent. Needs acknowledgeDataLoss. */
  readonly mayDiscardData?: boolean;
  /** Discard data even if the database is replicated or persistent. Needs acknowledgeDataLoss. */
  readonly forceDiscard?: boolean;
  /** How many shards to upgrade at once. @default all */
  readonly parallelShardsUpgrade?: number;
  readonly modules?: readonly RedisSoftwareModuleUpgrade[];
}

export interface RedisSoftwareDatabaseVersionProps extends PinResourceProps {
  readonly cluster: RedisSoftwareClusterProps;
  readonly databaseUid: number;
  /** "major.minor" or "major.minor.patch", e.g. "7.4". */
  readonly redisVersion: string;
  readonly upgrade?: RedisSoftwareUpgradeOptions;
  /** Must be true for mayDiscardData or forceDiscard to be accepted. */
  readonly acknowledgeDataLoss?: boolean;
  /** @default 60 */
  readonly timeoutMinutes?: number;
}

/**
 * Pins the Redis version of a regular (not Active-Active) database on a
 * Redis Software cluster; `terraform apply` upgrades it to the pin.
 */
export class RedisSoftwareDatabaseVersion extends VersionPin {
  declare readonly spec: SoftwareDatabaseSpec;

  constructor(scope: Construct, id: string, props: RedisSoftwareDatabaseVersionProps) {
    const { resource, cluster, upgrade, timeoutMinutes, ...rest } = props ?? ({} as RedisSoftwareDatabaseVersionProps);
    super(scope, id, resource, (pin) => {
      warnDeprecatedModuleFields(pin, upgrade);
      const spec = {
        ...specHeader(pin, "redis-software-database", timeoutMinutes),
        cluster: clusterSpec(pin, cluster),
        upgrade: upgrade ?? {},
        ...rest,
      };
      return {
        spec,
        triggers: {
          url: cluster?.url,
          databaseUid: props?.databaseUid,
          redisVersion: props?.redisVersion,
          upgrade: spec.upgrade,
          acknowledgeDataLoss: props?.acknowledgeDataLoss ?? false,
        },
      };
    });
  }
}
