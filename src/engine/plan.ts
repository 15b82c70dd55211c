import { Clock, systemClock } from "../core/clock";
import { explain, TransportError, UserFacingError } from "../core/errors";
import { parseVersion, Platform, RedisVersion, releaseNotesFor } from "../versions";
import { BACKUP_PLAN_NOTE } from "./backup";
import { decide, Decision, safeguardsOf } from "./decide";
import { FleetGroup, FleetMembership, unanswered } from "./fleet";
import { orderNote, Predecessor, PredecessorState, readState, WaitingOn } from "./order";
import { RolloutMark } from "../spec/order";
import { sourceFirstWarnings } from "./replication";
import { Observation, UpgradedTogether } from "./port";
import { runBounded } from "./pool";
import { PinProfile } from "./profile";
import { flagDisagreements } from "./upgraded-together";
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
  /** The RedisVersionRollout wave the pin belongs to, if any: rows are grouped by it. */
  readonly rollout?: RolloutMark;
}

/** What a row says of its decision. */
type DecidedAction =
  | { readonly action: "upgrade" }
  /** The pins of upgradeAfter it still waits for (none when it waits only for a window). */
  | { readonly action: "deferred"; readonly reason: string; readonly waitingOn: readonly WaitingOn[] }
  /** The columns say what an upgrade does; the other actions carry their why. */
  | { readonly action: Exclude<Decision["action"], "upgrade" | "deferred">; readonly reason: string };

/** The control plane answered: the row carries the same decision apply would make. */
export type DecidedRow = RowBase & { readonly current: string } & DecidedAction;

/** The control plane could not be read, so nothing was decided for this pin. */
export type ErrorRow = RowBase & { readonly action: "error"; readonly error: string };

/** Its identities are Terraform references no state holds yet: which database it acts on is known only at apply. */
export type UnresolvedRow = RowBase & { readonly action: "unresolved"; readonly reason: string };

export type PlanRow = DecidedRow | ErrorRow | UnresolvedRow;
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
  /** The pins of its `upgradeAfter`: each is matched to a planned pin by address, or read on its own. */
  readonly upgradeAfter?: readonly PlannedPredecessor[];
  /** Its stack: only a predecessor of the same stack runs first in the same apply. */
  readonly stack?: string;
  readonly rollout?: RolloutMark;
  /** The group whose list reads answer for it, when its kind has one; `observe` reads what they cannot. */
  readonly fleet?: FleetMembership;
}

/** `soakHours`: how long it must have run its pin before the pin that lists it upgrades. */
export type PlannedPredecessor = Pick<PlannedPin, "address" | "redisVersion" | "observe"> & { readonly soakHours?: number };

export interface PlanOptions {
  /** What "already past end of life" is measured against; default now. */
  readonly today?: Date;
  /** Reads in flight at once, over all control planes; default each control plane's own bounds, all read together. */
  readonly concurrency?: number;
  /** What spaces the reads of one control plane (its bounds' minIntervalMs); the system clock unless a test gives its own. */
  readonly clock?: Pick<Clock, "now" | "sleep">;
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
  const reads = new Array<Read>(pins.length);
  const groups = groupBy(indexed, (entry) => entry.pin.profile.controlPlane);
  const limit = options.concurrency;
  const clock = options.clock ?? systemClock;
  await runBounded(groups, { concurrency: limit ?? groups.length, minIntervalMs: 0 }, async (members) => {
    const found = await readControlPlane(
      members.map((member) => member.pin),
      limit,
      clock,
    );
    members.forEach((member, i) => (reads[member.index] = found[i]));
  }, clock);
  const order = await orderOf(pins, reads, today.getTime());
  const rows = pins.map((pin, index) => rowOf(pin, reads[index], today, order.predecessors(index), (observed) => order.decideAt(index, observed)));
  return flagDisagreements(withSourceFirstWarnings(rows, pins, reads), reads.map(upgradedTogetherOf));
}

