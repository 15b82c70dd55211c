import { Interrupted, RunFailure, SubmitOutcomeUnknown } from "../core/errors";
import { RunContext } from "../core/run-context";
import { RedisVersion } from "../versions";
import { backUpFirst } from "./backup";
import { decide, Decision, safeguardsOf } from "./decide";
import { followUpgrade, TimedOut } from "./follow";
import { Predecessor } from "./order";
import { formatElapsed, ProgressPrinter } from "./progress";
import { withDatabaseLock } from "./lock";
import { Observation, Operation, ScheduledUpgrade, UpgradeEnd, Upgrader } from "./port";
import { PinProfile } from "./profile";
import { stopIfAsked } from "./stop";
import { upgradeWarnings } from "./warnings";

export interface RunOptions {
  readonly label: string;
  /** The run: its clock, its one deadline (timeoutMinutes, started where the run started), its log and local state. */
  readonly context: Pick<RunContext, "clock" | "deadline" | "log" | "state">;
  readonly pollIntervalMs: number;
  /** The follow schedule's ceiling (src/engine/schedule.ts); its default when unset. */
  readonly pollMaxMs?: number;
  /** What the warnings need to know of the pin: the same profile plan uses. */
  readonly profile: PinProfile;
  /** The pins of `upgradeAfter`, read before the run: their databases must have reached their pins. */
  readonly predecessors?: readonly Predecessor[];
  /**
   * Aborted (with an Interrupted) when the handler must start nothing new: checked before the upgrade
   * request; the run's clock (interruptibleClock, src/engine/stop.ts) ends every wait on it.
   */
  readonly signal?: AbortSignal;
}

export type RunOutcome<Op extends Operation = Operation> =
  | { readonly kind: "noop"; readonly summary: string }
  | { readonly kind: "upgraded"; readonly summary: string; readonly operation: Op }
  /** Accepted but held for later by the control plane; later applies send nothing while it is pending. */
  | { readonly kind: "scheduled"; readonly summary: string };

/** A resumed operation that ends below the pin gets this many decisions in all. */
const RESUMES = 2;
/** How many upgrade requests whose outcome we could not tell are followed by another look before we give up. */
const UNCERTAIN_SUBMITS = 3;

/**
 * Observe, decide, act, follow, verify, holding the database's lock so that
 * handlers of the same database on this machine take turns. A resumed
 * operation that ends below the pin leads to one more decision, so an
 * interrupted apply still converges. An upgrade request whose outcome is
 * unknown is never sent again as it is: the control plane is read again and
 * decides (follow what runs, stop if the pin is reached, only then submit).
 */
export async function run<Op extends Operation>(upgrader: Upgrader<Op>, pin: RedisVersion, options: RunOptions): Promise<RunOutcome<Op>> {
  const bounds = { started: options.context.clock.now(), head: `${options.label} (${upgrader.target})` };
  return withDatabaseLock(options.context, upgrader.lockKey, bounds.head, () => converge(upgrader, pin, options, bounds));
}

interface Bounds {
  readonly started: number;
  readonly head: string;
}

async function converge<Op extends Operation>(upgrader: Upgrader<Op>, pin: RedisVersion, options: RunOptions, bounds: Bounds): Promise<RunOutcome<Op>> {
  const { started, head } = bounds;
  const { clock, deadline, log } = options.context;
  let uncertain = 0;
  // Printed once: a request decided again after an unknown outcome would repeat the same warnings.
  let warned = false;
  let backedUp = false;
  for (let resumes = 0; resumes < RESUMES; ) {
    const observed = await upgrader.observe(pin);
    for (const note of observed.notes ?? []) log.info(`${head}: ${note}`);
    const decision = decide(pin, observed, safeguardsOf(options.profile, options.predecessors ?? [], clock.now()));
    if (decision.action === "noop") {
      return { kind: "noop", summary: `${head}: pinned ${pin.text}, nothing to do: ${decision.reason}` };
    }
    if (decision.action === "scheduled") return scheduledOutcome(head, decision.scheduled, "already ");
    log.info(`${head}: ${describeDecision(decision, pin)}`);
    if (decision.action === "refuse") throw new RunFailure(`${head}: refused: ${decision.reason}`);
    if (decision.action === "deferred") throw new RunFailure(`${head}: deferred: ${decision.reason}`);
    if (!warned) warn(observed, decision.action, pin, head, options);
    warned = true;
    // Once per run: a request whose outcome was unknown is decided again, and the backup already made still stands.
    if (decision.action === "upgrade" && options.profile.backupBeforeUpgrade === true && !backedUp) {
      await backUpFirst(upgrader, { head, context: options.context, pollIntervalMs: options.pollIntervalMs, pollMaxMs: options.pollMaxMs });
      backedUp = true;
    }
    if (decision.action === "upgrade") stopBeforeSubmit(head, options.signal);
    const operation = decision.action === "upgrade" ? await submitOnce(upgrader, pin, observed, ++uncertain, bounds, options) : decision.operation;
    if (operation === undefined) continue;
    uncertain = 0;
    if (decision.action === "upgrade") log.info(`${head}: upgrade requested, following ${operation.lookup}`);
    const printer = new ProgressPrinter(log, head, started, () => clock.now());
    const result = await followUpgrade(upgrader, operation, pin, {
      clock,
      deadline,
      pollIntervalMs: options.pollIntervalMs,
      pollMaxMs: options.pollMaxMs,
      onProgress: (progress) => printer.print(progress),
    }).catch((error: unknown) => stoppedWhileRunning(error, head, operation));
    if (result.kind === "scheduled") return scheduledOutcome(head, result.scheduled, "");
    settle(result, head, operation, deadline.describeSpan());
    const verification = await upgrader.verify(pin);
    if (verification.kind === "verified") {
      const from = decision.action === "upgrade" ? `${decision.from.text} → ` : "";
      return {
        kind: "upgraded",
        operation,
        summary:
          `${head}: upgraded ${from}${verification.observed.current.text} in ${formatElapsed(clock.now() - started)} (${operation.lookup})` +
          // What the final read adds (an Active-Active featureset after the upgrade, say) belongs in the one line a reviewer reads.
          (verification.observed.notes ?? []).map((note) => `; ${note}`).join(""),
      };
    }
    if (decision.action === "upgrade") {
      throw new RunFailure(`${head}: the upgrade finished but ${verification.why}. Check ${operation.lookup}.`);
    }
    log.info(`${head}: the resumed operation finished but ${verification.why}; deciding again`);
    resumes++;
  }
  throw new RunFailure(`${head}: the database did not reach ${pin.text} after resuming; run the apply again or check it by hand`);
}

