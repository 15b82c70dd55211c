import { DEBUG_ENV, explain, UserFacingError } from "../core/errors";
import { Deadline } from "../core/deadline";
import { Redactor } from "../core/redaction";
import { DEFAULT_SCHEDULE, run, SCHEDULE_FLOOR_MS } from "../engine";
import { PlatformContext } from "../platforms/context";
import { parseResolved, SPEC_ENV, specSchema } from "../spec";
import { parseVersion } from "../versions";
import { profileOf, upgraderFor } from "../kinds";
import { readPredecessors } from "./upgrade-after";

export const POLL_INTERVAL_ENV = "REDIS_VERSION_POLL_INTERVAL_MS";
export const POLL_MAX_ENV = "REDIS_VERSION_POLL_MAX_MS";

/**
 * The handler Terraform's local-exec runs: read the spec from the environment,
 * validate it again (cdk.tf.json may have been edited by hand), and converge.
 * Returns the process exit code.
 */
export async function apply(given: PlatformContext): Promise<number> {
  // Every line the handler prints passes the redactor, which learns each credential as it is read.
  const redactor = given.redactor ?? new Redactor();
  let context: PlatformContext = { ...given, redactor, log: redactor.logger(given.log) };
  try {
    const raw = context.env[SPEC_ENV];
    if (!raw) throw new UserFacingError(`${SPEC_ENV} is not set: this command is run by Terraform from a synthesized pin`);
    const spec = parseResolved(specSchema, parseJson(raw), `the spec in ${SPEC_ENV}`);
    context = { ...context, deadline: applyDeadline(spec.timeoutMinutes) };
    const upgrader = upgraderFor(spec, context);
    const outcome = await run(upgrader, parseVersion(spec.redisVersion), {
      label: spec.address,
      timeoutMinutes: spec.timeoutMinutes,
      ...followSchedule(context),
      log: context.log,
      profile: profileOf(spec),
      predecessors: await readPredecessors(spec, context),
    });
    context.log.info(outcome.summary);
    return 0;
  } catch (error) {
    context.log.info(`error: ${explain(error, context.env[DEBUG_ENV] === "1")}`);
    return 1;
  }
}

/** The one deadline of the run: every request, retry and wait ends by it. */
function applyDeadline(timeoutMinutes: number): Deadline {
  return Deadline.after(timeoutMinutes * 60_000, {
    budget: `timeoutMinutes: ${timeoutMinutes}`,
    afterwards: "nothing more was sent. The next apply reads the database first: it follows an upgrade that is running and starts one only if none is",
  });
}

/** The follow schedule's bounds from the environment: both scale down to rehearse an upgrade in seconds. */
function followSchedule(context: PlatformContext): { pollIntervalMs: number; pollMaxMs: number } {
  const pollIntervalMs = scheduleBound(context, POLL_INTERVAL_ENV, DEFAULT_SCHEDULE.minMs);
  const pollMaxMs = scheduleBound(context, POLL_MAX_ENV, Math.max(pollIntervalMs, DEFAULT_SCHEDULE.maxMs));
  if (pollMaxMs < pollIntervalMs) {
    throw new UserFacingError(`${POLL_MAX_ENV} (${pollMaxMs}) is below ${POLL_INTERVAL_ENV} (${pollIntervalMs}): the longest wait between status reads cannot be shorter than the shortest; raise it or unset it`);
  }
  return { pollIntervalMs, pollMaxMs };
}

function scheduleBound(context: PlatformContext, name: string, fallback: number): number {
  const text = context.env[name];
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
