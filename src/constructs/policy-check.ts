import { Aspects, TerraformStack } from "cdktf";
import { IConstruct } from "constructs";
import { profileOf } from "../kinds/registry";
import type { Spec } from "../spec";
import { lookup, parseVersion } from "../versions";
import type { RedisVersionPolicyOptions } from "./policy";
import { addSynthCheck } from "./synth-checks";

type Rule = Exclude<keyof RedisVersionPolicyOptions, "requireUpgradeAfter">;

/**
 * Where a RedisVersionPolicy keeps its options: found by this shared mark,
 * not instanceof, so a pin of another copy of this library finds the policy too.
 */
export const POLICY_OPTIONS = Symbol.for("cdktf-redis-version.policy");

/**
 * At synth, `pin` is checked against every policy on itself and the scopes
 * above it, each once, with its spec as it is then (a rollout may have
 * ordered it after others since it was made).
 */
export function policeAtSynth(pin: IConstruct, spec: () => Spec): void {
  addSynthCheck(pin, () => {
    const today = new Date();
    return policiesAbove(pin).flatMap((options) => [...policyBreaches(options, spec(), today), ...orderBreaches(options, pin, spec())]);
  });
}

function policiesAbove(pin: IConstruct): RedisVersionPolicyOptions[] {
  const found = new Set<RedisVersionPolicyOptions>();
  for (let scope: IConstruct | undefined = pin; scope; scope = scope.node.scope) {
    for (const aspect of Aspects.of(scope).all) {
      const options = (aspect as { [POLICY_OPTIONS]?: RedisVersionPolicyOptions })[POLICY_OPTIONS];
      if (options) found.add(options);
    }
  }
  return [...found];
}

/** What `options` forbid in one pin's spec, one line per breached rule. */
export function policyBreaches(options: RedisVersionPolicyOptions, spec: Spec, today: Date): string[] {
  return RULES.filter(({ rule }) => options[rule] === true).flatMap(({ rule, breach }) => {
    const why = breach(spec, today);
    return why ? [`RedisVersionPolicy ${rule}: ${why}`] : [];
  });
}

/** A pin the policy's selector picks that is upgraded after nothing. */
function orderBreaches(options: RedisVersionPolicyOptions, pin: IConstruct, spec: Spec): string[] {
  const selector = options.requireUpgradeAfter;
  if (!selector || (spec.upgradeAfter?.length ?? 0) > 0) return [];
  if (!selector.selects({ path: pin.node.path, stackName: TerraformStack.of(pin).node.id, redisVersion: spec.redisVersion })) return [];
  return [
    "RedisVersionPolicy requireUpgradeAfter: upgradeAfter is not set: this pin must be upgraded after others (staging, say): " +
      "list them in upgradeAfter, with soakHours for how long they must run first, or put it in a later wave of a RedisVersionRollout",
  ];
}

const RULES: ReadonlyArray<{ readonly rule: Rule; readonly breach: (spec: Spec, today: Date) => string | undefined }> = [
  {
    rule: "forbidEndOfLifeTargets",
    breach: (spec, today) => {
      const endOfLife = catalogueEntry(spec)?.endOfLife;
      return endOfLife !== undefined && Date.parse(endOfLife) <= today.getTime()
        ? `redisVersion ${spec.redisVersion} reached its end of life on ${endOfLife}: pin a supported version`
        : undefined;
    },
  },
  {
    rule: "forbidPreviewTargets",
    breach: (spec) =>
      catalogueEntry(spec)?.status === "preview" ? `redisVersion ${spec.redisVersion} is a preview release line: pin a GA version` : undefined,
  },
  {
    rule: "requireMaintenanceWindow",
    breach: (spec) => (spec.maintenanceWindows ? undefined : "maintenanceWindows is not set: say when this database may be upgraded"),
  },
  {
    rule: "requireBackupBeforeUpgrade",
    // Redis Software offers no backup request, and its pins refuse the prop: they are not asked for it.
    breach: (spec) =>
      profileOf(spec).platform === "redis-cloud" && spec.backupBeforeUpgrade !== true
        ? "backupBeforeUpgrade is not true: back the database up before its upgrade"
        : undefined,
  },
  {
    rule: "forbidMajorVersionUpgrade",
    breach: (spec) => (spec.allowMajorVersionUpgrade === true ? "allowMajorVersionUpgrade is true: major upgrades are not allowed here" : undefined),
  },
  {
    rule: "forbidDataDiscard",
    breach: (spec) => {
      const flags = profileOf(spec).dataLossFlags;
      return flags.length ? `upgrade.${flags.join(" and upgrade.")} may discard data: remove it` : undefined;
    },
  },
];

function catalogueEntry(spec: Spec) {
  return lookup(parseVersion(spec.redisVersion), profileOf(spec).platform);
}
