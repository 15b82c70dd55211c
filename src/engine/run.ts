import { RunFailure } from "../core/errors";
import { Logger } from "../core/log";
import { RedisVersion } from "../versions";
import { decide, Decision } from "./decide";
import { formatElapsed, ProgressPrinter } from "./progress";
import { FollowResult, Observation, Operation, Upgrader } from "./port";
import { PinProfile } from "./profile";
import { upgradeWarnings } from "./warnings";

export interface RunOptions {
  readonly label: string;
  readonly timeoutMinutes: number;
  readonly pollIntervalMs: number;
  readonly log: Logger;
  /** What the warnings need to know of the pin: the same profile plan uses. */
  readonly profile: PinProfile;
  readonly now?: () => number;
}

export type RunOutcome<Op extends Operation = Operation> =
  | { readonly kind: "noop"; readonly summary: string }
  | { readonly kind: "upgraded"; readonly summary: string; readonly operation: Op };

/**
 * Observe, decide, act, follow, verify. A resumed operation that ends below the
 * pin leads to one more decision, so an interrupted apply still converges.
 */
export async function run<Op extends Operation>(upgrader: Upgrader<Op>, pin: RedisVersion, options: RunOptions): Promise<RunOutcome<Op>> {
  const now = options.now ?? Date.now;
  const started = now();
  const deadline = started + options.timeoutMinutes * 60_000;
  const head = `${options.label} (${upgrader.target})`;
  for (let round = 0; round < 2; round++) {
    const observed = await upgrader.observe(pin);
    for (const note of observed.notes ?? []) options.log.info(`${head}: ${note}`);
    const decision = decide(pin, observed);
    if (decision.action === "noop") {
      return { kind: "noop", summary: `${head}: pinned ${pin.text}, nothing to do: ${decision.reason}` };
    }
    options.log.info(`${head}: ${describeDecision(decision, pin)}`);
    if (decision.action === "refuse") throw new RunFailure(`${head}: refused: ${decision.reason}`);
    warn(observed, decision.action, pin, head, options);
    const operation = decision.action === "upgrade" ? await upgrader.submit(pin, observed) : decision.operation;
    if (decision.action === "upgrade") options.log.info(`${head}: upgrade requested, following ${operation.lookup}`);
    const printer = new ProgressPrinter(options.log, head, started, now);
    const result = await upgrader.follow(operation, pin, {
      onProgress: (progress) => printer.print(progress),
      deadline,
      pollIntervalMs: options.pollIntervalMs,
    });
    settle(result, head, operation, options.timeoutMinutes);
    const verification = await upgrader.verify(pin);
    if (verification.kind === "verified") {
      const from = decision.action === "upgrade" ? `${decision.from.text} → ` : "";
      return {
        kind: "upgraded",
        operation,
        summary: `${head}: upgraded ${from}${verification.observed.current.text} in ${formatElapsed(now() - started)} (${operation.lookup})`,
      };
    }
    if (decision.action === "upgrade") {
      throw new RunFailure(`${head}: the upgrade finished but ${verification.why}. Check ${operation.lookup}.`);
    }
    options.log.info(`${head}: the resumed operation finished but ${verification.why}; deciding again`);
  }
  throw new RunFailure(`${head}: the database did not reach ${pin.text} after resuming; run the apply again or check it by hand`);
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
  }
}
