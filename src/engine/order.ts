import { RedisVersion } from "../versions";
import { satisfies } from "./satisfies";

/**
 * A pin named in `upgradeAfter`, as read before deciding. Its database is
 * read live, so the order holds even when that pin was applied elsewhere or
 * its database upgraded by hand.
 */
export interface Predecessor {
  /** Its construct path. */
  readonly address: string;
  readonly pinned: RedisVersion;
  readonly state: PredecessorState;
}

export type PredecessorState =
  | { readonly kind: "reached"; readonly current: RedisVersion }
  | { readonly kind: "behind"; readonly current: RedisVersion }
  /** Plan only: behind, and the same apply upgrades it first, since this pin's resource depends on it. */
  | { readonly kind: "upgraded-first"; readonly current: RedisVersion }
  | { readonly kind: "unreadable"; readonly error: string };

/** The state apply reads: the one rule for "reached" that verify uses too. */
export function readState(current: RedisVersion, pinned: RedisVersion): PredecessorState {
  return satisfies(current, pinned) ? { kind: "reached", current } : { kind: "behind", current };
}

/** Why the pin must wait, naming upgradeAfter; undefined when every predecessor is, or will first be, at its pin. */
export function orderRefusal(predecessors: readonly Predecessor[]): string | undefined {
  const waiting = predecessors.flatMap((predecessor) => {
    const { state } = predecessor;
    if (state.kind === "behind") return [`${predecessor.address} runs ${state.current.text}, not yet its pin ${predecessor.pinned.text}`];
    if (state.kind === "unreadable") return [`${predecessor.address} could not be read (${state.error})`];
    return [];
  });
  if (waiting.length === 0) return undefined;
  return (
    `upgradeAfter: ${waiting.join("; ")}. This database is upgraded only after them, so nothing is sent yet: ` +
    `apply their pins first (in the same stack Terraform runs them first), then apply again`
  );
}

/** "upgraded after app/replica (8.0)": how the plan shows the order, or undefined for a pin with none. */
export function orderNote(predecessors: readonly Predecessor[]): string | undefined {
  if (predecessors.length === 0) return undefined;
  return `upgradeAfter: upgraded after ${predecessors.map(describe).join(", ")}`;
}

function describe({ address, pinned, state }: Predecessor): string {
  switch (state.kind) {
    case "reached":
      return `${address} (at ${state.current.text}, its pin ${pinned.text} reached)`;
    case "upgraded-first":
      return `${address} (${state.current.text} → ${pinned.text} earlier in the same apply)`;
    case "behind":
      return `${address} (at ${state.current.text}, not yet its pin ${pinned.text})`;
    case "unreadable":
      return `${address} (unreadable)`;
  }
}
