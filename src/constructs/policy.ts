import { Aspects, IAspect, TerraformStack } from "cdktf";
import { Construct, IConstruct } from "constructs";
import { profileOf } from "../kinds/registry";
import type { Spec } from "../spec";
import { lookup, parseVersion } from "../versions";

export interface RedisVersionPolicyOptions {
  /** No pin may target a release line whose documented end of life has passed. @default false */
  readonly forbidEndOfLifeTargets?: boolean;
  /** No pin may target a preview release line. @default false */
  readonly forbidPreviewTargets?: boolean;
  /** Every pin must set maintenanceWindows. @default false */
  readonly requireMaintenanceWindow?: boolean;
  /** Every Redis Cloud pin must set backupBeforeUpgrade: true (Redis Software pins cannot: its API has no backup request). @default false */
  readonly requireBackupBeforeUpgrade?: boolean;
  /** No pin may set allowMajorVersionUpgrade: true. @default false */
  readonly forbidMajorVersionUpgrade?: boolean;
  /** No pin may set upgrade.mayDiscardData or upgrade.forceDiscard. @default false */
  readonly forbidDataDiscard?: boolean;
  /**
   * The pins this selects (production, say: `PinSelector.inStacks("production")`) must
   * each be upgraded after others: set upgradeAfter, or sit in a wave after the first of a
   * RedisVersionRollout. @default no pin is required to
   */
  readonly requireUpgradeAfter?: IPinSelector;
}

/** Which pins a policy rule applies to: a test of the user's own, by stack name, path or anything else shown. */
export interface IPinSelector {
  /** True for the pins the rule applies to. */
  selects(pin: SelectedPin): boolean;
}

/** What a selector is shown of a pin. */
export interface SelectedPin {
  /** The construct path, e.g. "production/orders". */
  readonly path: string;
  /** The id of the pin's stack, e.g. "production". */
  readonly stackName: string;
  /** The pinned version, e.g. "7.4". */
  readonly redisVersion: string;
}

/** Ready-made selectors for policy rules. */
export class PinSelector {
  /** The pins of the stacks with these ids. */
  static inStacks(...stackNames: string[]): IPinSelector {
    return { selects: (pin) => stackNames.includes(pin.stackName) };
  }

  private constructor() {}
}

type Rule = Exclude<keyof RedisVersionPolicyOptions, "requireUpgradeAfter">;

/** The part of a pin a policy reads: found by shape, since an app may hold pins of two copies of this library. */
interface PolicedPin extends IConstruct {
  readonly spec: Spec;
}

/**
 * Rules every version pin under a scope must follow, checked at synth:
 * `Aspects.of(app).add(new RedisVersionPolicy({ forbidEndOfLifeTargets: true }))`.
 * Each breach is a synth error naming the pin's path and the rule, and all
 * of them are reported together. cdktf 0.21 runs Aspects only from each
 * stack down, so every pin also carries a relay that looks for policies on
 * the scopes above its stack: a policy on the app reaches every stack.
 */
export class RedisVersionPolicy implements IAspect {
  /** Found by this mark, not instanceof: a pin of another copy of this library must find it too. */
  readonly isRedisVersionPolicy = true;
  private readonly policed = new WeakSet<IConstruct>();

  constructor(private readonly options: RedisVersionPolicyOptions) {}

  /** Checks each pin once, whichever way it is reached (from its stack, or by its relay). */
  visit(node: IConstruct): void {
    if (!isPin(node) || this.policed.has(node)) return;
    this.policed.add(node);
    node.node.addValidation({ validate: () => [...this.breaches(node.spec), ...this.orderBreaches(node)] });
  }

  /** What this policy forbids in one pin, one line per breached rule. */
  breaches(spec: Spec, today: Date = new Date()): string[] {
    return RULES.filter(({ rule }) => this.options[rule] === true).flatMap(({ rule, breach }) => {
      const why = breach(spec, today);
      return why ? [`RedisVersionPolicy ${rule}: ${why}`] : [];
    });
  }

  /** A selected pin that is upgraded after nothing. */
  private orderBreaches(pin: PolicedPin): string[] {
    const selector = this.options.requireUpgradeAfter;
    if (!selector || (pin.spec.upgradeAfter?.length ?? 0) > 0) return [];
    const selected = { path: pin.node.path, stackName: TerraformStack.of(pin).node.id, redisVersion: pin.spec.redisVersion };
    if (!selector.selects(selected)) return [];
    return [
      "RedisVersionPolicy requireUpgradeAfter: upgradeAfter is not set: this pin must be upgraded after others (staging, say): " +
        "list them in upgradeAfter, with soakHours for how long they must run first, or put it in a later wave of a RedisVersionRollout",
    ];
  }
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

function isPin(node: IConstruct): node is PolicedPin {
  const spec = (node as Partial<PolicedPin>).spec;
  return typeof spec === "object" && spec !== null && typeof spec.kind === "string" && typeof spec.redisVersion === "string";
}

function isPolicy(aspect: IAspect): aspect is RedisVersionPolicy {
  return (aspect as Partial<RedisVersionPolicy>).isRedisVersionPolicy === true;
}

/**
 * Added to every pin: hands it to each policy on the scopes above it. Within
 * its stack cdktf has already visited the pin with those policies, and the
 * policy checks a pin once; above its stack this is what reaches it.
 */
const relay: IAspect = {
  visit(node: IConstruct): void {
    for (let scope: IConstruct | undefined = node.node.scope; scope; scope = scope.node.scope) {
      Aspects.of(scope).all.filter(isPolicy).forEach((policy) => policy.visit(node));
    }
  },
};

/** Lets policies on any scope above the pin reach it. */
export function relayPolicies(pin: Construct): void {
  Aspects.of(pin).add(relay);
}
