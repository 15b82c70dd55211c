import * as fs from "node:fs";
import * as path from "node:path";
import { UserFacingError } from "../core/errors";
import { parseOrThrow, parseResolved, PinSpec, requireResolved, Spec, SPEC_ENV, SPEC_FROM_INPUT, specSchema, unresolvedFields } from "../spec";
import { fillReferences, StateValues } from "./terraform-state";
import { parseTemplatedJson } from "./terraform-template";

/** A pin as found in a synthesized stack. */
export interface FoundPin {
  readonly stack: string;
  /** The stack directory, where terraform runs and relative spec paths start. */
  readonly stackDir: string;
  /** Terraform address, e.g. terraform_data.orders_pin_4C809759. */
  readonly resourceAddress: string;
  readonly spec: Spec;
}

/** A pin whose identities are Terraform references no state could fill in yet: only apply will know its database. */
export interface PendingPin extends Omit<FoundPin, "spec"> {
  readonly spec: PinSpec;
  /** The references still to resolve, as cdk.tf.json holds them. */
  readonly references: readonly string[];
}

export interface StackPins {
  readonly found: FoundPin[];
  readonly pending: PendingPin[];
}

/** What Terraform recorded for a stack directory, read only for stacks whose pins hold references. */
export type StateSource = (stackDir: string) => StateValues | undefined;

const PIN_RESOURCE_TYPES = ["terraform_data", "null_resource"];

/** Every pin in `cdktf.out` (or one stack of it), when none needs Terraform to resolve its identities first. */
export function readPins(outdir: string, onlyStack?: string): FoundPin[] {
  const { found, pending } = readStackPins(outdir, onlyStack, () => undefined);
  if (pending.length > 0) {
    const addresses = pending.map((pin) => pin.spec.address).join(", ");
    throw new UserFacingError(`${addresses}: identities given as Terraform references are resolved at apply; redis-version plan reads them from the stack's state`);
  }
  return found;
}

/**
 * Every pin in `cdktf.out` (or one stack of it), read from cdk.tf.json, the
 * same file Terraform applies. References in a spec are filled in from the
 * stack's state when it records them; the others are returned as pending.
 */
export function readStackPins(outdir: string, onlyStack: string | undefined, stateOf: StateSource): StackPins {
  const stacksDir = path.join(outdir, "stacks");
  if (!fs.existsSync(stacksDir)) {
    throw new UserFacingError(`no synthesized stacks in ${outdir}: run "cdktf synth" first (or pass --dir)`);
  }
  const stacks = fs.readdirSync(stacksDir).filter((name) => onlyStack === undefined || name === onlyStack);
  if (onlyStack !== undefined && stacks.length === 0) {
    throw new UserFacingError(`no stack named ${onlyStack} in ${stacksDir}`);
  }
  const read = stacks.sort().map((stack) => pinsOfStack(stack, path.join(stacksDir, stack), stateOf));
  return { found: read.flatMap((pins) => pins.found), pending: read.flatMap((pins) => pins.pending) };
}

function pinsOfStack(stack: string, stackDir: string, stateOf: StateSource): StackPins {
  const pins: StackPins = { found: [], pending: [] };
  const file = path.join(stackDir, "cdk.tf.json");
  if (!fs.existsSync(file)) return pins;
  const config = JSON.parse(fs.readFileSync(file, "utf8")) as { resource?: Record<string, Record<string, ResourceConfig>> };
  let state: { readonly values: StateValues | undefined } | undefined;
  for (const type of PIN_RESOURCE_TYPES) {
    for (const [name, resource] of Object.entries(config.resource?.[type] ?? {})) {
      const raw = specText(resource);
      if (raw === undefined) continue;
      const resourceAddress = `${type}.${name}`;
      const where = `${stack}: ${resourceAddress}`;
      const written = parseOrThrow(specSchema, specJson(raw, where), where);
      const at = { stack, stackDir, resourceAddress };
      if (unresolvedFields(written, []).length === 0) {
        pins.found.push({ ...at, spec: requireResolved(written, where) });
        continue;
      }
      state ??= { values: stateOf(stackDir) };
      const filled = fillReferences(written, state.values);
      if (filled.kind === "filled") pins.found.push({ ...at, spec: parseResolved(specSchema, filled.value, where) });
      else pins.pending.push({ ...at, spec: written, references: filled.references });
    }
  }
  return pins;
}

/** The spec's JSON text, whose strings may hold Terraform expressions with quotes of their own. */
function specJson(raw: string, where: string): unknown {
  try {
    return parseTemplatedJson(raw);
  } catch (error) {
    throw new UserFacingError(`${where}: the pin's spec is not JSON even with its Terraform expressions set aside (${(error as Error).message}): re-synthesize the stack`);
  }
}

interface ResourceConfig {
  input?: unknown;
  provisioner?: Array<Record<string, { environment?: Record<string, string> }>>;
}

/** A terraform_data pin's handler reads its spec from the resource's input; a null_resource pin carries it in the environment. */
function specText(resource: ResourceConfig): string | undefined {
  const text = resource.provisioner?.map((p) => p["local-exec"]?.environment?.[SPEC_ENV]).find((found) => found !== undefined);
  return text === SPEC_FROM_INPUT && typeof resource.input === "string" ? resource.input : text;
}
