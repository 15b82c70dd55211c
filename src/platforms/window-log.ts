import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as z from "zod";

export const WINDOW_MS = 60_000;
/** A request sent and never answered (its process died, its connection broke) stops counting after this long. */
const UNANSWERED_MS = 2 * WINDOW_MS;
/** How often a waiter looks again while what holds it back is a request still in flight. */
const IN_FLIGHT_RECHECK_MS = 1_000;
/** A lock held longer than this belongs to a process that died inside its few-microsecond critical section. */
const STALE_LOCK_MS = 2_000;
const LOCK_RETRY_MS = 2;

const entrySchema = z.object({
  at: z.number(),
  /** The process that sent it, while its answer has not come: it counts as current until then. */
  inFlight: z.number().int().optional(),
});
type Entry = z.infer<typeof entrySchema>;

const logSchema = z.object({
  entries: z.array(entrySchema),
  ceiling: z.object({ limit: z.number().int().min(1), until: z.number() }).optional(),
});
type LogContent = z.infer<typeof logSchema>;

/**
 * The requests every process on this machine sent with one account in the
 * last minute (or still waits on), as a file under the OS temp directory named by a hash of the
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

  /**
   * Records a request about to be sent at `now` and returns 0, or returns
   * how long to wait before the limit lets one through. The request counts
   * as in flight until `answered`: the server counts it when it arrives,
   * which a slow or busy machine makes later than now.
   */
  take(limit: number, now: number): number {
    return this.locked((log) => {
      const entries = recent(log.entries, now);
      const allowed = log.ceiling && log.ceiling.until > now ? Math.min(limit, log.ceiling.limit) : limit;
      if (entries.length < allowed) return { log: { ...log, entries: [...entries, { at: now, inFlight: process.pid }] }, answer: 0 };
      const blocking = entries[entries.length - allowed];
      const wait = blocking.inFlight === undefined ? blocking.at + WINDOW_MS - now : IN_FLIGHT_RECHECK_MS;
      return { log: { ...log, entries }, answer: Math.max(1, wait) };
    });
  }

  /**
   * An answer came at `now`: one of this process's requests in flight counts
   * from now on, which bounds its arrival from above. Which one does not
   * matter, as only their number in the window does.
   */
  answered(now: number): void {
    this.locked((log) => {
      const entries = recent(log.entries, now);
      const oldest = entries.find((entry) => entry.inFlight === process.pid);
      const settled = entries.map((entry) => (entry === oldest ? { at: now } : entry));
      return { log: { ...log, entries: settled }, answer: undefined };
    });
  }

  /** Lowers the ceiling for the next minute to what `lower` makes of the requests already in the window. */
  lower(now: number, lower: (inWindow: number) => number): void {
    this.locked((log) => {
      const entries = recent(log.entries, now);
      const limit = Math.max(1, lower(entries.length));
      const current = log.ceiling && log.ceiling.until > now ? log.ceiling.limit : Infinity;
      return { log: { entries, ceiling: limit < current ? { limit, until: now + WINDOW_MS } : log.ceiling }, answer: undefined };
    });
  }

  /** The requests that count at `now`: answered in the minute before it, or still in flight. */
  count(now: number): number {
    return recent(this.read().entries, now).length;
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
    // Missing, unreadable or from an older layout: start afresh, as after a reboot.
    return { entries: [] };
  }
}

/**
 * The entries that still count, oldest to expire first: answered within the
 * last minute, or in flight and not given up on. Ones from the future come
 * from another clock (a test's) and are not ours to count.
 */
function recent(entries: readonly Entry[], now: number): Entry[] {
  const expiry = (entry: Entry) => (entry.inFlight === undefined ? entry.at + WINDOW_MS : entry.at + UNANSWERED_MS);
  return entries.filter((entry) => expiry(entry) > now && entry.at <= now + WINDOW_MS).sort((a, b) => expiry(a) - expiry(b));
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
