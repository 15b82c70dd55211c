import { readFileSync } from "node:fs";
import * as path from "node:path";
import { SpecSurroundings } from "./context";
import { UserFacingError } from "../core/errors";

/** Reads a CA certificate a setting names, failing with the setting's name when the file is missing or not PEM. */
export function readPemFile(file: string, namedBy: string): string {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new UserFacingError(`cannot read the CA certificate ${file} named by ${namedBy} (${reason}): fix the path or remove the setting`);
  }
  if (!text.includes("-----BEGIN CERTIFICATE-----")) {
    throw new UserFacingError(`${file} named by ${namedBy} is not a PEM certificate: export the CA as PEM text`);
  }
  return text;
}

/** Where a spec may name a CA to trust: its own setting first, else an environment variable. */
export interface CaSetting {
  /** The spec's path, e.g. `cluster.caCertFile`'s value. */
  readonly file: string | undefined;
  /** The setting's name as a user writes it, e.g. "cluster.caCertFile". */
  readonly field: string;
  /** The variable read when the spec names no file. */
  readonly envName: string;
}

/** The CA the setting (or else its variable) names, read relative to the stack directory; undefined when neither names one. */
export function readCaSetting(setting: CaSetting, context: SpecSurroundings): string | undefined {
  if (setting.file) return readPemFile(path.resolve(context.cwd, setting.file), setting.field);
  const fromEnv = context.env[setting.envName];
  return fromEnv ? readPemFile(path.resolve(context.cwd, fromEnv), `the ${setting.envName} variable`) : undefined;
}