/**
 * Each pin's `upgradeAfter`, as apply would find it once Terraform has run
 * the listed pins first: a listed pin this plan upgrades counts as upgraded
 * first. Pins listed but not planned (another stack, --stack) are read here.
 */
async function orderOf(pins: readonly PlannedPin[], reads: readonly Read[], now: number) {
  const planned = new Map(pins.map((pin, index) => [pin.address, index]));
  const unplanned = pins.flatMap((pin) => pin.upgradeAfter ?? []).filter((listed) => !planned.has(listed.address));
  const outside = new Map(await Promise.all(unplanned.map(async (listed) => [listed.address, await observe(listed)] as const)));
  // A hand-edited cdk.tf.json could list pins in a circle: a pin met again while deciding counts as not upgraded first.
  const deciding = new Set<number>();
  const decideAt = (index: number, observed: Observation): Decision => {
    deciding.add(index);
    const pin = pins[index];
    const decision = decide(parseVersion(pin.redisVersion), observed, safeguardsOf(pin.profile, predecessors(index), now));
    deciding.delete(index);
    return decision;
  };
  const predecessors = (index: number): Predecessor[] =>
    (pins[index].upgradeAfter ?? []).map((listed) => {
      const at = planned.get(listed.address);
      const read = at === undefined ? outside.get(listed.address)! : reads[at];
      const pinned = parseVersion(listed.redisVersion);
      // Terraform runs a listed pin first only within one stack: another stack's is applied on its own.
      const runsFirst =
        at !== undefined && pins[at].stack === pins[index].stack && read.kind === "observed" && !deciding.has(at) && startsUpgrade(decideAt(at, read.observed));
      return { address: listed.address, pinned, soakHours: listed.soakHours, state: stateOf(read, pinned, runsFirst) };
    });
  return { predecessors, decideAt };
}

function startsUpgrade(decision: Decision): boolean {
  return decision.action === "upgrade" || decision.action === "resume";
}

/** A Replica Of source upgraded while its destination still waits, with no upgradeAfter to order them, is warned about. */
function withSourceFirstWarnings(rows: readonly PlanRow[], pins: readonly PlannedPin[], reads: readonly Read[]): PlanRow[] {
  const warnings = sourceFirstWarnings(
    rows.map((row, i) => {
      const read = reads[i];
      const listed = (pins[i].upgradeAfter ?? []).map((predecessor) => predecessor.address);
      return { address: row.address, action: row.action, upgradeAfter: listed, replication: read.kind === "observed" ? read.observed.replication : undefined };
    }),
  );
  return rows.map((row, i) => ({ ...row, warnings: [...row.warnings, ...(warnings.get(i) ?? [])] }));
}

