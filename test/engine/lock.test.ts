import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { RunFailure } from "../../src/core/errors";
import { lockName, withDatabaseLock } from "../../src/engine/lock";
import { recordingLogger } from "../support/logger";
import { testRun } from "../support/run";
import { waitFor } from "../support/terraform";
import { tempDir } from "../support/temp";

const KEY = "redis-software https://cluster.example.com:9443 bdb 12";
const tick = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

let stateDir: string;
beforeEach(() => (stateDir = tempDir("lock")));
afterEach(() => rmSync(stateDir, { recursive: true, force: true }));

const handler = (timeoutMs = 30_000) => testRun({ log: recordingLogger(), stateDir, timeoutMs });
const lockPath = (key = KEY) => join(stateDir, lockName(key));

/** The pid of a process that has exited: what a handler killed with -9 leaves in its lock file. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
  return Number(child.stdout);
}

describe("the per-database lock", () => {
  it("makes a second handler of the same database wait until the first is done, and says why it waits", async () => {
    const [first, second] = [handler(), handler()];
    const order: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const a = withDatabaseLock(first, KEY, "stack/orders", async () => {
      order.push("a starts");
      await held;
      order.push("a ends");
    });
    // Conditions, not sleeps: on a loaded machine 20 ms did not always see the first inside, nor 300 ms the second waiting.
    await waitFor(() => order.length > 0, "the first handler to hold the lock");
    const b = withDatabaseLock(second, KEY, "stack/orders", async () => void order.push("b starts"));
    await waitFor(() => second.log.lines.length > 0, "the second handler to wait");
    expect(order).toEqual(["a starts"]);
    expect(second.log.lines).toEqual([`stack/orders: waiting for another handler of the same database (pid ${process.pid}) to finish first`]);
    release();
    await Promise.all([a, b]);
    expect(order).toEqual(["a starts", "a ends", "b starts"]);
    expect(existsSync(lockPath())).toBe(false);
  });

  it("lets handlers of different databases run at once", async () => {
    let inside = 0;
    let most = 0;
    const work = async () => {
      inside++;
      most = Math.max(most, inside);
      await tick(100);
      inside--;
    };
    await Promise.all([withDatabaseLock(handler(), KEY, "a", work), withDatabaseLock(handler(), `${KEY}3`, "b", work)]);
    expect(most).toBe(2);
  });

  it("takes over the lock of a handler that died (kill -9)", async () => {
    const mine = handler();
    await withDatabaseLock(mine, "warm-up", "x", async () => undefined);
    writeFileSync(lockPath(), JSON.stringify({ pid: deadPid(), token: "left-behind", since: 0 }));
    await expect(withDatabaseLock(mine, KEY, "stack/orders", async () => JSON.parse(readFileSync(lockPath(), "utf8")).pid)).resolves.toBe(process.pid);
    expect(mine.log.lines).toEqual([]);
  });

  it("stops waiting at the deadline, saying nothing was sent, and leaves the holder's lock alone", async () => {
    let release!: () => void;
    const a = withDatabaseLock(handler(), KEY, "stack/orders", () => new Promise<void>((resolve) => (release = resolve)));
    await waitFor(() => release !== undefined, "the first handler to hold the lock");
    let ran = false;
    const error = await withDatabaseLock(handler(300), KEY, "stack/orders", async () => void (ran = true)).catch((caught: Error) => caught);
    expect(ran).toBe(false);
    expect(error).toBeInstanceOf(RunFailure);
    expect((error as Error).message).toMatch(
      /stack\/orders: timed out waiting for another handler of the same database \(pid \d+\) to finish; nothing was sent\. The next terraform apply/,
    );
    expect(existsSync(lockPath())).toBe(true);
    release();
    await a;
  });

  it("releases the lock when the work fails", async () => {
    await expect(withDatabaseLock(handler(), KEY, "stack/orders", async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(existsSync(lockPath())).toBe(false);
  });
});
