import { TerraformResource } from "cdktf";
import type { PinSpec, RolloutMark } from "../spec";

/**
 * What a pin construct holds, under a shared symbol rather than a member:
 * pins of another copy of this library (the cdktn entry, a second install)
 * read each other's, and none of it is public API. No spec when the props
 * were invalid: such a pin makes no resource and fails synth.
 */
const PIN = Symbol.for("cdktf-redis-version.pin");

export interface PinState {
  /** The spec as cdk.tf.json will hold it; a rollout may order the pin after others once it is made. */
  readonly spec?: PinSpec;
  readonly resource?: TerraformResource;
  /** Orders the pin after `pins` (each of them a pin), each with `soakHours`, as the wave `mark` of a RedisVersionRollout. */
  readonly joinWave?: (pins: readonly unknown[], soakHours: number | undefined, mark: RolloutMark) => void;
}

export function markPin(construct: object, state: PinState): void {
  Object.defineProperty(construct, PIN, { value: state });
}

/** The state of a version pin of any copy of this library; undefined for anything else. */
export function pinStateOf(construct: unknown): PinState | undefined {
  return typeof construct === "object" && construct !== null ? (construct as { [PIN]?: PinState })[PIN] : undefined;
}
