import * as fs from "node:fs";

/** Reports thrown during this turn of the event loop. */
let watched: Error[] = [];

/**
 * Node prints an uncaught error with the source line that threw it and a
 * stack trace: noise around a report meant for the user, which already names
 * every construct and field. If `error` goes uncaught (`node main.js`,
 * `ts-node main.ts`, an async main alike), its message alone is printed and
 * the process exits 1, as Node would. Any other error, or an app that handles
 * uncaught errors itself, keeps Node's own behaviour. The monitor only lives
 * until the event loop's next turn, so a caught report (a test) leaves
 * nothing behind.
 */
export function printAloneIfUncaught(error: Error): void {
  if (watched.length === 0) {
    process.on("uncaughtExceptionMonitor", printAlone);
    setImmediate(() => {
      watched = [];
      process.off("uncaughtExceptionMonitor", printAlone);
    });
  }
  watched.push(error);
}

function printAlone(thrown: unknown): void {
  if (!watched.includes(thrown as Error) || process.listenerCount("uncaughtException") > 0) return;
  fs.writeSync(2, `${(thrown as Error).message}\n`);
  process.exit(1);
}
