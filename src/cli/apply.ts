import { DEBUG_ENV, explain, UserFacingError } from "../core/errors";
import { Clock, systemClock } from "../core/clock";
import { stateDirFrom } from "../core/local-state";
import { Logger } from "../core/log";
import { Redactor } from "../core/redaction";
import { RunSetup, withRun } from "../core/run-context";
import { DEFAULT_SCHEDULE, run, SCHEDULE_FLOOR_MS } from "../engine";
import { interruptibleClock } from "../engine/stop";
import { PlatformContext } from "../platforms/context";
import { parseResolved, SPEC_ENV, specSchema } from "../spec";
import { parseVersion } from "../versions";
import { profileOf, upgraderFor } from "../kinds";
import { readPredecessors } from "./upgrade-after";

export const POLL_INTERVAL_ENV = "REDIS_VERSION_POLL_INTERVAL_MS";
export const POLL_MAX_ENV = "REDIS_VERSION_POLL_MAX_MS";

/** Where the handler runs: the process's environment, output and directory, and (for tests) the clock. */
export interface ApplyIo {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly log: Logger;
  /** The stack directory: relative file paths in the spec are read from it. */
  readonly cwd: string;
  /** The run's clock; the system clock unless a test gives a virtual or sped-up one (test/support/clock.ts). */
  readonly clock?: Clock;
  /** Aborted, with an Interrupted, when the handler must start nothing new (src/cli/parent-watch.ts). */
  readonly signal?: AbortSignal;
}

/**
 * The handler Terraform's local-exec runs: read the spec from the environment,
 * validate it again (cdk.tf.json may have been edited by hand), and converge.
 * This is where a run starts: its context (clock, the one deadline from
 * timeoutMinutes, redacted log, local state, HTTP dispatchers closed at the
 * end) is built here once. Returns the process exit code.
 */
export async function apply(io: ApplyIo): Promise<number> {
  // Learns each credential as it is read; the platforms scrub what answers and the network say with it, never our own words.
  const redactor = new Redactor();
  const log = io.log;
  let pin: string | undefined;
  try {
    const raw = io.env[SPEC_ENV];
    if (!raw) throw new UserFacingError(`${SPEC_ENV} is not set: this command is run by Terraform from a synthesized pin`);
    const spec = parseResolved(specSchema, parseJson(raw), `the spec in ${SPEC_ENV}`);
    pin = spec.address;
    const schedule = followSchedule(io.env);
    // Every wait of the run ends when the handler is told to stop (its parent is gone): nothing new starts.
    const clock = interruptibleClock(io.clock ?? systemClock, io.signal);
    const setup: RunSetup = { log: io.log, redactor, clock, budget: applyBudget(spec.timeoutMinutes), stateDir: stateDirFrom(io.env) };
    const summary = await withRun(setup, async (runContext) => {
      const context: PlatformContext = { ...runContext, env: io.env, cwd: io.cwd };
      const outcome = await run(upgraderFor(spec, context), parseVersion(spec.redisVersion), {
        label: spec.address,
        context,
        ...schedule,
        profile: profileOf(spec),
        predecessors: await readPredecessors(spec, context),
        signal: io.signal,
      });
      return outcome.summary;
    });
    log.info(summary);
    return 0;
  } catch (error) {
    const text = explain(error, io.env[DEBUG_ENV] === "1", (words) => redactor.redact(words));
    // Terraform shows only the resource's address: the last line names the pin unless the message already starts with it.
    log.info(`error: ${pin === undefined || text.startsWith(pin) ? "" : `${pin}: `}${text}`);
    return 1;
  }
}

/** The one deadline of the run: every request, retry and wait ends by it. */
function applyBudget(timeoutMinutes: number): RunSetup["budget"] {
  return {
    ms: timeoutMinutes * 60_000,
    terms: {
      budget: `timeoutMinutes: ${timeoutMinutes}`,
      afterwards: "nothing more was sent. The next apply reads the database first: it follows an upgrade that is running and starts one only if none is",
    },
  };
}

type Env = ApplyIo["env"];

/** The follow schedule's bounds from the environment: both scale down to rehearse an upgrade in seconds. */
function followSchedule(env: Env): { pollIntervalMs: number; pollMaxMs: number } {
  const pollIntervalMs = scheduleBound(env, POLL_INTERVAL_ENV, DEFAULT_SCHEDULE.minMs);
  const pollMaxMs = scheduleBound(env, POLL_MAX_ENV, Math.max(pollIntervalMs, DEFAULT_SCHEDULE.maxMs));
  if (pollMaxMs < pollIntervalMs) {
    throw new UserFacingError(`${POLL_MAX_ENV} (${pollMaxMs}) is below ${POLL_INTERVAL_ENV} (${pollIntervalMs}): the longest wait between status reads cannot be shorter than the shortest; raise it or unset it`);
  }
  return { pollIntervalMs, pollMaxMs };
}

function scheduleBound(env: Env, name: string, fallback: number): number {
  const text = env[name];
  if (text === undefined || text === "") return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < SCHEDULE_FLOOR_MS) {
    throw new UserFacingError(`${name} must be a whole number of milliseconds, at least ${SCHEDULE_FLOOR_MS} (got ${JSON.stringify(text)}); unset it for the default`);
  }
  return value;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new UserFacingError(`${SPEC_ENV} is not JSON: re-synthesize the stack`);
  }
}
