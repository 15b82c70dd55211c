import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { RunFailure } from "../core/errors";
import { Logger } from "../core/log";

/** How often a waiting handler looks at the lock again. */
const RECHECK_MS = 200;

export interface LockOptions {
  /** Identifies the database: every handler of the same database on this machine uses the same key. */
  readonly key: string;
  /** The apply's deadline (epoch ms): waiting for the lock never goes past it. */
  readonly deadline: number;
  readonly log: Logger;
  /** Prefixes what we print, e.g. "orders (Redis Software database 12 at …)". */
  readonly head: string;
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  /** Where lock files live; the OS temp directory unless a test gives its own. */
  readonly dir?: string;
}

interface Holder {
  readonly pid: number;
  readonly token: string;
  readonly key: string;
  readonly since: number;
}

/**
 * One handler per database on one machine: two pins of the same database, or
 * two `terraform apply` runs at once, take turns. The lock is a file created
 * exclusively under the OS temp directory, named by a hash of the key; a
 * holder that died (kill -9) leaves it behind, and the next handler takes it
 * over once that pid is gone. Across machines the control plane's own state
 * is the guard (run reads it again before every POST).
 */
export async function withDatabaseLock<T>(options: LockOptions, work: () => Promise<T>): Promise<T> {
  const file = lockFile(options);
  const holder: Holder = { pid: process.pid, token: uniqueToken(), key: options.key, since: options.now() };
  await acquire(file, holder, options);
  try {
    return await work();
  } finally {
    release(file, holder);
  }
}

export function lockFile(options: Pick<LockOptions, "key" | "dir">): string {
  return path.join(options.dir ?? os.tmpdir(), `redis-version-${fnv1a64(options.key)}.lock`);
}

/**
 * The key holds no secret, so a file name needs no cryptographic hash, and
 * node:crypto stays unloaded: the handler over plain HTTP never pays for it.
 */
function fnv1a64(text: string): string {
  let hash = 0xcbf29ce484222325n;
  for (const byte of Buffer.from(text, "utf8")) hash = BigInt.asUintN(64, (hash ^ BigInt(byte)) * 0x100000001b3n);
  return hash.toString(16).padStart(16, "0");
}

/** Tells this holder's file from a later one of the same pid. */
function uniqueToken(): string {
  return `${process.pid}-${process.hrtime.bigint()}-${Math.random().toString(36).slice(2)}`;
}

async function acquire(file: string, holder: Holder, options: LockOptions): Promise<void> {
  let announced: number | undefined;
  for (;;) {
    if (tryCreate(file, holder)) return;
    const current = readHolder(file);
    if (current ? !isAlive(current.pid) : unreadableForLong(file)) {
      takeOverStale(file, current);
      continue;
    }
    if (current && announced !== current.pid) {
      options.log.info(`${options.head}: waiting for another handler of the same database (pid ${current.pid}) to finish first`);
      announced = current.pid;
    }
    const left = options.deadline - options.now();
    if (left <= 0) {
      throw new RunFailure(
        `${options.head}: timed out waiting for another handler of the same database${current ? ` (pid ${current.pid})` : ""} to finish; ` +
          "nothing was sent. The next terraform apply reads the database again and does what is left.",
      );
    }
    await options.sleep(Math.min(RECHECK_MS, left));
  }
}

function tryCreate(file: string, holder: Holder): boolean {
  try {
    fs.writeFileSync(file, JSON.stringify(holder), { flag: "wx", mode: 0o600 });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
}

/** Undefined when the file is gone or only half written (its creator is between open and write). */
function readHolder(file: string): Holder | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  try {
    const parsed = JSON.parse(text) as Partial<Holder>;
    return typeof parsed.pid === "number" && typeof parsed.token === "string" ? (parsed as Holder) : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
  return !isZombie(pid);
}

/** A handler killed with -9 stays a zombie until its parent (the shell Terraform started) reaps it: it holds nothing. */
function isZombie(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z");
  } catch {
    return false;
  }
}

/**
 * Moves the stale file aside atomically, so two waiters never both remove it;
 * if what moved is not the file judged stale (its holder changed meanwhile),
 * it is put back.
 */
function takeOverStale(file: string, stale: Holder | undefined): void {
  const aside = `${file}.${uniqueToken()}.stale`;
  try {
    fs.renameSync(file, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
    throw error;
  }
  const moved = readHolder(aside);
  if (moved !== undefined && moved.token !== stale?.token && isAlive(moved.pid)) restore(aside, file);
  else fs.rmSync(aside, { force: true });
}

/** A file without a readable holder may be one whose creator is between creating and writing it: only a lasting one is stale. */
function unreadableForLong(file: string): boolean {
  try {
    return Date.now() - fs.statSync(file).mtimeMs > 5 * RECHECK_MS;
  } catch {
    return false;
  }
}

/** Puts a live holder's file back; if a third handler created one meanwhile, that one stands. */
function restore(aside: string, file: string): void {
  try {
    fs.linkSync(aside, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  } finally {
    fs.rmSync(aside, { force: true });
  }
}

function release(file: string, holder: Holder): void {
  if (readHolder(file)?.token === holder.token) fs.rmSync(file, { force: true });
}
