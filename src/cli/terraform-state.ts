import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import * as z from "zod";
import { UserFacingError } from "../core/errors";
import { templateParts } from "./terraform-template";

/**
 * What Terraform last recorded for a stack, by resource address
 * ("rediscloud_subscription_database.db", "data.x.y"): enough to fill in the
 * references a pin's spec holds before Terraform itself does at apply.
 */
export type StateValues = ReadonlyMap<string, unknown>;

/** `terraform show -json`: the documented, stable form of a state. */
const shownSchema = z.object({
  format_version: z.string(),
  values: z
    .object({
      root_module: z.object({ resources: z.array(z.object({ address: z.string(), values: z.unknown() })).default([]) }),
    })
    .optional(),
});

/**
 * Reads a state file given with --state. The output of `terraform show -json`
 * is read as it is; a .tfstate is handed to `terraform show -json FILE` in the
 * stack directory, since only Terraform knows how each provider's schema
 * encodes its attributes there.
 */
export function stateFromFile(file: string, stackDir: string, terraform: TerraformRun): StateValues {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (error) {
    throw new UserFacingError(`--state ${file} could not be read as JSON (${(error as Error).message}): give a .tfstate or the output of terraform show -json`);
  }
  const shown = stateValues(parsed);
  if (shown !== undefined) return shown;
  const converted = isRawState(parsed) ? showJson(stackDir, terraform, [path.resolve(file)]) : undefined;
  if (converted === undefined) {
    throw new UserFacingError(
      `--state ${file} is neither the output of terraform show -json nor a state terraform show could read in ${stackDir} (run terraform init there first)`,
    );
  }
  return converted;
}

function isRawState(parsed: unknown): boolean {
  return typeof parsed === "object" && parsed !== null && (parsed as { version?: unknown }).version === 4 && "resources" in parsed;
}

/**
 * Runs `terraform show -json` in the stack directory, as the stack's own
 * backend configures it. No terraform, no init yet or no state: undefined,
 * and the pins that need state are reported unresolved rather than failing.
 */
export function stateOfStack(stackDir: string, terraform: TerraformRun): StateValues | undefined {
  return showJson(stackDir, terraform, []);
}

/** How terraform show runs: the plan's environment, and no longer than the plan allows a control plane. */
export interface TerraformRun {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly timeoutMs: number;
}

function showJson(stackDir: string, { env, timeoutMs }: TerraformRun, file: readonly string[]): StateValues | undefined {
  let output: string;
  try {
    output = execFileSync("terraform", ["show", "-json", "-no-color", ...file], {
      cwd: stackDir,
      env: { ...env, CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1" },
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
      timeout: timeoutMs,
      maxBuffer: 256 * 1024 * 1024,
    });
  } catch {
    return undefined;
  }
  try {
    return stateValues(JSON.parse(output));
  } catch {
    return undefined;
  }
}

function stateValues(parsed: unknown): StateValues | undefined {
  const shown = shownSchema.safeParse(parsed);
  if (!shown.success) return undefined;
  return new Map((shown.data.values?.root_module.resources ?? []).map((resource) => [resource.address, resource.values]));
}

/** `type.name.attr…` or `data.type.name.attr…`, with [0] or ["key"] steps: what cdktf writes for a token. */
const TRAVERSAL = /^((?:data\.)?[A-Za-z_][\w-]*\.[A-Za-z_][\w-]*)((?:\.[A-Za-z_][\w-]*|\[\d+\]|\["[^"\]]*"\])+)$/;
const STEP = /\.([A-Za-z_][\w-]*)|\[(\d+)\]|\["([^"\]]*)"\]/g;

export type Filled = { readonly kind: "filled"; readonly value: unknown } | { readonly kind: "unfilled"; readonly references: readonly string[] };

/**
 * Fills the references in a spec as Terraform will: every `${…}` inside a
 * string (after JSON decoding, as Terraform reads cdk.tf.json) is replaced by
 * its value's text. Only attribute paths can be read from state; any other
 * expression (a function call, a template directive), or a resource not in
 * state yet, leaves the pin for apply to resolve.
 */
export function fillReferences(spec: unknown, state: StateValues | undefined): Filled {
  const missing: string[] = [];
  const fill = (value: unknown): unknown => {
    if (typeof value === "string") {
      return templateParts(value)
        .map((part) => {
          if (part.kind === "text") return part.text;
          const found = state === undefined || part.expression === undefined ? undefined : lookup(state, part.expression);
          if (found === undefined) missing.push(part.source);
          return found ?? part.source;
        })
        .join("");
    }
    if (Array.isArray(value)) return value.map(fill);
    if (typeof value !== "object" || value === null) return value;
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, fill(inner)]));
  };
  const value = fill(spec);
  return missing.length ? { kind: "unfilled", references: missing } : { kind: "filled", value };
}

function lookup(state: StateValues, expression: string): string | undefined {
  const match = TRAVERSAL.exec(expression);
  if (!match) return undefined;
  let value: unknown = state.get(match[1]);
  for (const [, attribute, index, key] of match[2].matchAll(STEP)) {
    if (typeof value !== "object" || value === null) return undefined;
    value = (value as Record<string, unknown>)[attribute ?? key ?? Number(index)];
  }
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return undefined;
}
