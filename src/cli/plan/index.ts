import { parseArgs } from "node:util";
import { DEBUG_ENV, explain } from "../../core/errors";
import { Clock } from "../../core/clock";
import { stateDirFrom } from "../../core/local-state";
import { Redactor } from "../../core/redaction";
import { Logger } from "../../core/log";
import { RunContext, withRun } from "../../core/run-context";
import { PlatformContext } from "../../platforms/context";
import { Observation, PlannedPin, PlannedPredecessor, planPins, PlanRow, satisfies } from "../../engine";
import { Spec } from "../../spec";
import { parseVersion, RedisVersion } from "../../versions";
import { planNotesOf, profileOf, upgraderFor } from "../../kinds";
import { PLAN_FORMATS, PlanFormat, renderPlan } from "./render";
import { needsAttention, summaryLine } from "./summary";
import { unresolvedRow, stateSource } from "./pending";
import { fleetMemberships } from "./fleet";
import { FoundPin, readStackPins } from "../stacks";
import { locateApp } from "../app-location";

export type { PlanRow, PlanAction, DecidedRow, ErrorRow, UnresolvedRow } from "../../engine";
export { renderPlan, PLAN_FORMATS } from "./render";
export type { PlanFormat } from "./render";
export { PLAN_COMMENT_MARKER } from "./markdown";

/** Long enough for a slow control plane and its retries, short enough that a stuck one cannot hang a pull-request check. */
export const DEFAULT_PLAN_TIMEOUT_SECONDS = 120;

const HELP = `usage: redis-version plan [--dir DIR] [--stack NAME] [--format table|markdown|json] [--detailed-exitcode] [--timeout-seconds N]
                          [--state FILE] [--concurrency N]

Shows what terraform apply would do to every pinned database: reads each one's
current version from its control plane (GET requests only, nothing changes)
and makes the same decision apply makes.

  --dir DIR             the synthesized app: cdktf.out, the app holding it, or one stack directory
                        (default: found from the working directory up, as git finds its repository;
                        in cdktf.out/stacks/NAME, that stack only)
  --stack NAME          only this stack
  --format FORMAT       table (default), markdown (a pull-request comment) or json
  --detailed-exitcode   exit 2 when upgrades are pending, as terraform plan does
  --timeout-seconds N   how long each pin's control plane may take to answer (default ${DEFAULT_PLAN_TIMEOUT_SECONDS}),
                        or a cluster's or account's list reads for all their pins;
                        past it those rows are errors naming the deadline
  --state FILE          a Terraform state (.tfstate, or terraform show -json output) to
                        fill in ids given as references; default: terraform show -json
                        in each stack directory whose pins need it
  --concurrency N       read at most N pins at once over all control planes (1: one after
                        another; the list reads of a cluster or Cloud account count as one);
                        default: every control plane at once, each within its own bounds

Actions: upgrade; resume (an upgrade is already running, apply follows it);
scheduled (an accepted request waits for its maintenance window; apply sends nothing);
deferred (outside the pin's maintenanceWindows, or waiting for the pins of its upgradeAfter to
reach their pin and run it soakHours: apply fails sending nothing, saying until when; JSON lists
those pins in "waitingOn"); a RedisVersionRollout's rows come wave by wave;
noop; refuse (apply would fail, with the reason); error (the control plane
could not be read: JSON gives "error" and a null "current"); unresolved (ids are
Terraform references not in state yet: apply resolves them; JSON gives a null "current").

Exit status: 1 when a pin is refused or unreadable; otherwise 0, or with
--detailed-exitcode 2 when an upgrade, resume, scheduled request, deferred upgrade or unresolved pin is pending. Usage errors exit 2.
Credentials come from the variables apply reads (REDIS_SOFTWARE_USERNAME,
REDIS_SOFTWARE_PASSWORD, REDISCLOUD_ACCESS_KEY, REDISCLOUD_SECRET_KEY, ...).`;

/** Where the command reads and writes, so tests run it in-process. */
export interface PlanIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** What end-of-life warnings are measured against; default today. */
  readonly today?: Date;
  /** Where the search for the app starts; default the process's working directory. */
  readonly cwd?: string;
  /** Each pin's run clock, and what spaces the reads of one control plane; the system clock unless a test gives a virtual or sped-up one (test/support/clock.ts). */
  readonly clock?: Clock;
}

