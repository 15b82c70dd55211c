import type { Operation, PinProfile, Upgrader } from "../engine";
import type { PlatformContext } from "../platforms/context";
import type { Spec } from "../spec";
import type { RedisVersion } from "../versions";
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
export const triggersOf = (spec: Spec): Readonly<Record<string, unknown>> => kindOf(spec).triggers(spec);
export const profileOf = (spec: Spec): PinProfile => kindOf(spec).profile(spec);
export const upgraderFor = (spec: Spec, context: PlatformContext): Upgrader<Operation> => kindOf(spec).upgrader(spec, context);

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
export function needsNoPublicRoots(spec: Spec): boolean {
  return kindOf(spec).endpoints(spec).every(({ url, caCertFile }) => caCertFile !== undefined || url?.startsWith("http:") === true);
}
