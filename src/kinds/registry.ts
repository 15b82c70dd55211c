import type { FleetAnswer, Operation, PinProfile, Upgrader } from "../engine";
import type { PlatformContext, SpecSurroundings } from "../platforms/context";
import type { PinSpec, Spec } from "../spec";
import type { Platform, RedisVersion } from "../versions";
import { PinKind, Simulators } from "./kind";
import { redisCloudDatabase } from "./redis-cloud-database";
import { redisSoftwareActiveActive } from "./redis-software-active-active";
import { redisSoftwareDatabase } from "./redis-software-database";

type KindName = Spec["kind"];
type SpecOf<K extends KindName> = Extract<Spec, { kind: K }>;

/** Every kind of pin, by the `kind` its spec carries: the one place that knows them all. */
const KINDS: { readonly [K in KindName]: PinKind<SpecOf<K>> } = {
  "redis-software-database": redisSoftwareDatabase,
  "redis-software-active-active": redisSoftwareActiveActive,
  "redis-cloud-database": redisCloudDatabase,
};

/** The kind module that describes `spec`, typed for it. */
function kindOf<S extends Spec>(spec: S): PinKind<S> {
  return KINDS[spec.kind as KindName] as unknown as PinKind<S>;
}

export const constructOf = (spec: Spec): string => kindOf(spec).construct;
/** The kind module for a spec as written at synth, whose identities may still be Terraform references. */
function kindOfWritten(spec: PinSpec): PinKind<Spec> {
  return KINDS[spec.kind] as unknown as PinKind<Spec>;
}

export const triggersOf = (spec: PinSpec): Readonly<Record<string, unknown>> => kindOfWritten(spec).triggers(spec);
export const identityOf = (spec: PinSpec): string => kindOfWritten(spec).identity(spec);
export const platformOf = (spec: PinSpec): Platform => kindOfWritten(spec).platform;
/** The kind's profile, with the rails every kind shares taken from the spec. */
export const profileOf = (spec: Spec): PinProfile => ({
  ...kindOf(spec).profile(spec),
  allowMajorVersionUpgrade: spec.allowMajorVersionUpgrade ?? false,
  maintenanceWindows: spec.maintenanceWindows ?? [],
  backupBeforeUpgrade: spec.backupBeforeUpgrade ?? false,
});
export const upgraderFor = (spec: Spec, context: PlatformContext): Upgrader<Operation> => kindOf(spec).upgrader(spec, context);

/** Which group of list reads a plan reads the pin with; undefined for a kind read pin by pin. */
export const fleetKeyOf = (spec: Spec, context: SpecSurroundings): string | undefined => {
  const key = kindOf(spec).fleet?.key(spec, context);
  return key === undefined ? undefined : `${spec.kind} ${key}`;
};

/** Reads pins of one group (equal fleetKeyOf) with their kind's list endpoints. */
export function readFleet(specs: readonly Spec[], context: PlatformContext): Promise<FleetAnswer[]> {
  const fleet = kindOf(specs[0]).fleet;
  if (!fleet) throw new Error(`${specs[0].kind} pins are read one by one: they have no group`);
  return fleet.read(specs, context);
}

export const planNotesOf = (spec: Spec, context: PlatformContext): Promise<readonly string[]> =>
  kindOf(spec).planNotes?.(spec, context) ?? Promise.resolve([]);

/** Loads every kind's platform code: the handler bundle's warm-up does, so its code cache covers them all. */
export function loadAllKinds(): void {
  for (const kind of Object.values(KINDS)) kind.load();
}

export function seedBelow(simulators: Simulators, spec: Spec, start: (offered: readonly string[]) => RedisVersion): string {
  return kindOf(spec).seedBelow(simulators, spec, start);
}

/**
 * True when every endpoint of the spec is plain http or names its own CA
 * file, so the handler never needs a public root certificate.
 */
export function needsNoPublicRoots(spec: PinSpec): boolean {
  return kindOfWritten(spec).endpoints(spec).every(({ url, caCertFile }) => caCertFile !== undefined || url?.startsWith("http:") === true);
}
