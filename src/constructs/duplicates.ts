import { Construct, IConstruct } from "constructs";
import { identityOf } from "../kinds/registry";
import { PinSpec } from "../spec";
import { addSynthCheck } from "./synth-checks";

/**
 * The pins of one app by the database they act on, kept on the app's root so
 * that the cdktf and the cdktn copies of this module (scripts/build-cdktn.mjs)
 * share it. A pin's scope is fixed when it is made, so registering it then
 * sees every stack of the app.
 */
const REGISTRY = Symbol.for("cdktf-redis-version.pins-by-database");

type Registry = Map<string, Construct[]>;

/**
 * Two pins of one database would race each other's upgrades, and the lower
 * pin then refuses forever: synth fails naming both, within a stack or across
 * the stacks of one app. A value not known until apply (a token) compares as
 * its token text.
 */
export function rejectDuplicatePins(pin: Construct, spec: PinSpec): void {
  const identity = identityOf(spec);
  const pins = registryOf(pin.node.root);
  const same = pins.get(identity) ?? [];
  pins.set(identity, [...same, pin]);
  addSynthCheck(pin, () => duplicatesOf(pin, pins.get(identity) ?? [], identity));
}

function duplicatesOf(pin: Construct, same: readonly Construct[], identity: string): string[] {
  const others = same.filter((other) => other !== pin).map((other) => other.node.path);
  if (others.length === 0) return [];
  return [
    `pins the same database as ${others.join(" and ")} (${identity}): two pins of one database would race each other's upgrades. ` +
      "Keep one pin per database and remove the others.",
  ];
}

/** Every pin of the app made so far, for other app-wide checks (active-active-subscriptions.ts). */
export function registeredPins(root: IConstruct): Construct[] {
  return [...registryOf(root).values()].flat();
}

function registryOf(root: IConstruct): Registry {
  const holder = root as unknown as { [REGISTRY]?: Registry };
  holder[REGISTRY] ??= new Map();
  return holder[REGISTRY];
}
