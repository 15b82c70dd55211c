import "./zod-jitless";
import { consoleLogger, Logger } from "../core/log";
import { DEBUG_ENV, explain } from "../core/errors";
import { apply } from "./apply";
import { loadAllKinds } from "../kinds";
import { watchParent } from "./parent-watch";

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
  // A promise nobody awaited would otherwise end the process with Node's stack dump in Terraform's output.
  process.once("unhandledRejection", (reason) => {
    process.stderr.write(`error: ${explain(reason, process.env[DEBUG_ENV] === "1")}\n`);
    process.exit(1);
  });
  const watch = watchParent();
  try {
    return await apply({ env: process.env, log: consoleLogger, cwd: process.cwd(), signal: watch.signal });
  } finally {
    watch.stop();
  }
}

/**
 * Used by the build only: loads every platform, then applies a pin whose
 * database is already at its version, so V8's code cache for the bundle
 * holds the code a real run takes. Throws with what the handler printed if
 * that apply fails.
 */
export async function warmUp(env: NodeJS.ProcessEnv): Promise<void> {
  loadAllKinds();
  const lines: string[] = [];
  const log: Logger = { info: (line) => lines.push(line), warn: (line) => lines.push(line) };
  if ((await apply({ env, log, cwd: process.cwd() })) !== 0) throw new Error(`the warm-up apply failed:\n${lines.join("\n")}`);
}
