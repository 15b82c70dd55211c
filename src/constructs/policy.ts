import { IAspect } from "cdktf";
import { IConstruct } from "constructs";
import { POLICY_OPTIONS } from "./policy-check";

/** The rules of a `RedisVersionPolicy`, each off unless set. */
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
   * RedisVersionRollout.
   * @default - no pin is required to
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

/**
 * Rules every version pin under a scope must follow, checked at synth:
 * `Aspects.of(app).add(new RedisVersionPolicy({ forbidEndOfLifeTargets: true }))`.
 * Each breach is a synth error naming the pin's path and the rule, reported
 * with every other problem of the app's pins. It works on the app, a stack
 * or any scope above the pins.
 */
export class RedisVersionPolicy implements IAspect {
  constructor(options: RedisVersionPolicyOptions = {}) {
    Object.defineProperty(this, POLICY_OPTIONS, { value: { ...options } });
  }

  /**
   * Does nothing of its own: each pin reads the policies on the scopes above
   * it when the app is synthesized. cdktf 0.21 runs Aspects only from each
   * stack down, which would miss a policy on the app.
   */
  visit(node: IConstruct): void {
    void node;
  }
}
