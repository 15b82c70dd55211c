import { RunFailure } from "../core/errors";
import { fileKey } from "../core/local-state";
import { RunContext } from "../core/run-context";

/** The lock file of one database identity, in the run's local-state directory. */
export function lockName(key: string): string {
  return `lock-${fileKey(key)}.lock`;
}

/**
 * One handler per database on one machine: two pins of the same database, or
 * two `terraform apply` runs at once, take turns. The lock lives in the
 * run's local-state directory (src/core/local-state.ts), named by a hash of
 * the database's identity; a holder that died (kill -9) leaves it behind, and
 * the next handler takes it over once that pid is gone. Waiting ends at the
 * run's deadline. Across machines the control plane's own state is the guard
 * (run reads it again before every POST).
 */
export function withDatabaseLock<T>(context: Pick<RunContext, "state" | "deadline" | "log">, key: string, head: string, work: () => Promise<T>): Promise<T> {
  return context.state.withLock(
    lockName(key),
    {
      deadline: context.deadline,
      onHeld: (pid) => context.log.info(`${head}: waiting for another handler of the same database (pid ${pid}) to finish first`),
      timedOut: (pid) =>
        new RunFailure(
          `${head}: timed out waiting for another handler of the same database${pid === undefined ? "" : ` (pid ${pid})`} to finish; ` +
            "nothing was sent. The next terraform apply reads the database again and does what is left.",
        ),
    },
    work,
  );
}
