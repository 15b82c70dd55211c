import { UserFacingError } from "../core/errors";
import { RunContext } from "../core/run-context";

/** What a platform needs: the run it serves (clock, deadline, log, redactor, local state) and the process's environment. */
export interface PlatformContext extends RunContext {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Directory that relative file paths in the spec are read from (the stack directory). */
  readonly cwd: string;
}

/** Where a spec is read, without a run: enough to name the connection it asks for (its variables, its CA file). */
export type SpecSurroundings = Pick<PlatformContext, "env" | "cwd">;

// Control characters (a trailing newline from `echo` or a pasted key, say) can never be sent in a header.
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

/** Reads a credential by the variable name the spec gives; a missing or unsendable one stops before any request. */
export function requireEnv(context: PlatformContext, name: string, purpose: string): string {
  const value = context.env[name];
  if (value === undefined || value === "") {
    throw new UserFacingError(`the environment variable ${name} (${purpose}) is not set: export it in the shell that runs terraform`);
  }
  context.redactor.add(value);
  if (CONTROL_CHARACTER.test(value)) {
    throw new UserFacingError(
      `the environment variable ${name} (${purpose}) contains a newline or control character: ` +
        "export it without one (printf '%s' rather than echo, and no trailing newline from the file it came from)",
    );
  }
  return value;
}
