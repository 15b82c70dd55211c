import { Logger } from "../core/log";
import { UserFacingError } from "../core/errors";

/** What a platform needs from the process it runs in: kept explicit so tests can hand in their own. */
export interface PlatformContext {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly log: Logger;
  /** Directory that relative file paths in the spec are read from (the stack directory). */
  readonly cwd: string;
}

/** Reads a credential by the variable name the spec gives; a missing one stops before any request. */
export function requireEnv(context: PlatformContext, name: string, purpose: string): string {
  const value = context.env[name];
  if (value === undefined || value === "") {
    throw new UserFacingError(`the environment variable ${name} (${purpose}) is not set: export it in the shell that runs terraform`);
  }
  return value;
}
