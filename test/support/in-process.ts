import * as fs from "node:fs";
import * as path from "node:path";
import { apply } from "../../src/cli/apply";
import { Clock } from "../../src/core/clock";
import { STATE_DIR_ENV } from "../../src/core/local-state";
import { SPEC_ENV } from "../../src/spec";
import { recordingLogger } from "./logger";
import { tempDir } from "./temp";

/** The spec a synthesized stack's one pin hands its handler: the `input` of its terraform_data, which Terraform passes as REDIS_VERSION_SPEC. */
export function stackSpec(stackDir: string): string {
  const config = JSON.parse(fs.readFileSync(path.join(stackDir, "cdk.tf.json"), "utf8")) as { resource?: { terraform_data?: Record<string, { input: string }> } };
  const pins = Object.values(config.resource?.terraform_data ?? {});
  if (pins.length !== 1) throw new Error(`${stackDir} holds ${pins.length} pins: stackSpec reads a stack of one`);
  if (pins[0].input.includes("${")) throw new Error(`the pin in ${stackDir} refers to other resources: only Terraform can resolve its spec`);
  return pins[0].input;
}

export interface InProcessRun {
  readonly code: number;
  /** Every line the handler printed, warnings prefixed as on its stderr. */
  readonly output: string;
}

/**
 * What `terraform apply` runs for the stack's one pin, run in this process on
 * `clock`: the handler's apply() with Terraform's environment, in the stack's
 * directory. For tests where time is the point (a window opening, a deadline
 * passing): real terraform cannot be given a virtual clock. Its local state
 * goes to a directory of its own, so virtual timestamps never reach a
 * directory runs on the real clock read.
 */
export async function applyInProcess(stackDir: string, env: NodeJS.ProcessEnv, clock: Clock): Promise<InProcessRun> {
  const stateDir = tempDir("in-process-state");
  try {
    const log = recordingLogger();
    const code = await apply({ env: { ...env, [STATE_DIR_ENV]: stateDir, [SPEC_ENV]: stackSpec(stackDir) }, log, cwd: stackDir, clock });
    return { code, output: log.lines.join("\n") };
  } finally {
    fs.rmSync(stateDir, { recursive: true, force: true });
  }
}
