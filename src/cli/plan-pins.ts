import { decide, Decision, Observation } from "../engine";
import { PlatformContext } from "../platforms/context";
import { explain, TransportError, UserFacingError } from "../core/errors";
import { Spec } from "../spec";
import { parseVersion, Platform, releaseNotesFor } from "../versions";
import { PinProfile, profileOf } from "./plan-kinds";
import { planWarnings } from "./plan-warnings";
import { runBounded } from "../engine/pool";
import { FoundPin } from "./stacks";
import { upgraderFor } from "./upgraders";

interface RowBase {
  /** The construct path (stack/…/id), so a row points at the user's code. */
  readonly address: string;
  readonly platform: Platform;
  readonly kind: Spec["kind"];
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

/** What planning needs from the process; each pin gets its own stack directory as `cwd`. */
export interface PlanContext extends Omit<PlatformContext, "cwd"> {
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
export async function planPins(pins: readonly FoundPin[], context: PlanContext): Promise<PlanRow[]> {
  const today = context.today ?? new Date();
  const profiled = pins.map((pin, index) => ({ pin, index, profile: profileOf(pin.spec) }));
  const rows = new Array<PlanRow>(pins.length);
  await Promise.all(
    groupBy(profiled, (entry) => entry.profile.controlPlane).map(async (members) => {
      const reads = await readControlPlane(members, context);
      members.forEach((member, i) => (rows[member.index] = rowOf(member.pin, member.profile, reads[i], today)));
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
async function readControlPlane(members: readonly { pin: FoundPin; profile: PinProfile }[], context: PlanContext): Promise<Read[]> {
  let unreachable: TransportError | undefined;
  return runBounded(members, members[0].profile.bounds, async ({ pin }) => {
    if (unreachable) {
      const why = `not tried: the same control plane did not answer for another pin (${unreachable.message})`;
      return { kind: "failed", error: new UserFacingError(why) };
    }
    const read = await observe(pin, context);
    if (read.kind === "failed" && read.error instanceof TransportError) unreachable = read.error;
    return read;
  });
}

async function observe(pin: FoundPin, context: PlanContext): Promise<Read> {
  try {
    const upgrader = upgraderFor(pin.spec, { env: context.env, log: context.log, cwd: pin.stackDir });
    return { kind: "observed", observed: await upgrader.observe() };
  } catch (error) {
    return { kind: "failed", error };
  }
}

function rowOf(pin: FoundPin, profile: PinProfile, read: Read, today: Date): PlanRow {
  const pinned = parseVersion(pin.spec.redisVersion);
  const base = { address: pin.spec.address, platform: profile.platform, kind: pin.spec.kind, database: profile.database, pinned: pinned.text };
  if (read.kind === "failed") {
    const warnings = planWarnings({ pinned, profile, today });
    return { ...base, action: "error", error: explain(read.error), releaseNotes: [], warnings, notes: [] };
  }
  const { observed } = read;
  const decision = decide(pinned, observed);
  return {
    ...base,
    ...(decision.action === "upgrade" ? { action: decision.action } : { action: decision.action, reason: reasonOf(decision) }),
    current: observed.current.text,
    releaseNotes: releaseNotesFor(observed.current, pinned, profile.platform),
    warnings: planWarnings({ pinned, profile, observed, action: decision.action, today }),
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
