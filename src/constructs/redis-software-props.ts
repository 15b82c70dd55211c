/** How to reach a Redis Software cluster's REST API. Credentials are named, never given. */
export interface RedisSoftwareClusterProps {
  /** The REST API address, such as "https://cluster.example.com:9443", with no credentials in it. */
  readonly url: string;
  /**
   * PEM file of the CA that signed the cluster's certificate, relative to
   * where you synthesize; it is copied into the stack.
   * @default - the file named by REDIS_SOFTWARE_CA_CERT at apply, else the system trust store
   */
  readonly caCertFile?: string;
  /** Accept any certificate. Prints a warning on every apply. @default false */
  readonly insecureSkipTlsVerify?: boolean;
  /** Name of the environment variable holding the API user name at apply. @default "REDIS_SOFTWARE_USERNAME" */
  readonly usernameEnv?: string;
  /** Name of the environment variable holding the API password at apply. @default "REDIS_SOFTWARE_PASSWORD" */
  readonly passwordEnv?: string;
}

/** A module of the database, and what to upgrade it to. */
export interface RedisSoftwareModuleUpgrade {
  /**
   * The uid of the module to upgrade.
   * @default - none
   * @deprecated since Redis Software 7.8.2, where an upgrade always moves modules to the versions bundled with the target
   */
  readonly currentModule?: string;
  /**
   * The uid of the module to upgrade to.
   * @default - none
   * @deprecated since Redis Software 7.8.2, where an upgrade always moves modules to the versions bundled with the target
   */
  readonly newModule?: string;
  /** The module's arguments as one string, such as "WORKERS 4". @default - none */
  readonly newModuleArgs?: string;
}

/** Options of `POST /v1/bdbs/{uid}/upgrade`; only the ones set are sent, as the API's snake_case fields. */
export interface RedisSoftwareUpgradeOptions {
  /** Keep shard roles as they were (costs an extra failover). @default - the cluster's default */
  readonly preserveRoles?: boolean;
  /** Restart shards even when the version does not change. @default - the cluster's default */
  readonly forceRestart?: boolean;
  /** Allow data loss in a database that is neither replicated nor persistent. Needs `acknowledgeDataLoss`. @default false */
  readonly mayDiscardData?: boolean;
  /** Discard data even if the database is replicated or persistent. Needs `acknowledgeDataLoss`. @default false */
  readonly forceDiscard?: boolean;
  /**
   * How many shards to upgrade at once; 0 is the cluster's default (all
   * shards). The Redis Software 8.0.18 release notes warn against changing it across 8.4.
   * @default 0
   */
  readonly parallelShardsUpgrade?: number;
  /** Modules to upgrade with the database. @default - none */
  readonly modules?: RedisSoftwareModuleUpgrade[];
}
