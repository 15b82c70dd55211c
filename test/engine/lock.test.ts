import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RunFailure } from "../../src/core/errors";
import { lockFile, LockOptions, withDatabaseLock } from "../../src/engine/lock";
import { recordingLogger } from "../platforms/redis-software/harness";

const tick = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function options(overrides: Partial<LockOptions> = {}): LockOptions & { log: ReturnType<typeof recordingLogger> } {
  return {
    key: "redis-software https://cluster.example.com:9443 bdb 12",
    deadline: Date.now() + 30_000,
    log: recordingLogger(),
    head: "stack/orders",
    now: Date.now,
    sleep: tick,
    dir: mkdtempSync(join(tmpdir(), "rv-lock-")),
    ...overrides,
  } as LockOptions & { log: ReturnType<typeof recordingLogger> };
}

/** The pid of a process that has exited: what a handler killed with -9 leaves in its lock file. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
  return Number(child.stdout);
}

describe("the per-database lock", () => {
  it("makes a second handler of the same database wait until the first is done, and says why it waits", async () => {
    const first = options();
    const second = { ...options({ dir: first.dir }), log: recordingLogger() };
    const order: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const a = withDatabaseLock(first, async () => {
      order.push("a starts");
      await held;
      order.push("a ends");
    });
    await tick(20);
    const b = withDatabaseLock(second, async () => {
      order.push("b starts");
    });
    await tick(500);
    expect(order).toEqual(["a starts"]);
    expect(second.log.lines).toEqual([`stack/orders: waiting for another handler of the same database (pid ${process.pid}) to finish first`]);
    release();
    await Promise.all([a, b]);
    expect(order).toEqual(["a starts", "a ends", "b starts"]);
    expect(existsSync(lockFile(first))).toBe(false);
  });

  it("lets handlers of different databases run at once", async () => {
    const first = options();
    const second = options({ dir: first.dir, key: "redis-software https://cluster.example.com:9443 bdb 13" });
    let inside = 0;
    let most = 0;
    const work = async () => {
      inside++;
      most = Math.max(most, inside);
      await tick(200);
      inside--;
    };
    await Promise.all([withDatabaseLock(first, work), withDatabaseLock(second, work)]);
    expect(most).toBe(2);
  });

  it("takes over the lock of a handler that died (kill -9)", async () => {
    const mine = options();
    const pid = deadPid();
    writeFileSync(lockFile(mine), JSON.stringify({ pid, token: "left-behind", key: mine.key, since: 0 }));
    await expect(withDatabaseLock(mine, async () => JSON.parse(readFileSync(lockFile(mine), "utf8")).pid)).resolves.toBe(process.pid);
    expect(mine.log.lines).toEqual([]);
  });

  it("stops waiting at the deadline, saying nothing was sent, and leaves the holder's lock alone", async () => {
    const holder = options();
    const waiter = options({ dir: holder.dir, deadline: Date.now() + 400 });
    let release!: () => void;
    const a = withDatabaseLock(holder, () => new Promise<void>((resolve) => (release = resolve)));
    await tick(20);
    let ran = false;
    const error = await withDatabaseLock(waiter, async () => {
      ran = true;
    }).catch((caught: Error) => caught);
    expect(ran).toBe(false);
    expect(error).toBeInstanceOf(RunFailure);
    expect((error as Error).message).toMatch(
      /stack\/orders: timed out waiting for another handler of the same database \(pid \d+\) to finish; nothing was sent\. The next terraform apply/,
    );
    expect(existsSync(lockFile(holder))).toBe(true);
    release();
    await a;
  });

  it("releases the lock when the work fails", async () => {
    const mine = options();
    await expect(withDatabaseLock(mine, async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(existsSync(lockFile(mine))).toBe(false);
  });
});
