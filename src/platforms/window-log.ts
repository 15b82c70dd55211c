import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as z from "zod";

export const WINDOW_MS = 60_000;
/** A lock held longer than this belongs to a process that died inside its few-microsecond critical section. */
const STALE_LOCK_MS = 2_000;
const LOCK_RETRY_MS = 2;

const logSchema = z.object({
  stamps: z.array(z.number()),
  ceiling: z.object({ limit: z.number().int().min(1), until: z.number() }).optional(),
});
type LogContent = z.infer<typeof logSchema>;

/**
 * The requests every process on this machine sent with one account in the
 * last minute, as a file under the OS temp directory named by a hash of the
 * account (never the account key itself). Each request is written down before
 * it is sent, under a lock file, so the limit holds in every sliding minute
 * however many handlers share the key. A lowered ceiling (after a 429 or a
 * low X-Rate-Limit-Remaining) is written there too, so every process slows.
 */
export class WindowLog {
  readonly file: string;

  constructor(account: string, dir: string = os.tmpdir()) {
    const digest = createHash("sha256").update(account).digest("hex").slice(0, 32);
    this.file = path.join(dir, `redis-version-budget-${digest}.json`);
  }

  /** Records a request at `now` and returns 0, or returns how long to wait before the limit lets one through. */
  take(limit: number, now: number): number {
    return this.locked((log) => {
      const stamps = recent(log.stamps, now);
      const allowed = log.ceiling && log.ceiling.until > now ? Math.min(limit, log.ceiling.limit) : limit;
      if (stamps.length < allowed) return { log: { ...log, stamps: [...stamps, now] }, answer: 0 };
      return { log: { ...log, stamps }, answer: Math.max(1, stamps[stamps.length - allowed] + WINDOW_MS - now) };
    });
  }

  /** Lowers the ceiling for the next minute to what `lower` makes of the requests already in the window. */
  lower(now: number, lower: (inWindow: number) => number): void {
    this.locked((log) => {
      const stamps = recent(log.stamps, now);
      const limit = Math.max(1, lower(stamps.length));
      const current = log.ceiling && log.ceiling.until > now ? log.ceiling.limit : Infinity;
      return { log: { stamps, ceiling: limit < current ? { limit, until: now + WINDOW_MS } : log.ceiling }, answer: undefined };
    });
  }

  /** The requests recorded in the minute before `now`. */
  count(now: number): number {
    return recent(this.read().stamps, now).length;
  }

  private locked<T>(change: (log: LogContent) => { log: LogContent; answer: T }): T {
    const lock = `${this.file}.lock`;
    acquire(lock);
    try {
      const { log, answer } = change(this.read());
      const temporary = `${this.file}.${process.pid}`;
      fs.writeFileSync(temporary, JSON.stringify(log), { mode: 0o600 });
      fs.renameSync(temporary, this.file);
      return answer;
    } finally {
      fs.rmSync(lock, { force: true });
    }
  }

  private read(): LogContent {
    try {
      const parsed = logSchema.safeParse(JSON.parse(fs.readFileSync(this.file, "utf8")));
      if (parsed.success) return parsed.data;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT" && !(error instanceof SyntaxError)) throw error;
    }
    // Missing or unreadable: start afresh, as after a reboot.
    return { stamps: [] };
  }
}

/** Stamps of the last minute; ones from the future come from another clock (a test's) and are not ours to count. */
function recent(stamps: readonly number[], now: number): number[] {
  return stamps.filter((stamp) => stamp > now - WINDOW_MS && stamp <= now + WINDOW_MS).sort((a, b) => a - b);
}

/** The critical section is a read and a rename, so the lock is spun for briefly and synchronously. */
function acquire(lock: string): void {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    try {
      fs.writeFileSync(lock, String(process.pid), { flag: "wx", mode: 0o600 });
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    breakIfStale(lock);
    Atomics.wait(pause, 0, 0, LOCK_RETRY_MS);
  }
}

function breakIfStale(lock: string): void {
  try {
    if (Date.now() - fs.statSync(lock).mtimeMs > STALE_LOCK_MS) fs.rmSync(lock, { force: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
}