function stateOf(read: Read, pinned: RedisVersion, runsFirst: boolean): PredecessorState {
  if (read.kind === "failed") return { kind: "unreadable", error: explain(read.error) };
  const state = readState(read.observed, pinned);
  return state.kind === "behind" && runsFirst ? { kind: "upgraded-first", current: state.current } : state;
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
 * The control plane's groups are read first, each with its few list reads;
 * then every pin they could not answer, and every pin of a kind without
 * lists, on its own. Once the control plane proved unreachable (after the
 * transport's retries), its remaining pins are not tried: each would spend
 * the same retries again.
 */
async function readControlPlane(members: readonly PlannedPin[], limit: number | undefined, clock: Pick<Clock, "now" | "sleep">): Promise<Read[]> {
  const own = members[0].profile.bounds;
  const bounds = { ...own, concurrency: Math.min(own.concurrency, limit ?? Infinity) };
  const reads = new Array<Read | undefined>(members.length);
  const indexed = members.map((pin, index) => ({ pin, index }));
  let unreachable: TransportError | undefined;
  const grouped = indexed.flatMap(({ pin, index }) => (pin.fleet ? [{ index, fleet: pin.fleet }] : []));
  await runBounded(groupBy(grouped, ({ fleet }) => fleet.group.key), bounds, async (group) => {
    const found = await readFleet(group[0].fleet.group, group.map(({ fleet }) => fleet.member));
    if (found.kind === "unanswered" && found.error instanceof TransportError) unreachable = found.error;
    group.forEach(({ index }, i) => (reads[index] = found.kind === "answered" ? found.reads[i] : { kind: "failed", error: found.error }));
  }, clock);
  const alone = indexed.filter(({ index }) => reads[index] === undefined);
  await runBounded(alone, bounds, async ({ pin, index }) => {
    if (unreachable) {
      const why = `not tried: the same control plane did not answer for another pin (${unreachable.message})`;
      reads[index] = { kind: "failed", error: new UserFacingError(why) };
      return;
    }
    const read = await observe(pin);
    if (read.kind === "failed" && read.error instanceof TransportError) unreachable = read.error;
    reads[index] = read;
  }, clock);
  return reads as Read[];
}

type FleetRead =
  /** Per member: its observation, or undefined where the lists could not answer. */
  | { readonly kind: "answered"; readonly reads: readonly (Read | undefined)[] }
  | { readonly kind: "unanswered"; readonly error: unknown };

/**
 * A group whose lists could not be read because the control plane answered
 * with an error leaves every member to its own reads, which explain the
 * error for that pin as they always have; one that got no answer at all, or
 * ran out of time, gives every member that error.
 */
async function readFleet(group: FleetGroup, members: readonly number[]): Promise<FleetRead> {
  try {
    const answers = await group.read();
    return { kind: "answered", reads: members.map((member) => (answers[member].kind === "observed" ? answers[member] : undefined)) };
  } catch (error) {
    return unanswered(error) ? { kind: "unanswered", error } : { kind: "answered", reads: members.map(() => undefined) };
  }
}

async function observe(pin: PlannedPredecessor): Promise<Read> {
  try {
    return { kind: "observed", observed: await pin.observe(parseVersion(pin.redisVersion)) };
  } catch (error) {
    return { kind: "failed", error };
  }
}

function upgradedTogetherOf(read: Read): UpgradedTogether | undefined {
  return read.kind === "observed" ? read.observed.upgradedTogether : undefined;
}

function rowOf(
  pin: PlannedPin,
  read: Read,
  today: Date,
  predecessors: readonly Predecessor[],
  decideOn: (observed: Observation) => Decision,
): PlanRow {
  const { profile } = pin;
  const pinned = parseVersion(pin.redisVersion);
  const base = { address: pin.address, platform: profile.platform, kind: pin.kind, database: profile.database, pinned: pinned.text, ...(pin.rollout ? { rollout: pin.rollout } : {}) };
  if (read.kind === "failed") {
    const warnings = upgradeWarnings({ pinned, profile, today });
    return { ...base, action: "error", error: explain(read.error), releaseNotes: [], warnings, notes: [] };
  }
  const { observed } = read;
  const decision = decideOn(observed);
  const order = orderNote(predecessors);
  return {
    ...base,
    ...actionOf(decision),
    current: observed.current.text,
    releaseNotes: releaseNotesFor(observed.current, pinned, profile.platform),
    warnings: upgradeWarnings({ pinned, profile, observed, action: decision.action, today }),
    notes: [...(observed.notes ?? []), ...(order ? [order] : []), ...(decision.action === "upgrade" && profile.backupBeforeUpgrade ? [BACKUP_PLAN_NOTE] : [])],
  };
}

function actionOf(decision: Decision): DecidedAction {
  if (decision.action === "upgrade") return { action: decision.action };
  if (decision.action === "deferred") return { action: decision.action, reason: decision.reason, waitingOn: decision.waitingOn ?? [] };
  return { action: decision.action, reason: reasonOf(decision) };
}

function reasonOf(decision: Exclude<Decision, { action: "upgrade" }>): string {
  switch (decision.action) {
    case "noop":
    case "refuse":
    case "scheduled":
    case "deferred":
      return decision.reason;
    case "resume":
      return `an upgrade is already running (${decision.operation.lookup}): apply follows it instead of starting another`;
  }
}
