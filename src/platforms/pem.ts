import { readFileSync } from "node:fs";
import { UserFacingError } from "./errors";

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
