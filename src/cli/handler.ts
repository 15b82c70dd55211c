import { consoleLogger } from "../platforms/log";
import { apply } from "./apply";
import { loadAllPlatforms } from "./upgraders";

/**
 * Entry point of the bundle each stack carries (handler.cjs). It only applies:
 * the rest of the CLI (simulator, plan) stays out of the bundle to keep it
 * small and quick to start. The generated loader around the bundle calls it.
 */
export async function main(argv: readonly string[]): Promise<number> {
  if (argv[0] !== "apply" || argv.length !== 1) {
    process.stderr.write(`usage: node handler.cjs apply   (got: ${argv.join(" ") || "nothing"})\n`);
    return 2;
  }
  return apply({ env: process.env, log: consoleLogger, cwd: process.cwd() });
}

/** Used by the build only: every platform's code runs once, so V8's code cache for the bundle holds it. */
export function warmUp(): void {
  loadAllPlatforms();
}
