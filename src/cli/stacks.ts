import * as fs from "node:fs";
import * as path from "node:path";
import { UserFacingError } from "../core/errors";
import { parseOrThrow, Spec, SPEC_ENV, specSchema } from "../spec";

/** A pin as found in a synthesized stack. */
export interface FoundPin {
  readonly stack: string;
  /** The stack directory, where terraform runs and relative spec paths start. */
  readonly stackDir: string;
  /** Terraform address, e.g. terraform_data.orders_pin_4C809759. */
  readonly resourceAddress: string;
  readonly spec: Spec;
}

const PIN_RESOURCE_TYPES = ["terraform_data", "null_resource"];

/** Every pin in `cdktf.out` (or one stack of it), read from cdk.tf.json, the same file Terraform applies. */
export function readPins(outdir: string, onlyStack?: string): FoundPin[] {
  const stacksDir = path.join(outdir, "stacks");
  if (!fs.existsSync(stacksDir)) {
    throw new UserFacingError(`no synthesized stacks in ${outdir}: run "cdktf synth" first (or pass --dir)`);
  }
  const stacks = fs.readdirSync(stacksDir).filter((name) => onlyStack === undefined || name === onlyStack);
  if (onlyStack !== undefined && stacks.length === 0) {
    throw new UserFacingError(`no stack named ${onlyStack} in ${stacksDir}`);
  }
  return stacks.sort().flatMap((stack) => pinsOfStack(stack, path.join(stacksDir, stack)));
}

function pinsOfStack(stack: string, stackDir: string): FoundPin[] {
  const file = path.join(stackDir, "cdk.tf.json");
  if (!fs.existsSync(file)) return [];
  const config = JSON.parse(fs.readFileSync(file, "utf8")) as { resource?: Record<string, Record<string, ResourceConfig>> };
  return PIN_RESOURCE_TYPES.flatMap((type) =>
    Object.entries(config.resource?.[type] ?? {}).flatMap(([name, resource]) => {
      const raw = specText(resource);
      if (raw === undefined) return [];
      const resourceAddress = `${type}.${name}`;
      const spec = parseOrThrow(specSchema, JSON.parse(raw), `${stack}: ${resourceAddress}`);
      return [{ stack, stackDir, resourceAddress, spec }];
    }),
  );
}

interface ResourceConfig {
  provisioner?: Array<Record<string, { environment?: Record<string, string> }>>;
}

function specText(resource: ResourceConfig): string | undefined {
  return resource.provisioner?.map((p) => p["local-exec"]?.environment?.[SPEC_ENV]).find((text) => text !== undefined);
}
