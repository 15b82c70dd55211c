import { RunFailure } from "../core/errors";
import { RunContext } from "../core/run-context";
import { followSteps } from "./follow";
import { Operation, Upgrader } from "./port";
import { formatElapsed, ProgressPrinter } from "./progress";

/** What plan shows on an upgrade row of a pin with backupBeforeUpgrade: the same step apply takes. */
export const BACKUP_PLAN_NOTE = "backupBeforeUpgrade: apply backs the database up, and waits for the backup to finish, before it requests the upgrade";

export interface BackupStep {
  readonly head: string;
  readonly context: Pick<RunContext, "clock" | "deadline" | "log">;
  readonly pollIntervalMs: number;
  readonly pollMaxMs?: number;
}

/**
 * Backs the database up and waits for the backup, before the upgrade request:
 * any outcome but a finished backup fails the apply with nothing more sent.
 * It runs only where decide says `upgrade`, so an apply that resumes an
 * upgrade already running (decide says `resume`), finds it scheduled, or
 * finds the pin reached, never backs up: the backup belongs to the upgrade
 * request it precedes, and the control plane's record of that request is
 * what tells a later apply it was made.
 */
export async function backUpFirst(upgrader: Upgrader<Operation>, step: BackupStep): Promise<void> {
  const { head } = step;
  const { clock, deadline, log } = step.context;
  const backup = upgrader.backup;
  if (!backup) {
    throw new RunFailure(`${head}: backupBeforeUpgrade is set, but ${upgrader.target} offers no backup request; nothing was sent. Remove the option.`);
  }
  log.info(`${head}: backing up before the upgrade (backupBeforeUpgrade)`);
  const started = clock.now();
  const printer = new ProgressPrinter(log, `${head}: backup`, started, () => clock.now());
  const first = await backup.start();
  const result =
    first.kind === "ended"
      ? first.result
      : await followSteps(first.operation, (current) => backup.step(current), {
          clock,
          deadline,
          pollIntervalMs: step.pollIntervalMs,
          pollMaxMs: step.pollMaxMs,
          onProgress: (progress) => printer.print(progress),
        });
  switch (result.kind) {
    case "backed-up":
      log.info(`${head}: backed up in ${formatElapsed(clock.now() - started)} (${result.lookup})`);
      return;
    case "no-destination":
      throw new RunFailure(`${head}: cannot back up before the upgrade: the database has no backup destination. No upgrade was requested. ${result.fix}`);
    case "failed":
      throw new RunFailure(`${head}: the backup before the upgrade failed: ${result.reason}. No upgrade was requested; fix the backup and apply again.`);
    case "timeout":
      throw new RunFailure(
        `${head}: timed out after ${deadline.describeSpan()} while the backup before the upgrade was still running` +
          (result.last ? ` (last seen: ${result.last.state})` : "") +
          ". No upgrade was requested; the next terraform apply backs up again before it upgrades.",
      );
  }
}