export const PROCESS_IO: PlanIo = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  env: process.env,
};

export interface PlanOptions {
  /** Given with --dir; otherwise the app is searched for from the working directory up. */
  readonly dir?: string;
  readonly stack?: string;
  readonly format: PlanFormat;
  readonly detailedExitcode: boolean;
  readonly timeoutSeconds: number;
  /** A state file to fill references from, instead of terraform show -json in each stack. */
  readonly state?: string;
  /** Reads in flight at once over all control planes; default each control plane's own bounds. */
  readonly concurrency?: number;
}

export type ParsedPlanArgs =
  | { readonly kind: "run"; readonly options: PlanOptions }
  | { readonly kind: "help" }
  | { readonly kind: "usage-error"; readonly problem: string };

export async function plan(args: string[], io: PlanIo): Promise<number> {
  const parsed = parsePlanArgs(args);
  switch (parsed.kind) {
    case "help":
      io.stdout(`${HELP}\n`);
      return 0;
    case "usage-error":
      io.stderr(`error: ${parsed.problem}\n\n${HELP}\n`);
      return 2;
    case "run":
      return runPlan(parsed.options, io);
  }
}

export function parsePlanArgs(args: string[]): ParsedPlanArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      options: {
        dir: { type: "string" },
        stack: { type: "string" },
        format: { type: "string", default: "table" },
        "detailed-exitcode": { type: "boolean", default: false },
        "timeout-seconds": { type: "string", default: String(DEFAULT_PLAN_TIMEOUT_SECONDS) },
        state: { type: "string" },
        concurrency: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (error) {
    // parseArgs explains unknown options and stray arguments well; only its stack would be noise.
    return { kind: "usage-error", problem: (error as Error).message };
  }
  if (values.help) return { kind: "help" };
  const format = PLAN_FORMATS.find((known) => known === values.format);
  if (!format) return { kind: "usage-error", problem: `--format must be one of ${PLAN_FORMATS.join(", ")} (got ${JSON.stringify(values.format)})` };
  const timeoutSeconds = Number(values["timeout-seconds"]);
  if (!Number.isInteger(timeoutSeconds) || timeoutSeconds < 1) {
    return { kind: "usage-error", problem: `--timeout-seconds must be a whole number of seconds, at least 1 (got ${JSON.stringify(values["timeout-seconds"])})` };
  }
  const concurrency = values.concurrency === undefined ? undefined : Number(values.concurrency);
  if (concurrency !== undefined && (!Number.isInteger(concurrency) || concurrency < 1)) {
    return { kind: "usage-error", problem: `--concurrency must be a whole number, at least 1 (got ${JSON.stringify(values.concurrency)})` };
  }
  return {
    kind: "run",
    options: { dir: values.dir, stack: values.stack, format, detailedExitcode: values["detailed-exitcode"], timeoutSeconds, state: values.state, concurrency },
  };
}

async function runPlan(options: PlanOptions, io: PlanIo): Promise<number> {
  // Learns each credential as it is read; the platforms scrub what answers and the network say with it, never our own words.
  const redactor = new Redactor();
  const stderr = io.stderr;
  let rows: PlanRow[];
  try {
    const context = { env: io.env, log: stderrLogger(stderr), today: io.today, timeoutSeconds: options.timeoutSeconds, redactor, concurrency: options.concurrency, clock: io.clock };
    const terraform = { env: io.env, timeoutMs: options.timeoutSeconds * 1000 };
    const app = locateApp(io.cwd ?? process.cwd(), options.dir);
    const { found, pending } = readStackPins(app.outdir, options.stack ?? app.stack, stateSource(options.state, terraform));
    rows = [...(await planFound(found, context)), ...pending.map(unresolvedRow)];
  } catch (error) {
    stderr(`error: ${explain(error, io.env[DEBUG_ENV] === "1", (text) => redactor.redact(text))}\n`);
    return 1;
  }
  io.stdout(renderPlan(rows, options.format));
  // Markdown and JSON usually go to a file: the job log still gets the gist.
  if (options.format !== "table") stderr(`redis-version plan: ${summaryLine(rows)}\n`);
  return planExitCode(rows, options.detailedExitcode);
}

