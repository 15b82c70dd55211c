import { dependable, TerraformResource, TerraformStack } from "cdktf";
import { Construct, IConstruct } from "constructs";
import { SpecError } from "../core/errors";
import type { PredecessorSpec, Spec } from "../spec";

/** A pin as `upgradeAfter` reads it: found by shape, so pins of another copy of this library count too. */
export interface OrderedPin extends IConstruct {
  readonly spec: Spec;
  readonly resource: TerraformResource;
}

export interface UpgradeOrderProps {
  /**
   * Pins whose databases must reach their own pin first. The pin's resource
   * depends on theirs, so Terraform runs them first; the handler also reads
   * each of their databases and refuses, sending nothing, until it has.
   * For Replica Of (Active-Passive): the source pin lists the destination.
   */
  readonly upgradeAfter?: readonly OrderedPin[];
}

/**
 * The listed pins, checked: each must be a version pin of the same stack
 * (the handler reads its database with the files carried in this stack).
 */
export function orderedPins(pin: Construct, where: string, listed: unknown): OrderedPin[] {
  if (listed === undefined) return [];
  if (!Array.isArray(listed)) throw new SpecError(where, ["upgradeAfter: must be a list of version pins, such as [replica]"]);
  const stack = TerraformStack.of(pin);
  const problems = listed.flatMap((entry: unknown, i): string[] => {
    if (!isOrderedPin(entry)) return [`upgradeAfter.${i}: must be a version pin (RedisSoftwareDatabaseVersion, RedisCloudDatabaseVersion, …)`];
    if (TerraformStack.of(entry) !== stack) {
      return [`upgradeAfter.${i}: ${entry.node.path} is in another stack; list pins of ${stack.node.path} only (across stacks, order the stacks themselves)`];
    }
    return [];
  });
  if (problems.length) throw new SpecError(where, problems);
  return listed as OrderedPin[];
}

/** What the spec carries of each: its whole spec, which holds no secret, less its own upgradeAfter. */
export function predecessorSpecs(pins: readonly OrderedPin[]): PredecessorSpec[] | undefined {
  if (pins.length === 0) return undefined;
  return pins.map(({ spec }) => {
    const { upgradeAfter, ...own } = spec;
    void upgradeAfter;
    return own;
  });
}

/** Terraform runs the listed pins' handlers first. */
export function dependOn(resource: TerraformResource, pins: readonly OrderedPin[]): void {
  if (pins.length) resource.dependsOn = [...(resource.dependsOn ?? []), ...pins.map((pin) => dependable(pin.resource))];
}

function isOrderedPin(value: unknown): value is OrderedPin {
  const candidate = value as Partial<OrderedPin> | null;
  return typeof candidate?.spec?.kind === "string" && candidate.resource !== undefined && candidate.node !== undefined;
}