/**
 * Sends the upgrade; undefined when we cannot tell whether the control plane
 * acted, after a pause that gives it time to show a new action or task.
 */
async function submitOnce<Op extends Operation>(
  upgrader: Upgrader<Op>,
  pin: RedisVersion,
  observed: Observation<Op>,
  attempt: number,
  bounds: Bounds,
  options: RunOptions,
): Promise<Op | undefined> {
  try {
    return await upgrader.submit(pin, observed);
  } catch (error) {
    if (!(error instanceof SubmitOutcomeUnknown)) throw error;
    const { head } = bounds;
    const { deadline, log } = options.context;
    if (attempt >= UNCERTAIN_SUBMITS) {
      throw new RunFailure(
        `${head}: ${attempt} upgrade requests ended without a clear answer (last: ${error.reason}) and the database shows no upgrade running; ` +
          `nothing more is sent. Check ${error.path} by hand; the next terraform apply reads the database again before it sends anything.`,
      );
    }
    const wait = options.pollIntervalMs * 2 ** (attempt - 1);
    if (wait >= deadline.remaining()) {
      throw new RunFailure(
        `${head}: timed out after ${deadline.describeSpan()}: the upgrade request ended without a clear answer (${error.reason}) ` +
          "and there is no time left to read the database again. The next terraform apply reads it first and follows an upgrade it finds running.",
      );
    }
    log.info(`${head}: ${error.message}; reading the database again in ${(wait / 1000).toFixed(1)}s to see what happened`);
    await options.context.clock.sleep(wait);
    return undefined;
  }
}

function stopBeforeSubmit(head: string, signal: AbortSignal | undefined): void {
  try {
    stopIfAsked(signal);
  } catch (error) {
    throw new RunFailure(`${head}: stopped before requesting the upgrade (${(error as Interrupted).why}): nothing was sent; the next terraform apply reads the database again and decides`);
  }
}

/** An upgrade left running when the run stops goes on by itself: say where, and that the next apply follows it. */
function stoppedWhileRunning(error: unknown, head: string, operation: Operation): never {
  if (!(error instanceof Interrupted)) throw error;
  throw new RunFailure(
    `${head}: stopped (${error.why}) while the upgrade runs: it goes on on the control plane (${operation.lookup}); nothing more is sent. ` +
      "The next terraform apply follows it instead of starting another.",
  );
}

/** "requested: Redis Cloud schedules …": success, since the control plane has all it needs and will act on it. */
function scheduledOutcome(head: string, scheduled: ScheduledUpgrade, already: string): RunOutcome<never> {
  return {
    kind: "scheduled",
    summary: `${head}: ${already}requested: ${scheduled.why} (upgrade to ${scheduled.to.text} pending: ${scheduled.lookup}); nothing more is sent while it waits`,
  };
}

function warn(observed: Observation, action: Decision["action"], pin: RedisVersion, head: string, options: RunOptions): void {
  const warnings = upgradeWarnings({ pinned: pin, profile: options.profile, observed, action, today: new Date(options.context.clock.now()) });
  for (const warning of warnings) options.context.log.warn(`${head}: ${warning}`);
}

function settle(result: Exclude<UpgradeEnd, { kind: "scheduled" }> | TimedOut, head: string, operation: Operation, span: string): void {
  switch (result.kind) {
    case "completed":
    case "gone":
      return;
    case "failed":
      throw new RunFailure(`${head}: the upgrade failed: ${result.reason}. Details: ${operation.lookup}.`);
    case "timeout":
      throw new RunFailure(
        `${head}: timed out after ${span} while the upgrade was still running` +
          (result.last ? ` (last seen: ${result.last.state}${result.last.percent === undefined ? "" : `, ${result.last.percent}%`})` : "") +
          `. Check ${operation.lookup}; the next terraform apply resumes following it instead of starting another.`,
      );
  }
}

export function describeDecision(decision: Decision, pin: RedisVersion): string {
  switch (decision.action) {
    case "noop":
      return `pinned ${pin.text}: ${decision.reason}`;
    case "upgrade":
      return `pinned ${pin.text}: upgrading from ${decision.from.text} to ${decision.to.text}`;
    case "resume":
      return `pinned ${pin.text}: an upgrade is already running (${decision.operation.lookup}); following it instead of starting another`;
    case "refuse":
      return `pinned ${pin.text}: refused: ${decision.reason}`;
    case "scheduled":
      return `pinned ${pin.text}: ${decision.reason}`;
    case "deferred":
      return `pinned ${pin.text}: deferred: ${decision.reason}`;
  }
}
