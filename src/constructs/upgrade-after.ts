import { dependable, TerraformResource, TerraformStack } from "cdktf";
import { Construct, IConstruct } from "constructs";
import * as z from "zod";
import { describeIssues, ORDER_FIELDS, PinSpec, PredecessorSpec, soakHoursSchema } from "../spec";
import { carryFilesOf } from "./handler-asset";
import { pinStateOf } from "./pin-state";

/** A valid pin listed in `upgradeAfter` or a previous wave, as its state tells: pins of another copy of this library count too. */
export interface OrderedPin {
  readonly construct: IConstruct;
  readonly spec: PinSpec;
  readonly resource: TerraformResource;
}

/**
 * The listed pins, checked: each must be a valid version pin of the same
 * app. A pin of another stack is read by the handler with the files carried
 * in this stack, so its own stack's directory is not needed at apply. What
 * is wrong goes to `problems`.
 */
export function orderedPins(pin: Construct, listed: unknown, problems: string[]): OrderedPin[] {
  if (listed === undefined) return [];
  if (!Array.isArray(listed)) {
    problems.push("upgradeAfter: must be a list of version pins, such as [replica]");
    return [];
  }
  return listed.flatMap((entry: unknown, i): OrderedPin[] => {
    const state = pinStateOf(entry);
    const construct = entry as IConstruct;
    if (state === undefined) problems.push(`upgradeAfter.${i}: must be a version pin (RedisSoftwareDatabaseVersion, RedisCloudDatabaseVersion, …)`);
    else if (entry === pin) problems.push(`upgradeAfter.${i}: is this pin itself: list the pins that must go first`);
    else if (construct.node.root !== pin.node.root) problems.push(`upgradeAfter.${i}: ${construct.node.path} belongs to another app: list pins of this app`);
    else if (state.spec === undefined || state.resource === undefined) problems.push(`upgradeAfter.${i}: ${construct.node.path} is itself invalid: fix it first`);
    else return [{ construct, spec: state.spec, resource: state.resource }];
    return [];
  });
}

/** A pin of upgradeAfter, and how long it must have run its pin first (the pin's soakHours, or its wave's). */
export interface Ordered {
  readonly pin: OrderedPin;
  readonly soakHours?: number;
}

const soakPropSchema = z.object({ soakHours: soakHoursSchema });

/** The soakHours prop, checked: a number of hours, and pins to measure it on. */
export function soakOf(soakHours: unknown, listed: readonly OrderedPin[], problems: string[]): number | undefined {
  if (soakHours === undefined) return undefined;
  const checked = soakPropSchema.safeParse({ soakHours });
  if (!checked.success) {
    problems.push(...describeIssues(checked.error));
    return undefined;
  }
  if (listed.length > 0) return checked.data.soakHours;
  problems.push(
    "soakHours: needs upgradeAfter: list the pins whose databases must run their own pin this long first " +
      "(or put this pin in a wave after the first of a RedisVersionRollout, with soakHours on that wave)",
  );
  return undefined;
}

/**
 * What the spec carries of each: its whole spec, which holds no secret, less
 * its own order (only its database is read), with the soak asked of it.
 * Files it names are carried in `pin`'s stack.
 */
export function predecessorSpecs(pin: Construct, ordered: readonly Ordered[]): PredecessorSpec[] | undefined {
  if (ordered.length === 0) return undefined;
  return ordered.map(({ pin: listed, soakHours }) => {
    const own = Object.fromEntries(Object.entries(listed.spec).filter(([field]) => !(ORDER_FIELDS as string[]).includes(field)));
    return { ...carryFilesOf(pin, own), ...(soakHours === undefined ? {} : { soakHours }) } as PredecessorSpec;
  });
}

/** Terraform runs the listed pins of the same stack first; another stack's are applied on their own, and only read. */
export function dependOn(resource: TerraformResource, pins: readonly OrderedPin[]): void {
  const stack = TerraformStack.of(resource);
  const same = pins.filter((pin) => TerraformStack.of(pin.construct) === stack);
  if (same.length) resource.dependsOn = [...(resource.dependsOn ?? []), ...same.map((pin) => dependable(pin.resource))];
}
