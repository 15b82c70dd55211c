import { existsSync } from "node:fs";
import { resolve } from "node:path";

/** The shared reference folder: CI always has it, a user's fresh clone does not. */
export const REFERENCE_DIR = resolve(__dirname, "../../../shared/reference");
export const CAPTURES_DIR = resolve(REFERENCE_DIR, "redis-software-captures");

/** `describe` when the captures are here; otherwise a loud skip, except under CI=true where it fails. */
export function withCaptures(): jest.Describe {
  if (existsSync(CAPTURES_DIR)) return describe;
  const why = `${CAPTURES_DIR} not found (a fresh clone has no shared reference folder)`;
  if (process.env.CI === "true") throw new Error(`${why}; CI=true: not skipping`);
  console.warn(`SKIPPING the capture contract tests: ${why}`);
  return describe.skip;
}
