import { existsSync } from "node:fs";
import { resolve } from "node:path";

/**
 * The shared reference folder, ../shared/reference next to the repository: CI always has it, a user's fresh clone does not.
 * REDIS_VERSION_REFERENCE_DIR overrides it (point it at a missing path to see what a fresh clone, or CI=true, does).
 */
export const REFERENCE_DIR = resolve(process.env.REDIS_VERSION_REFERENCE_DIR ?? resolve(__dirname, "../../../shared/reference"));

/**
 * `describe(title, body)` when every one of `requiredPaths` (relative to REFERENCE_DIR; none means the folder itself)
 * is here. Otherwise `body` is not run, so it never touches the missing files: under CI=true the suite fails; elsewhere
 * one warning line says what was skipped and why, and a single skipped test stands in for the suite.
 *
 * The warning goes straight to stderr, not through jest's `console`: jest drops the buffered console output of a test file
 * whose tests were all skipped, so a `console.warn` would vanish exactly when the whole file is skipped.
 */
export function describeWithReference(title: string, requiredPaths: readonly string[], body: () => void): void {
  const required = requiredPaths.length === 0 ? [REFERENCE_DIR] : requiredPaths.map((path) => resolve(REFERENCE_DIR, path));
  const missing = required.filter((path) => !existsSync(path));
  if (missing.length === 0) {
    describe(title, body);
    return;
  }
  const why = `${missing.join(", ")} not found (a fresh clone has no ../shared/reference folder)`;
  if (process.env.CI === "true") throw new Error(`"${title}" cannot run: ${why}. CI=true, so this fails instead of skipping.`);
  process.stderr.write(`WARNING: SKIPPED "${title}": ${why}. CI=true would fail here.\n`);
  test.skip(`${title} (reference folder absent)`, () => undefined);
}
