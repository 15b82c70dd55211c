import { Construct } from "constructs";
import { ActiveActiveSpec } from "../spec";
import { clusterSpec, RedisSoftwareClusterProps } from "./cluster";
import { warnDeprecatedModuleFields } from "./module-warnings";
import { PinResourceProps, specHeader, VersionPin } from "./pin";
import { RedisSoftwareUpgradeOptions } from "./redis-software-database-version";

/** Options of POST /v1/crdbs/{guid}/upgrade; only the ones set are sent. */
export interface RedisSoftwareActiveActiveUpgradeOptions extends RedisSoftwareUpgradeOptions {
  /** Keep the current CRDT protocol version; it must be upgraded before the featureset. */
  readonly keepCrdtProtocolVersion?: boolean;
}

export interface RedisSoftwareActiveActiveVersionProps extends PinResourceProps {
  /** The cluster to request the upgrade from (Redis Software 8.0.18 or later); it drives the others. */
  readonly cluster: RedisSoftwareClusterProps;
  readonly crdbGuid: string;
  /** "major.minor" or "major.minor.patch", e.g. "8.2". */
  readonly redisVersion: string;
  readonly upgrade?: RedisSoftwareActiveActiveUpgradeOptions;
  /** Must be true for mayDiscardData or forceDiscard to be accepted. */
  readonly acknowledgeDataLoss?: boolean;
  /** X-Task-ID. @default derived from the GUID, the target and the options */
  readonly taskId?: string;
  /** X-Result-TTL, seconds the cluster keeps the task's result. @default long enough to outlive the polling */
  readonly resultTtlSeconds?: number;
  /** The other participating clusters, read to report and verify each instance's version. */
  readonly participants?: readonly RedisSoftwareClusterProps[];
  /** @default 60 */
  readonly timeoutMinutes?: number;
}

/**
 * Pins the Redis version of an Active-Active (CRDB) database on Redis
 * Software; `terraform apply` upgrades every participant in one request.
 */
export class RedisSoftwareActiveActiveVersion extends VersionPin {
  declare readonly spec: ActiveActiveSpec;

  constructor(scope: Construct, id: string, props: RedisSoftwareActiveActiveVersionProps) {
    const { resource, cluster, upgrade, participants, timeoutMinutes, ...rest } =
      props ?? ({} as RedisSoftwareActiveActiveVersionProps);
    super(scope, id, resource, (pin) => {
      warnDeprecatedModuleFields(pin, upgrade);
      const spec = {
        ...specHeader(pin, "redis-software-active-active", timeoutMinutes),
        cluster: clusterSpec(pin, cluster),
        upgrade: upgrade ?? {},
        ...(participants === undefined
          ? {}
          : { participants: Array.isArray(participants) ? participants.map((p, i) => clusterSpec(pin, p, `participants.${i}`)) : participants }),
        ...rest,
      };
      return {
        spec,
        triggers: {
          url: cluster?.url,
          crdbGuid: props?.crdbGuid,
          redisVersion: props?.redisVersion,
          upgrade: spec.upgrade,
          acknowledgeDataLoss: props?.acknowledgeDataLoss ?? false,
          taskId: props?.taskId ?? "",
        },
      };
    });
  }
}