export interface FoundPinsContext {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly log: Logger;
  readonly today?: Date;
  /** Each pin's (or list-read group's) own deadline for reading its control plane; default DEFAULT_PLAN_TIMEOUT_SECONDS. */
  readonly timeoutSeconds?: number;
  readonly redactor?: Redactor;
  readonly concurrency?: number;
  /** Each pin's run clock, and what spaces the reads of one control plane; the system clock unless a test gives its own. */
  readonly clock?: Clock;
  /** Read every database on its own, without the control planes' list reads: what a plan cost before them, for comparison. */
  readonly readEachDatabase?: boolean;
}

/** Plans pins found in synthesized stacks: each is read from its own stack directory, as Terraform would run it. */
export function planFound(pins: readonly FoundPin[], context: FoundPinsContext): Promise<PlanRow[]> {
  const withNotes = async (spec: Spec, observed: Observation, pin: RedisVersion, platform: PlatformContext): Promise<Observation> => {
    // A pin reached with nothing running or held needs no notes on when upgrades run: reading them would spend the request budget on nothing.
    if (!observed.running && !observed.scheduled && satisfies(observed.current, pin)) return observed;
    const notes = await planNotesOf(spec, platform);
    return { ...observed, notes: [...(observed.notes ?? []), ...notes] };
  };
  const fleets = context.readEachDatabase
    ? []
    : fleetMemberships(pins, context.env, (work) => withPlanRun(context, GROUP_NOT_READ, work), (index, observed, platform) =>
        withNotes(pins[index].spec, observed, parseVersion(pins[index].spec.redisVersion), platform),
      );
  const planned = pins.map(({ spec, stackDir, stack }, index): PlannedPin => {
    const reader = (read: Spec): PlannedPredecessor => ({
      address: read.address,
      redisVersion: read.redisVersion,
      observe: (pin) => withPinRun(context, stackDir, (platform) => upgraderFor(read, platform).observe(pin)),
    });
    const own = reader(spec);
    const observe = (pin: RedisVersion): Promise<Observation> =>
      withPinRun(context, stackDir, async (platform) => withNotes(spec, await upgraderFor(spec, platform).observe(pin), pin, platform));
    const upgradeAfter = (spec.upgradeAfter ?? []).map((listed) => ({ ...reader(listed), soakHours: listed.soakHours }));
    const order = { upgradeAfter, stack, ...(spec.rollout ? { rollout: spec.rollout } : {}) };
    return { ...own, observe, kind: spec.kind, profile: profileOf(spec), ...order, fleet: fleets[index] };
  });
  return planPins(planned, { today: context.today, concurrency: context.concurrency, clock: context.clock });
}

export function planExitCode(rows: readonly PlanRow[], detailed: boolean): number {
  if (rows.some(needsAttention)) return 1;
  return detailed && rows.some((row) => row.action === "upgrade" || row.action === "resume" || row.action === "scheduled" || row.action === "deferred" || row.action === "unresolved") ? 2 : 0;
}

const PIN_NOT_READ = "this pin was not read; plan again, or raise --timeout-seconds if its control plane is only slow";
const GROUP_NOT_READ = "these pins were not read; plan again, or raise --timeout-seconds if their control plane is only slow";

/**
 * One pin's reads are one run: a deadline of its own, started when its
 * reading starts, and its HTTP dispatchers closed when it ends.
 */
function withPinRun<T>(context: FoundPinsContext, cwd: string, work: (platform: PlatformContext) => Promise<T>): Promise<T> {
  return withPlanRun(context, PIN_NOT_READ, (run) => work({ ...run, env: context.env, cwd }));
}

/** A run of plan's reads (one pin's, or one group's list reads): its deadline from --timeout-seconds, on the plan's clock. */
function withPlanRun<T>(context: FoundPinsContext, afterwards: string, work: (run: RunContext) => Promise<T>): Promise<T> {
  const seconds = context.timeoutSeconds ?? DEFAULT_PLAN_TIMEOUT_SECONDS;
  const budget = { ms: seconds * 1000, terms: { budget: `--timeout-seconds ${seconds}`, afterwards } };
  const setup = { log: context.log, redactor: context.redactor, clock: context.clock, budget, stateDir: stateDirFrom(context.env) };
  return withRun(setup, work);
}

/** Platform messages (retries, TLS notices) go to stderr, so stdout holds only the plan. */
function stderrLogger(stderr: (text: string) => void): Logger {
  return {
    info: (line) => stderr(`${line}\n`),
    warn: (line) => stderr(`warning: ${line}\n`),
  };
}
