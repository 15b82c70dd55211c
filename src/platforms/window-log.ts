import * as z from "zod";
import { fileKey, LocalState } from "../core/local-state";
import { RunContext } from "../core/run-context";

export const WINDOW_MS = 60_000;
/** A request sent and never answered (its process died, its connection broke) stops counting after this long. */
const UNANSWERED_MS = 2 * WINDOW_MS;
/** How often a waiter looks again while what holds it back is a request still in flight. */
const IN_FLIGHT_RECHECK_MS = 1_000;
/** How far apart two handlers' instants may be: each reads its own before it waits for the file's lock. */
const SKEW_MS = WINDOW_MS;
/** No account allows more than this many requests a minute: a ceiling above it was not written by us. */
const MOST_EVER = 10_000;

const entrySchema = z.object({
  at: z.number(),
  /** The process that sent it, while its answer has not come: it counts as current until then. */
  inFlight: z.number().int().optional(),
});
type Entry = z.infer<typeof entrySchema>;

const logSchema = z.object({
  entries: z.array(entrySchema),
  ceiling: z.object({ limit: z.number(), until: z.number() }).optional(),
});
type LogContent = z.infer<typeof logSchema>;

/** What the budget allows at an instant: 0 to send now, else how long to wait; and the ceiling in force. */
export interface Slot {
  readonly waitMs: number;
  /** The requests a minute allowed now. */
  readonly allowed: number;
  /** True when a 429 or a low X-Rate-Limit-Remaining lowered it below the limit. */
  readonly lowered: boolean;
}

/**
 * The requests every process on this machine sent with one account in the
 * last minute (or still waits on), in a file of the run's local-state
 * directory (src/core/local-state.ts) named by a hash of the account, never
 * the account key itself. Each request is written down before it is sent,
 * under the file's lock, so the limit holds in every sliding minute however
 * many handlers share the key. A lowered ceiling (after a 429 or a low
 * X-Rate-Limit-Remaining) is written there too, so every process slows.
 */
export class WindowLog {
  private readonly name: string;
  private warned = false;

  constructor(
    account: string,
    private readonly run: Pick<RunContext, "state" | "deadline" | "log">,
  ) {
    this.name = `budget-${fileKey(account)}.json`;
  }

  get state(): LocalState {
    return this.run.state;
  }

  /**
   * Records a request about to be sent at `now` (waitMs 0), or says how long
   * to wait before the limit lets one through. The request counts as in
   * flight until `answered`: the server counts it when it arrives, which a
   * slow or busy machine makes later than now.
   */
  take(limit: number, now: number): Promise<Slot> {
    return this.locked(now, (log) => {
      const entries = recent(log.entries, now);
      const lowered = log.ceiling !== undefined && log.ceiling.until > now && log.ceiling.limit < limit;
      const allowed = lowered ? log.ceiling!.limit : limit;
      if (entries.length < allowed) {
        return { log: { ...log, entries: [...entries, { at: now, inFlight: process.pid }] }, answer: { waitMs: 0, allowed, lowered } };
      }
      const blocking = entries[entries.length - allowed];
      const wait = blocking.inFlight === undefined ? blocking.at + WINDOW_MS - now : IN_FLIGHT_RECHECK_MS;
      return { log: { ...log, entries }, answer: { waitMs: Math.max(1, wait), allowed, lowered } };
    });
  }

  /**
   * An answer came at `now`: one of this process's requests in flight counts
   * from now on, which bounds its arrival from above. Which one does not
   * matter, as only their number in the window does.
   */
  answered(now: number): Promise<void> {
    return this.locked(now, (log) => {
      const entries = recent(log.entries, now);
      const oldest = entries.find((entry) => entry.inFlight === process.pid);
      const settled = entries.map((entry) => (entry === oldest ? { at: now } : entry));
      return { log: { ...log, entries: settled }, answer: undefined };
    });
  }

  /** Lowers the ceiling for the next minute to what `lower` makes of the requests already in the window (at least 1). */
  lower(now: number, lower: (inWindow: number) => number): Promise<void> {
    return this.locked(now, (log) => {
      const entries = recent(log.entries, now);
      const limit = Math.max(1, lower(entries.length));
      const current = log.ceiling && log.ceiling.until > now ? log.ceiling.limit : Infinity;
      return { log: { entries, ceiling: limit < current ? { limit, until: now + WINDOW_MS } : log.ceiling }, answer: undefined };
    });
  }

  /** The requests that count at `now`: answered in the minute before it, or still in flight. */
  async count(now: number): Promise<number> {
    return recent((await this.read(now)).entries, now).length;
  }

  private locked<T>(now: number, change: (log: LogContent) => { log: LogContent; answer: T }): Promise<T> {
    const wait = {
      deadline: this.run.deadline,
      timedOut: () => this.run.deadline.expired(`the Redis Cloud request budget file ${this.state.pathOf(this.name)} (held by another process)`),
    };
    return this.state.withLock(`${this.name}.lock`, wait, async () => {
      const { log, answer } = change(await this.read(now));
      await this.state.write(this.name, JSON.stringify(log));
      return answer;
    });
  }

  private async read(now: number): Promise<LogContent> {
    const text = await this.state.read(this.name);
    if (text === undefined) return { entries: [] };
    let parsed: LogContent | undefined;
    try {
      parsed = logSchema.safeParse(JSON.parse(text)).data;
    } catch {
      parsed = undefined;
    }
    // Unreadable or from an older layout: start afresh, as after a reboot.
    if (parsed === undefined) return { entries: [] };
    const odd = oddity(parsed, now);
    if (odd === undefined) return parsed;
    if (!this.warned) this.run.log.info(`the Redis Cloud request budget file ${this.state.pathOf(this.name)} ${odd}: ignored, and counted afresh`);
    this.warned = true;
    return { entries: [] };
  }
}

/** What makes a budget file not ours to obey: times from the future, or a ceiling no account has. */
function oddity(log: LogContent, now: number): string | undefined {
  if (log.entries.some((entry) => entry.at > now + WINDOW_MS)) return "holds requests dated in the future";
  // A ceiling lasts a minute from its writer's instant, which may be seconds past the reader's (read before it waited for the lock): only one lasting beyond that slack is not ours.
  if (log.ceiling && log.ceiling.until > now + WINDOW_MS + SKEW_MS) return `holds a lowered ceiling that lasts past the next minute (until ${new Date(log.ceiling.until).toISOString()})`;
  const limit = log.ceiling?.limit;
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1 || limit > MOST_EVER)) return `holds an absurd ceiling (${limit} requests a minute)`;
  return undefined;
}

/** The entries that still count, oldest to expire first: answered within the last minute, or in flight and not given up on. */
function recent(entries: readonly Entry[], now: number): Entry[] {
  const expiry = (entry: Entry) => (entry.inFlight === undefined ? entry.at + WINDOW_MS : entry.at + UNANSWERED_MS);
  return entries.filter((entry) => expiry(entry) > now).sort((a, b) => expiry(a) - expiry(b));
}
