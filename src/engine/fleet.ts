import { DeadlineError, TransportError } from "../core/errors";
import { Observation } from "./port";

/** What a group's list reads say of one of its pins. */
export type FleetAnswer =
  /** The observation the pin's own observe() would have made. */
  | { readonly kind: "observed"; readonly observed: Observation }
  /** The lists cannot answer for this pin (not listed, a field they lack): it is read on its own, as without lists. */
  | { readonly kind: "alone" };

/**
 * Pins of one control plane that a few list reads answer together (a
 * cluster's bdbs, nodes and actions; an account's subscriptions and tasks),
 * so a plan costs reads per cluster and per subscription, not per pin.
 */
export interface FleetGroup {
  /** The connection and lists the group reads: equal keys, one group. */
  readonly key: string;
  /** Reads the lists once and answers for every member, in member order. */
  read(): Promise<readonly FleetAnswer[]>;
}

/** A pin's place in its group. */
export interface FleetMembership {
  readonly group: FleetGroup;
  readonly member: number;
}

/**
 * The control plane never answered (after the transport's retries), or the
 * deadline passed: reading each pin on its own would only wait the same
 * again, so the group's pins get the error. Any other failure is an answer
 * (a refusal, a shape we do not read) that each pin's own reads explain best.
 */
export function unanswered(error: unknown): boolean {
  return error instanceof TransportError || error instanceof DeadlineError;
}
