import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Clock } from "./clock";
import { Deadline } from "./deadline";
import { UserFacingError } from "./errors";

/** Where the lock and budget files live; a private directory under the OS temp directory unless set. */
export const STATE_DIR_ENV = "REDIS_VERSION_STATE_DIR";

const { O_CREAT, O_EXCL, O_NOFOLLOW, O_RDONLY, O_WRONLY } = fs.constants;
/** Created only if absent, never through a link someone planted at the name. */
const CREATE_EXCLUSIVE = O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW;
const OPEN_OWN = O_RDONLY | O_NOFOLLOW;

/** How often a waiter looks at a held lock again: from a few ms (budget updates take microseconds) up to this. */
const RECHECK_MAX_MS = 200;
const RECHECK_MIN_MS = 2;
/** A lock file with no readable holder this many looks in a row was left half-written by a process that died. */
const UNREADABLE_LOOKS = 25;

/** This user's directory under the OS temp directory: one per uid, so users never share files. */
export function defaultStateDir(): string {
  const uid = typeof process.getuid === "function" ? process.getuid() : os.userInfo().username;
  return path.join(os.tmpdir(), `redis-version-${uid}`);
}

/** The directory REDIS_VERSION_STATE_DIR names, else this user's default one. */
export function stateDirFrom(env: Readonly<Record<string, string | undefined>>): string {
  const chosen = env[STATE_DIR_ENV];
  return chosen ? path.resolve(chosen) : defaultStateDir();
}

/**
 * FNV-1a, 64 bits: names a file after a key without writing the key. The
 * directory is private, so the name needs no cryptographic hash, and
 * node:crypto stays unloaded: the handler over plain HTTP never pays for it.
 */
export function fileKey(text: string): string {
  let hash = 0xcbf29ce484222325n;
  for (const byte of Buffer.from(text, "utf8")) hash = BigInt.asUintN(64, (hash ^ BigInt(byte)) * 0x100000001b3n);
  return hash.toString(16).padStart(16, "0");
}

interface Holder {
  readonly pid: number;
  readonly token: string;
  readonly since: number;
}

/** How a lock waits: within the deadline, saying once whom it waits for, with the caller's words when time runs out. */
export interface LockWait {
  readonly deadline: Deadline;
  /** Called when a live process holds the lock, once per holder. */
  readonly onHeld?: (pid: number) => void;
  /** The error for a wait that reached the deadline; `pid` is the holder's when known. */
  readonly timedOut: (pid: number | undefined) => Error;
}

/**
 * The one place that writes local files: the per-database lock and the Redis
 * Cloud request budget. All of them live in one private directory (0700,
 * owned by this user, checked before first use); every file is created
 * exclusively and opened without following links, so a link planted at any
 * name never redirects a write; every wait on a lock is bounded by the
 * run's deadline. A lock is stale when its holder's process is gone (or a
 * zombie), and only then.
 */
export class LocalState {
  private checked?: Promise<void>;

  constructor(
    readonly dir: string,
    private readonly clock: Clock,
  ) {}

  /** The path of a file in the directory. */
  pathOf(name: string): string {
    return path.join(this.dir, name);
  }

  /** Runs `work` holding the lock file `name`, waiting for another holder within `wait.deadline`. */
  async withLock<T>(name: string, wait: LockWait, work: () => Promise<T>): Promise<T> {
    await this.ready();
    const file = this.pathOf(name);
    const holder: Holder = { pid: process.pid, token: uniqueToken(this.clock), since: this.clock.now() };
    await this.acquire(file, holder, wait);
    try {
      return await work();
    } finally {
      await this.release(file, holder);
    }
  }

  /** The text of `name`, or undefined when there is none (or it is not a plain file of ours). */
  async read(name: string): Promise<string | undefined> {
    await this.ready();
    return this.guard(name, () => readOwn(this.pathOf(name)));
  }

  /** Replaces `name` with `text` at once: a temporary file created exclusively, then renamed over it. */
  async write(name: string, text: string): Promise<void> {
    await this.ready();
    const file = this.pathOf(name);
    await this.guard(name, async () => {
      const temporary = `${file}.${uniqueToken(this.clock)}.tmp`;
      await writeExclusive(temporary, text);
      try {
        // rename replaces whatever sits at `file`, a link included, without following it.
        await fs.promises.rename(temporary, file);
      } catch (error) {
        await fs.promises.rm(temporary, { force: true });
        throw error;
      }
    });
  }

  private ready(): Promise<void> {
    this.checked ??= this.prepare();
    return this.checked;
  }

