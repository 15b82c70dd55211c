import { explain, TransportError, UserFacingError } from "../core/errors";
import { parseVersion, Platform, RedisVersion, releaseNotesFor } from "../versions";
import { decide, Decision } from "./decide";
import { Observation } from "./port";
import { runBounded } from "./pool";
import { PinProfile } from "./profile";
import { upgradeWarnings } from "./warnings";

interface RowBase {
  /** The construct path (stack/…/id), so a row points at the user's code. */
  readonly address: string;
  readonly platform: Platform;
  readonly kind: string;
  readonly database: string;
  readonly pinned: string;
  /** Pages to read for every release line the upgrade crosses, oldest first. */
  readonly releaseNotes: readonly string[];
  readonly warnings: readonly string[];
  /** Facts the control plane reported that a reviewer should see. */
  readonly notes: readonly string[];
}

/** The control plane answered: the row carries the same decision apply would make. */
export type DecidedRow = RowBase & { readonly current: string } & (
  | { readonly action: "upgrade" }
  /** The columns say what an upgrade does; the other actions carry their why. */
  | { readonly action: Exclude<Decision["action"], "upgrade">; readonly reason: string }
);

/** The control plane could not be read, so nothing was decided for this pin. */
export type ErrorRow = RowBase & { readonly action: "error"; readonly error: string };

export type PlanRow = DecidedRow | ErrorRow;
export type PlanAction = PlanRow["action"];

/** A pin as the plan sees it: what it asks for, how its kind describes it, and how to read its database. */
export interface PlannedPin {
  /** The construct path (stack/…/id). */
  readonly address: string;
  readonly kind: string;
  readonly redisVersion: string;
  readonly profile: PinProfile;
  /** Reads the database as apply would, sending nothing but reads. */
  readonly observe: (pin: RedisVersion) => Promise<Observation>;
}

export interface PlanOptions {
  /** What "already past end of life" is measured against; default now. */
  readonly today?: Date;
}

type Read = { readonly kind: "observed"; readonly observed: Observation } | { readonly kind: "failed"; readonly error: unknown };

/**
 * Reads every pin's database and decides as apply would, sending nothing but
 * reads. Control planes are read concurrently, each within its own bounds.
 * Rows come back in the order of `pins`; a control plane that fails marks
 * only its own rows as errors.
 */
export async function planPins(pins: readonly PlannedPin[], options: PlanOptions = {}): Promise<PlanRow[]> {
  const today = options.today ?? new Date();
  const indexed = pins.map((pin, index) => ({ pin, index }));
  const rows = new Array<PlanRow>(pins.length);
  await Promise.all(
    groupBy(indexed, (entry) => entry.pin.profile.controlPlane).map(async (members) => {
      const reads = await readControlPlane(members.map((member) => member.pin));
      members.forEach((member, i) => (rows[member.index] = rowOf(member.pin, reads[i], today)));
    }),
  );
  return rows;
}

/** Map.groupBy, which Node 20 lacks; groups keep the order of `items`. */
function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): T[][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  return [...groups.values()];
}

/**
 * Once a control plane proved unreachable (after the transport's retries),
 * its remaining pins are not tried: each would spend the same retries again.
 */
async function readControlPlane(members: readonly PlannedPin[]): Promise<Read[]> {
  let unreachable: TransportError | undefined;
  return runBounded(members, members[0].profile.bounds, async (pin) => {
    if (unreachable) {
      const why = `not tried: the same control plane did not answer for another pin (${unreachable.message})`;
      return { kind: "failed", error: new UserFacingError(why) };
    }
    const read = await observe(pin);
    if (read.kind === "failed" && read.error instanceof TransportError) unreachable = read.error;
    return read;
  });
}

async function observe(pin: PlannedPin): Promise<Read> {
  try {
    return { kind: "observed", observed: await pin.observe(parseVersion(pin.redisVersion)) };
  } catch (error) {
    return { kind: "failed", error };
  }
}

function rowOf(pin: PlannedPin, read: Read, today: Date): PlanRow {
  const { profile } = pin;
  const pinned = parseVersion(pin.redisVersion);
  const base = { address: pin.address, platform: profile.platform, kind: pin.kind, database: profile.database, pinned: pinned.text };
  if (read.kind === "failed") {
    const warnings = upgradeWarnings({ pinned, profile, today });
    return { ...base, action: "error", error: explain(read.error), releaseNotes: [], warnings, notes: [] };
  }
  const { observed } = read;
  const decision = decide(pinned, observed);
  return {
    ...base,
    ...(decision.action === "upgrade" ? { action: decision.action } : { action: decision.action, reason: reasonOf(decision) }),
    current: observed.current.text,
    releaseNotes: releaseNotesFor(observed.current, pinned, profile.platform),
    warnings: upgradeWarnings({ pinned, profile, observed, action: decision.action, today }),
    notes: observed.notes ?? [],
  };
}

function reasonOf(decision: Exclude<Decision, { action: "upgrade" }>): string {
  switch (decision.action) {
    case "noop":
    case "refuse":
      return decision.reason;
    case "resume":
      return `an upgrade is already running (${decision.operation.lookup}): apply follows it instead of starting another`;
  }
}
