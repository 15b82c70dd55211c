import { RunFailure, SubmitOutcomeUnknown } from "../core/errors";
import { sleep } from "../core/clock";
import { Logger } from "../core/log";
import { RedisVersion } from "../versions";
import { backUpFirst } from "./backup";
import { decide, Decision, safeguardsOf } from "./decide";
import { Predecessor } from "./order";
import { formatElapsed, ProgressPrinter } from "./progress";
import { withDatabaseLock } from "./lock";
import { FollowResult, Observation, Operation, ScheduledUpgrade, Upgrader } from "./port";
import { PinProfile } from "./profile";
import { upgradeWarnings } from "./warnings";

export interface RunOptions {
  readonly label: string;
  readonly timeoutMinutes: number;
  readonly pollIntervalMs: number;
  /** The follow schedule's ceiling (src/engine/schedule.ts); its default when unset. */
  readonly pollMaxMs?: number;
  readonly log: Logger;
  /** What the warnings need to know of the pin: the same profile plan uses. */
  readonly profile: PinProfile;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  /** Where the per-database lock files live; the OS temp directory unless a test gives its own. */
  readonly lockDir?: string;
  /** The pins of `upgradeAfter`, read before the run: their databases must have reached their pins. */
  readonly predecessors?: readonly Predecessor[];
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
  const now = options.now ?? Date.now;
  const started = now();
  const deadline = started + options.timeoutMinutes * 60_000;
  const head = `${options.label} (${upgrader.target})`;
  const pause = options.sleep ?? sleep;
  const lock = { key: upgrader.lockKey, deadline, log: options.log, head, now, sleep: pause, dir: options.lockDir };
  return withDatabaseLock(lock, () => converge(upgrader, pin, options, { started, deadline, head, now, pause }));
}

interface Bounds {
  readonly started: number;
  readonly deadline: number;
  readonly head: string;
  readonly now: () => number;
  readonly pause: (ms: number) => Promise<void>;
}

async function converge<Op extends Operation>(upgrader: Upgrader<Op>, pin: RedisVersion, options: RunOptions, bounds: Bounds): Promise<RunOutcome<Op>> {
  const { started, deadline, head, now } = bounds;
  let uncertain = 0;
  // Printed once: a request decided again after an unknown outcome would repeat the same warnings.
  let warned = false;
  let backedUp = false;
  for (let resumes = 0; resumes < RESUMES; ) {
    const observed = await upgrader.observe(pin);
    for (const note of observed.notes ?? []) options.log.info(`${head}: ${note}`);
    const decision = decide(pin, observed, safeguardsOf(options.profile, options.predecessors ?? [], now()));
    if (decision.action === "noop") {
      return { kind: "noop", summary: `${head}: pinned ${pin.text}, nothing to do: ${decision.reason}` };
    }
    if (decision.action === "scheduled") return scheduledOutcome(head, decision.scheduled, "already ");
    options.log.info(`${head}: ${describeDecision(decision, pin)}`);
    if (decision.action === "refuse") throw new RunFailure(`${head}: refused: ${decision.reason}`);
    if (decision.action === "deferred") throw new RunFailure(`${head}: deferred: ${decision.reason}`);
    if (!warned) warn(observed, decision.action, pin, head, options);
    warned = true;
    // Once per run: a request whose outcome was unknown is decided again, and the backup already made still stands.
    if (decision.action === "upgrade" && options.profile.backupBeforeUpgrade === true && !backedUp) {
      await backUpFirst(upgrader, { head, log: options.log, deadline, pollIntervalMs: options.pollIntervalMs, pollMaxMs: options.pollMaxMs, timeoutMinutes: options.timeoutMinutes, now });
      backedUp = true;
    }
    const operation = decision.action === "upgrade" ? await submitOnce(upgrader, pin, observed, ++uncertain, bounds, options) : decision.operation;
    if (operation === undefined) continue;
    uncertain = 0;
    if (decision.action === "upgrade") options.log.info(`${head}: upgrade requested, following ${operation.lookup}`);
    const printer = new ProgressPrinter(options.log, head, started, now);
    const result = await upgrader.follow(operation, pin, {
      onProgress: (progress) => printer.print(progress),
      deadline,
      pollIntervalMs: options.pollIntervalMs,
      pollMaxMs: options.pollMaxMs,
    });
    if (result.kind === "scheduled") return scheduledOutcome(head, result.scheduled, "");
    settle(result, head, operation, options.timeoutMinutes);
    const verification = await upgrader.verify(pin);
    if (verification.kind === "verified") {
      const from = decision.action === "upgrade" ? `${decision.from.text} → ` : "";
      return {
        kind: "upgraded",
        operation,
        summary:
          `${head}: upgraded ${from}${verification.observed.current.text} in ${formatElapsed(now() - started)} (${operation.lookup})` +
          // What the final read adds (an Active-Active featureset after the upgrade, say) belongs in the one line a reviewer reads.
          (verification.observed.notes ?? []).map((note) => `; ${note}`).join(""),
      };
    }
    if (decision.action === "upgrade") {
      throw new RunFailure(`${head}: the upgrade finished but ${verification.why}. Check ${operation.lookup}.`);
    }
    options.log.info(`${head}: the resumed operation finished but ${verification.why}; deciding again`);
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
    if (attempt >= UNCERTAIN_SUBMITS) {
      throw new RunFailure(
        `${head}: ${attempt} upgrade requests ended without a clear answer (last: ${error.reason}) and the database shows no upgrade running; ` +
          `nothing more is sent. Check ${error.path} by hand; the next terraform apply reads the database again before it sends anything.`,
      );
    }
    const wait = options.pollIntervalMs * 2 ** (attempt - 1);
    if (bounds.now() + wait >= bounds.deadline) {
      throw new RunFailure(
        `${head}: timed out after ${options.timeoutMinutes} minutes: the upgrade request ended without a clear answer (${error.reason}) ` +
          "and there is no time left to read the database again. The next terraform apply reads it first and follows an upgrade it finds running.",
      );
    }
    options.log.info(`${head}: ${error.message}; reading the database again in ${(wait / 1000).toFixed(1)}s to see what happened`);
    await bounds.pause(wait);
    return undefined;
  }
}

/** "requested: Redis Cloud schedules …": success, since the control plane has all it needs and will act on it. */
function scheduledOutcome(head: string, scheduled: ScheduledUpgrade, already: string): RunOutcome<never> {
  return {
    kind: "scheduled",
    summary: `${head}: ${already}requested: ${scheduled.why} (upgrade to ${scheduled.to.text} pending: ${scheduled.lookup}); nothing more is sent while it waits`,
  };
}

function warn(observed: Observation, action: Decision["action"], pin: RedisVersion, head: string, options: RunOptions): void {
  const warnings = upgradeWarnings({ pinned: pin, profile: options.profile, observed, action, today: new Date(options.now?.() ?? Date.now()) });
  for (const warning of warnings) options.log.warn(`${head}: ${warning}`);
}

function settle(result: FollowResult, head: string, operation: Operation, timeoutMinutes: number): void {
  switch (result.kind) {
    case "completed":
    case "gone":
      return;
    case "failed":
      throw new RunFailure(`${head}: the upgrade failed: ${result.reason}. Details: ${operation.lookup}.`);
    case "timeout":
      throw new RunFailure(
        `${head}: timed out after ${timeoutMinutes} minutes while the upgrade was still running` +
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
