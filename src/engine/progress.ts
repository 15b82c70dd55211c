import { Logger } from "../core/log";
import { Progress } from "./port";

export function formatElapsed(ms: number): string {
  const seconds = Math.round(ms / 1000);
  const minutes = Math.floor(seconds / 60);
  return minutes > 0 ? `${minutes}m${String(seconds % 60).padStart(2, "0")}s` : `${seconds}s`;
}

/** Short waits need their tenths: "in 0s" would read as "now". */
function formatWait(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)}s` : formatElapsed(ms);
}

/**
 * Prints a line when the state or percentage moves, and otherwise at most
 * every `quietMs`, so a long upgrade shows it is alive without flooding logs.
 * Each line says when the next look comes, since waits grow as the upgrade runs.
 */
export class ProgressPrinter {
  private last = "";
  private lastAt = 0;

  constructor(
    private readonly log: Logger,
    private readonly head: string,
    private readonly started: number,
    private readonly now: () => number,
    private readonly quietMs = 30_000,
  ) {}

  print(progress: Progress): void {
    const percent = progress.percent === undefined ? "" : ` ${Math.round(progress.percent)}%`;
    const line = `${progress.state}${percent}${progress.detail ? ` (${progress.detail})` : ""}`;
    const at = this.now();
    if (line === this.last && at - this.lastAt < this.quietMs) return;
    this.last = line;
    this.lastAt = at;
    const next = progress.nextCheckInMs === undefined ? "" : `; next check in ${formatWait(progress.nextCheckInMs)}`;
    this.log.info(`${this.head}: [${formatElapsed(at - this.started)}] ${line}${next}`);
  }
}
