import { missingAcknowledgement, SoftwareUpgradeOptions } from "../../spec";
import { UserFacingError } from "../../core/errors";

/** Options of both upgrade calls; only a CRDB instance understands keepCrdtProtocolVersion. */
export interface UpgradeOptions extends SoftwareUpgradeOptions {
  readonly keepCrdtProtocolVersion?: boolean;
}

/** camelCase option → the API's snake_case field. */
const FIELDS = {
  preserveRoles: "preserve_roles",
  forceRestart: "force_restart",
  mayDiscardData: "may_discard_data",
  forceDiscard: "force_discard",
  keepCrdtProtocolVersion: "keep_crdt_protocol_version",
  parallelShardsUpgrade: "parallel_shards_upgrade",
} as const satisfies Record<string, string>;

/**
 * The body of `POST /v1/bdbs/{uid}/upgrade` and `POST /v1/crdbs/{guid}/upgrade`.
 * It carries only what the user set, so the cluster's own defaults apply to
 * the rest. The spec schema already refuses unacknowledged data-loss flags;
 * this refuses them again because this is the last step before they are sent.
 */
export function upgradeBody(redisVersion: string, options: UpgradeOptions, acknowledgeDataLoss: boolean | undefined) {
  const problem = missingAcknowledgement(options, acknowledgeDataLoss);
  if (problem) throw new UserFacingError(`not sending the upgrade: ${problem}`);
  const flags = Object.entries(FIELDS).map(([option, field]) => [field, options[option as keyof typeof FIELDS]]);
  return {
    redis_version: redisVersion,
    ...definedOnly(Object.fromEntries(flags)),
    ...(options.modules ? { modules: options.modules.map(moduleBody) } : {}),
  };
}

/** `new_module_args` is the "args list" of requests/bdbs/upgrade.md, which the docs' own examples send as one string. */
function moduleBody(module: NonNullable<SoftwareUpgradeOptions["modules"]>[number]) {
  return definedOnly({
    current_module: module.currentModule,
    new_module: module.newModule,
    new_module_args: module.newModuleArgs,
  });
}

function definedOnly(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));
}
