import { dependable, TerraformResource, TerraformStack } from "cdktf";
import { Construct, IConstruct } from "constructs";
import { SpecError } from "../core/errors";
import * as z from "zod";
import { ORDER_FIELDS, parseOrThrow, PredecessorSpec, soakHoursSchema, Spec } from "../spec";
import { carryFilesOf } from "./handler-asset";

/** A pin as `upgradeAfter` reads it: found by shape, so pins of another copy of this library count too. */
export interface OrderedPin extends IConstruct {
  readonly spec: Spec;
  readonly resource: TerraformResource;
}

export interface UpgradeOrderProps {
  /**
   * Pins whose databases must reach their own pin first, from any stack of
   * the app. Before deciding, the handler reads each of their databases live
   * and defers, sending nothing, until each has: so the order holds when
   * staging and production are separate stacks applied by separate
   * pipelines. A pin of the same stack is also a Terraform dependency, so
   * one apply runs it first. For Replica Of (Active-Passive): the source
   * pin lists the destination.
   * @default no order
   */
  readonly upgradeAfter?: readonly OrderedPin[];
  /**
   * Hours each pin of `upgradeAfter` must have run its own pin before this
   * one upgrades (fractions allowed: 0.5 is half an hour). Measured from
   * each database's last change as its control plane records it (Redis
   * Cloud `lastModified`, Redis Software `last_changed_time`), so any later
   * change of its configuration restarts the soak. Needs `upgradeAfter`.
   * @default no soak: reaching the pin is enough
   */
  readonly soakHours?: number;
}

/**
 * The listed pins, checked: each must be a version pin of the same app.
 * A pin of another stack is read by the handler with the files carried in
 * this stack, so its own stack's directory is not needed at apply.
 */
export function orderedPins(pin: Construct, where: string, listed: unknown): OrderedPin[] {
  if (listed === undefined) return [];
  if (!Array.isArray(listed)) throw new SpecError(where, ["upgradeAfter: must be a list of version pins, such as [replica]"]);
  const problems = listed.flatMap((entry: unknown, i): string[] => {
    if (!isOrderedPin(entry)) return [`upgradeAfter.${i}: must be a version pin (RedisSoftwareDatabaseVersion, RedisCloudDatabaseVersion, …)`];
    if (entry === pin) return [`upgradeAfter.${i}: is this pin itself: list the pins that must go first`];
    if (entry.node.root !== pin.node.root) return [`upgradeAfter.${i}: ${entry.node.path} belongs to another app: list pins of this app`];
    return [];
  });
  if (problems.length) throw new SpecError(where, problems);
  return listed as OrderedPin[];
}

/** A pin of upgradeAfter, and how long it must have run its pin first (the pin's soakHours, or its wave's). */
export interface Ordered {
  readonly pin: OrderedPin;
  readonly soakHours?: number;
}

const soakPropSchema = z.object({ soakHours: soakHoursSchema });

/** The soakHours prop, checked: a number of hours, and pins to measure it on. */
export function soakOf(where: string, soakHours: unknown, listed: readonly OrderedPin[]): number | undefined {
  if (soakHours === undefined) return undefined;
  const checked = parseOrThrow(soakPropSchema, { soakHours }, where).soakHours;
  if (listed.length > 0) return checked;
  throw new SpecError(where, [
    "soakHours: needs upgradeAfter: list the pins whose databases must run their own pin this long first " +
      "(or put this pin in a wave after the first of a RedisVersionRollout, with soakHours on that wave)",
  ]);
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
  const same = pins.filter((pin) => TerraformStack.of(pin) === stack);
  if (same.length) resource.dependsOn = [...(resource.dependsOn ?? []), ...same.map((pin) => dependable(pin.resource))];
}

function isOrderedPin(value: unknown): value is OrderedPin {
  const candidate = value as Partial<OrderedPin> | null;
  return typeof candidate?.spec?.kind === "string" && candidate.resource !== undefined && candidate.node !== undefined;
}
