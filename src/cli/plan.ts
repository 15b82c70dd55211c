import { parseArgs } from "node:util";
import { explain } from "../core/errors";
import { Logger } from "../core/log";
import { PlannedPin, planPins, PlanRow } from "../engine";
import { profileOf, upgraderFor } from "../kinds";
import { PLAN_FORMATS, PlanFormat, renderPlan } from "./plan-render";
import { needsAttention, summaryLine } from "./plan-summary";
import { FoundPin, readPins } from "./stacks";

export type { PlanRow, PlanAction, DecidedRow, ErrorRow } from "../engine";
export { renderPlan, PLAN_FORMATS } from "./plan-render";
export type { PlanFormat } from "./plan-render";
export { PLAN_COMMENT_MARKER } from "./plan-markdown";

const HELP = `usage: redis-version plan [--dir DIR] [--stack NAME] [--format table|markdown|json] [--detailed-exitcode]

Shows what terraform apply would do to every pinned database: reads each one's
current version from its control plane (GET requests only, nothing changes)
and makes the same decision apply makes.

  --dir DIR             the synthesized app (default: cdktf.out)
  --stack NAME          only this stack
  --format FORMAT       table (default), markdown (a pull-request comment) or json
  --detailed-exitcode   exit 2 when upgrades are pending, as terraform plan does

Actions: upgrade; resume (an upgrade is already running, apply follows it);
noop; refuse (apply would fail, with the reason); error (the control plane
could not be read: JSON gives "error" and a null "current").

Exit status: 1 when a pin is refused or unreadable; otherwise 0, or with
--detailed-exitcode 2 when an upgrade or resume is pending. Usage errors exit 2.
Credentials come from the variables apply reads (REDIS_SOFTWARE_USERNAME,
REDIS_SOFTWARE_PASSWORD, REDISCLOUD_ACCESS_KEY, REDISCLOUD_SECRET_KEY, ...).`;

/** Where the command reads and writes, so tests run it in-process. */
export interface PlanIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** What end-of-life warnings are measured against; default today. */
  readonly today?: Date;
}

export const PROCESS_IO: PlanIo = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  env: process.env,
};

export interface PlanOptions {
  readonly dir: string;
  readonly stack?: string;
  readonly format: PlanFormat;
  readonly detailedExitcode: boolean;
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
        dir: { type: "string", default: "cdktf.out" },
        stack: { type: "string" },
        format: { type: "string", default: "table" },
        "detailed-exitcode": { type: "boolean", default: false },
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
  return { kind: "run", options: { dir: values.dir, stack: values.stack, format, detailedExitcode: values["detailed-exitcode"] } };
}

async function runPlan(options: PlanOptions, io: PlanIo): Promise<number> {
  let rows: PlanRow[];
  try {
    rows = await planFound(readPins(options.dir, options.stack), { env: io.env, log: stderrLogger(io), today: io.today });
  } catch (error) {
    io.stderr(`error: ${explain(error)}\n`);
    return 1;
  }
  io.stdout(renderPlan(rows, options.format));
  // Markdown and JSON usually go to a file: the job log still gets the gist.
  if (options.format !== "table") io.stderr(`redis-version plan: ${summaryLine(rows)}\n`);
  return planExitCode(rows, options.detailedExitcode);
}

export interface FoundPinsContext {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly log: Logger;
  readonly today?: Date;
}

/** Plans pins found in synthesized stacks: each is read from its own stack directory, as Terraform would run it. */
export function planFound(pins: readonly FoundPin[], context: FoundPinsContext): Promise<PlanRow[]> {
  const planned = pins.map(
    ({ spec, stackDir }): PlannedPin => ({
      address: spec.address,
      kind: spec.kind,
      redisVersion: spec.redisVersion,
      profile: profileOf(spec),
      observe: (pin) => upgraderFor(spec, { env: context.env, log: context.log, cwd: stackDir }).observe(pin),
    }),
  );
  return planPins(planned, { today: context.today });
}

export function planExitCode(rows: readonly PlanRow[], detailed: boolean): number {
  if (rows.some(needsAttention)) return 1;
  return detailed && rows.some((row) => row.action === "upgrade" || row.action === "resume") ? 2 : 0;
}

/** Platform messages (retries, TLS notices) go to stderr, so stdout holds only the plan. */
function stderrLogger(io: PlanIo): Logger {
  return {
    info: (line) => io.stderr(`${line}\n`),
    warn: (line) => io.stderr(`warning: ${line}\n`),
  };
}
