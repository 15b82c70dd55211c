import { chownSync, lstatSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Deadline } from "../../src/core/deadline";
import { DeadlineError, UserFacingError } from "../../src/core/errors";
import { defaultStateDir, LocalState, STATE_DIR_ENV, stateDirFrom } from "../../src/core/local-state";
import { virtualClock } from "../support/clock";
import { tempDir } from "../support/temp";

const TERMS = { budget: "timeoutMinutes: 1", afterwards: "the next apply reads the database first" };

let root: string;
beforeEach(() => (root = tempDir("state")));
afterEach(() => rmSync(root, { recursive: true, force: true }));

const clock = () => virtualClock(Date.now());
const failureOf = (promise: Promise<unknown>) => promise.then(() => undefined, (error: Error) => error);

describe("the local-state directory", () => {
  it("is private to this user by default, and REDIS_VERSION_STATE_DIR moves it", () => {
    expect(defaultStateDir()).toBe(join(tmpdir(), `redis-version-${process.getuid!()}`));
    expect(stateDirFrom({})).toBe(defaultStateDir());
    expect(stateDirFrom({ [STATE_DIR_ENV]: "/srv/rv" })).toBe("/srv/rv");
  });

  it("is created 0700 when missing, parents included", async () => {
    const dir = join(root, "a", "b");
    await new LocalState(dir, clock()).write("x", "1");
    expect(lstatSync(dir).mode & 0o777).toBe(0o700);
    expect(readFileSync(join(dir, "x"), "utf8")).toBe("1");
  });

  const refusals: [string, (dir: string) => void, RegExp][] = [
    ["open to other users", (dir) => mkdirSync(dir, { mode: 0o755 }), /other users may enter it \(mode 755\); run chmod 700 on it/],
    ["owned by someone else", (dir) => (mkdirSync(dir, { mode: 0o700 }), chownSync(dir, 4242, 4242)), /it belongs to uid 4242, not to this user/],
    ["a file", (dir) => writeFileSync(dir, ""), /it is not a directory/],
    ["a symbolic link", (dir) => (mkdirSync(`${dir}-real`, { mode: 0o700 }), symlinkSync(`${dir}-real`, dir)), /it is a symbolic link/],
    ["under a file, so it cannot be created", (dir) => writeFileSync(join(dir, ".."), ""), /it cannot be created \(ENOTDIR\)/],
  ];
  it.each(refusals)("is refused when it is %s, naming the path and REDIS_VERSION_STATE_DIR", async (_case, plant, why) => {
    const dir = _case.startsWith("under") ? join(root, "file", "state") : join(root, "state");
    plant(dir);
    const error = await failureOf(new LocalState(dir, clock()).write("x", "1"));
    expect(error).toBeInstanceOf(UserFacingError);
    expect(error?.message).toMatch(why);
    expect(error?.message).toContain(`the local state directory ${dir} cannot be used`);
    expect(error?.message).toContain("set REDIS_VERSION_STATE_DIR to a directory of your own (mode 700)");
  });

  it("names a directory that cannot be created on a read-only file system", async () => {
    const error = await failureOf(new LocalState("/sys/redis-version-state-test", clock()).read("x"));
    expect(error).toBeInstanceOf(UserFacingError);
    expect(error?.message).toMatch(/the local state directory \/sys\/redis-version-state-test cannot be used: it cannot be created \(E\w+\)\..*REDIS_VERSION_STATE_DIR/);
  });
});

describe("files in the local-state directory", () => {
  it("never write through a link planted at a name: the link's target stays untouched", async () => {
    const target = join(root, "precious");
    writeFileSync(target, "root-owned content");
    const dir = join(root, "state");
    const state = new LocalState(dir, clock());
    await state.write("warm-up", "");
    for (const name of ["budget.json", "budget.json.lock", "db.lock"]) symlinkSync(target, join(dir, name));
    const deadline = Deadline.after(60_000, TERMS, clock());
    await state.withLock("budget.json.lock", { deadline, timedOut: () => new Error("timed out") }, () => state.write("budget.json", "{}"));
    await state.withLock("db.lock", { deadline, timedOut: () => new Error("timed out") }, async () => undefined);
    expect(readFileSync(target, "utf8")).toBe("root-owned content");
    expect(lstatSync(join(dir, "budget.json")).isFile()).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(["budget.json", "warm-up"]);
  });

  it("read a link as nothing rather than following it", async () => {
    const target = join(root, "precious");
    writeFileSync(target, "secret");
    const state = new LocalState(join(root, "state"), clock());
    await state.write("warm-up", "");
    symlinkSync(target, join(root, "state", "budget.json"));
    expect(await state.read("budget.json")).toBeUndefined();
  });
});

describe("a lock in the local-state directory", () => {
  it("held by a live process with a date in the future does not outlive the deadline", async () => {
    const time = clock();
    const state = new LocalState(join(root, "state"), time);
    await state.write("warm-up", "");
    // Held by a live process (our parent), dated a year ahead: only the deadline ends the wait.
    writeFileSync(join(root, "state", "db.lock"), JSON.stringify({ pid: process.ppid, token: "future", since: Date.now() + 365 * 86_400_000 }));
    const deadline = Deadline.after(60_000, TERMS, time);
    const error = await failureOf(state.withLock("db.lock", { deadline, timedOut: () => deadline.expired("the lock") }, async () => undefined));
    expect(error).toBeInstanceOf(DeadlineError);
    expect(time.now() - (deadline.at - 60_000)).toBe(60_000);
  });

  it("held by a process that is gone is taken over at once", async () => {
    const time = clock();
    const state = new LocalState(join(root, "state"), time);
    await state.write("warm-up", "");
    writeFileSync(join(root, "state", "db.lock"), JSON.stringify({ pid: 2 ** 22 + 1, token: "dead", since: 0 }));
    const deadline = Deadline.after(60_000, TERMS, time);
    await expect(state.withLock("db.lock", { deadline, timedOut: () => new Error("timed out") }, async () => "mine")).resolves.toBe("mine");
    expect(time.slept).toEqual([]);
  });

  it("that is a directory is moved aside once no holder can be read from it", async () => {
    const time = clock();
    const state = new LocalState(join(root, "state"), time);
    await state.write("warm-up", "");
    mkdirSync(join(root, "state", "db.lock"));
    const deadline = Deadline.after(60_000, TERMS, time);
    await expect(state.withLock("db.lock", { deadline, timedOut: () => new Error("timed out") }, async () => "mine")).resolves.toBe("mine");
  });

  it("in a directory that cannot be written says so with the path and what to do", async () => {
    const dir = join(root, "state");
    const state = new LocalState(dir, clock());
    await state.write("warm-up", "");
    // A lock path taken by a non-empty directory cannot be replaced by a file.
    mkdirSync(join(dir, "budget.json"));
    writeFileSync(join(dir, "budget.json", "x"), "");
    const error = await failureOf(state.write("budget.json", "{}"));
    expect(error).toBeInstanceOf(UserFacingError);
    expect(error?.message).toMatch(new RegExp(`the local state file ${join(dir, "budget.json")} cannot be written \\(EISDIR\\): set REDIS_VERSION_STATE_DIR`));
  });
});
