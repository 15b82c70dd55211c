import type { FleetAnswer, Operation, PinProfile, Upgrader } from "../engine";
import type { PlatformContext, SpecSurroundings } from "../platforms/context";
import type { PinSpecOf, Spec } from "../spec";
import type { RedisCloudSimulator } from "../simulator/redis-cloud";
import type { RedisSoftwareSimulator } from "../simulator/redis-software";
import type { Platform, RedisVersion } from "../versions";

/** An API endpoint a pin's handler reaches, with the CA file it names, if any. */
export interface Endpoint {
  readonly url?: string;
  readonly caCertFile?: string;
}

/** The simulators the demo seeds before it applies. */
export interface Simulators {
  readonly software: RedisSoftwareSimulator;
  readonly cloud: RedisCloudSimulator;
}

/**
 * Everything one kind of pin says about itself, said once. Constructs, the
 * handler, plan and demo ask the registry for these and never switch on the
 * kind themselves; adding a kind is one module here plus its spec schema.
 */
export interface PinKind<S extends Spec> {
  /** The construct users write for this kind. */
  readonly construct: string;
  /** Known from the kind alone, so a plan row can say it before any identity is resolved. */
  readonly platform: Platform;
  /** What must re-run the handler when it changes (identity, target, options), taken from the validated spec. */
  /** Called at synth, so identities may still be Terraform references: they go into triggers_replace as written. */
  triggers(spec: PinSpecOf<S>): Readonly<Record<string, unknown>>;
  /** Which database the pin acts on (src/spec/identity.ts): two pins with the same identity fail synth. */
  identity(spec: PinSpecOf<S>): string;
  /** Every endpoint the handler reaches for this pin. */
  endpoints(spec: PinSpecOf<S>): readonly Endpoint[];
  /** How the engine labels, paces and warns about this pin. */
  profile(spec: S): PinProfile;
  /**
   * The platform code is required on first use, not imported: the handler
   * serves one pin per process and pays only for that kind's schemas and
   * client, and constructs, which share this registry, never load platforms.
   */
  load(): unknown;
  upgrader(spec: S, context: PlatformContext): Upgrader<Operation>;
  /**
   * How a plan reads many pins of this kind with a control plane's list
   * endpoints instead of one database at a time; kinds without it are read
   * pin by pin.
   */
  readonly fleet?: FleetReading<S>;
  /** Facts only a plan reads, beyond what apply observes (a subscription's own maintenance windows); none when absent. */
  planNotes?(spec: S, context: PlatformContext): Promise<readonly string[]>;
  /** Gives the demo's simulators a database one version below the pin; returns what it seeded. */
  seedBelow(simulators: Simulators, spec: S, start: (offered: readonly string[]) => RedisVersion): string;
}

/** A kind's list reads for plan (src/engine/fleet.ts). */
export interface FleetReading<S extends Spec> {
  /** Pins with equal keys are read together: one connection, one set of lists. */
  key(spec: S, context: SpecSurroundings): string;
  /** Answers for every spec, in order: the observation observe() would make, or "alone" where the lists cannot tell. */
  read(specs: readonly S[], context: PlatformContext): Promise<FleetAnswer[]>;
}