  /** Creates the directory (0700) if it is missing, then checks it is a directory of ours that no one else can enter. */
  private async prepare(): Promise<void> {
    try {
      await fs.promises.mkdir(this.dir, { recursive: true, mode: 0o700 });
    } catch (error) {
      if (code(error) !== "EEXIST") throw this.unusable(`it cannot be created (${describe(error)})`);
    }
    let stat: fs.Stats;
    try {
      stat = await fs.promises.lstat(this.dir);
    } catch (error) {
      throw this.unusable(`it cannot be read (${describe(error)})`);
    }
    if (stat.isSymbolicLink()) throw this.unusable("it is a symbolic link; it must be a directory of its own");
    if (!stat.isDirectory()) throw this.unusable("it is not a directory");
    const uid = typeof process.getuid === "function" ? process.getuid() : undefined;
    if (uid !== undefined && stat.uid !== uid) throw this.unusable(`it belongs to uid ${stat.uid}, not to this user (uid ${uid})`);
    if ((stat.mode & 0o077) !== 0) {
      throw this.unusable(`other users may enter it (mode ${(stat.mode & 0o777).toString(8)}); run chmod 700 on it`);
    }
  }

  private unusable(why: string): UserFacingError {
    return new UserFacingError(
      `the local state directory ${this.dir} cannot be used: ${why}. ` +
        `It holds the per-database lock and the Redis Cloud request budget; set ${STATE_DIR_ENV} to a directory of your own (mode 700), or fix this one`,
    );
  }

  /** Turns a file system failure into one that names the file and what to do. */
  private async guard<T>(name: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof UserFacingError || code(error) === undefined) throw error;
      throw new UserFacingError(
        `the local state file ${this.pathOf(name)} cannot be written (${describe(error)}): ` +
          `set ${STATE_DIR_ENV} to a writable directory of your own (mode 700), or fix this one`,
      );
    }
  }

  private async acquire(file: string, holder: Holder, wait: LockWait): Promise<void> {
    let announced: number | undefined;
    let unreadable = 0;
    for (let looks = 0; ; looks++) {
      if (await this.guard(path.basename(file), () => tryCreate(file, holder))) return;
      const current = await this.guard(path.basename(file), () => readHolder(file));
      unreadable = current ? 0 : unreadable + 1;
      if (current ? !isAlive(current.pid) : unreadable >= UNREADABLE_LOOKS) {
        await this.guard(path.basename(file), () => takeOverStale(file, current, this.clock));
        continue;
      }
      if (current && announced !== current.pid) {
        wait.onHeld?.(current.pid);
        announced = current.pid;
      }
      const pause = Math.min(RECHECK_MAX_MS, RECHECK_MIN_MS * 2 ** Math.min(looks, 7));
      if (!(await wait.deadline.sleepWithin(pause))) throw wait.timedOut(current?.pid);
    }
  }

  private async release(file: string, holder: Holder): Promise<void> {
    if ((await readHolder(file).catch(() => undefined))?.token === holder.token) await fs.promises.rm(file, { force: true });
  }
}

function code(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

function describe(error: unknown): string {
  return code(error) ?? (error instanceof Error ? error.message : String(error));
}

/** Tells this holder's file from a later one of the same pid. */
function uniqueToken(clock: Clock): string {
  return `${process.pid}-${process.hrtime.bigint()}-${Math.floor(clock.random() * 2 ** 32).toString(36)}`;
}

async function writeExclusive(file: string, text: string): Promise<void> {
  const handle = await fs.promises.open(file, CREATE_EXCLUSIVE, 0o600);
  try {
    await handle.writeFile(text, "utf8");
  } finally {
    await handle.close();
  }
}

async function tryCreate(file: string, holder: Holder): Promise<boolean> {
  try {
    await writeExclusive(file, JSON.stringify(holder));
    return true;
  } catch (error) {
    if (code(error) === "EEXIST") return false;
    throw error;
  }
}

/** A plain file's text; undefined when it is missing, a link, or anything but a plain file. */
async function readOwn(file: string): Promise<string | undefined> {
  let handle: fs.promises.FileHandle;
  try {
    handle = await fs.promises.open(file, OPEN_OWN);
  } catch (error) {
    if (code(error) === "ENOENT" || code(error) === "ELOOP") return undefined;
    throw error;
  }
  try {
    return (await handle.stat()).isFile() ? await handle.readFile("utf8") : undefined;
  } finally {
    await handle.close();
  }
}

/** Undefined when the file is gone, not a lock, or only half written (its creator is between open and write). */
async function readHolder(file: string): Promise<Holder | undefined> {
  const text = await readOwn(file);
  if (text === undefined) return undefined;
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
    return code(error) === "EPERM";
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
 * it is put back. Whatever sat there (a link, a directory) is moved, never followed.
 */
async function takeOverStale(file: string, stale: Holder | undefined, clock: Clock): Promise<void> {
  const aside = `${file}.${uniqueToken(clock)}.stale`;
  try {
    await fs.promises.rename(file, aside);
  } catch (error) {
    if (code(error) === "ENOENT") return;
    throw error;
  }
  const moved = await readHolder(aside);
  if (moved !== undefined && moved.token !== stale?.token && isAlive(moved.pid)) await restore(aside, file);
  else await fs.promises.rm(aside, { force: true, recursive: true });
}

/** Puts a live holder's file back; if a third handler created one meanwhile, that one stands. */
async function restore(aside: string, file: string): Promise<void> {
  try {
    await fs.promises.link(aside, file);
  } catch (error) {
    if (code(error) !== "EEXIST") throw error;
  } finally {
    await fs.promises.rm(aside, { force: true });
  }
}
