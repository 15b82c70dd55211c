import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { buildSync } from "esbuild";
import { DeadlineError, UserFacingError } from "../../../src/core/errors";
import { cloudBudgetLimit, SharedCloudBudget } from "../../../src/platforms/redis-cloud/rate-limit";
import { WINDOW_MS, WindowLog } from "../../../src/platforms/window-log";
import { RecordingLogger, recordingLogger } from "../../support/logger";
import { VirtualClock, virtualClock } from "../../support/clock";
import { testRun } from "../../support/run";
import { tempDir } from "../../support/temp";

let dir: string;
beforeEach(() => (dir = tempDir("budget-test")));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A handler's run on `clock` over the test's state directory. */
function runOn(clock: VirtualClock, log: RecordingLogger = recordingLogger(), timeoutMs = 24 * 3_600_000) {
  return testRun({ log, clock, stateDir: dir, timeoutMs });
}

/** One budget object per handler, over the same file; time passes only when a budget sleeps. */
function budgets(count: number, limit: number, account = "key-1") {
  const clock = virtualClock(1_000_000);
  const log = recordingLogger();
  const all = Array.from({ length: count }, () => {
    const run = runOn(clock, log);
    return new SharedCloudBudget(new WindowLog(account, run), run, limit);
  });
  return { clock, log, all };
}

/** One request as HttpClient makes it: budget first, then the answer's headers. */
async function send(budget: SharedCloudBudget, headers: Record<string, string | undefined> = {}, status = 200): Promise<void> {
  await budget.beforeAttempt();
  await budget.afterAnswer(headers, status);
}

function mostInAnyWindow(stamps: readonly number[]): number {
  return Math.max(0, ...stamps.map((start) => stamps.filter((stamp) => stamp >= start && stamp < start + WINDOW_MS).length));
}

describe("SharedCloudBudget", () => {
  it("keeps several handlers of one account, together, within the limit in every sliding minute", async () => {
    const { clock, all } = budgets(4, 10);
    const sent: number[] = [];
    for (let request = 0; request < 45; request++) {
      await send(all[request % all.length]);
      sent.push(clock.now());
      clock.advance(700 + (request % 7) * 300);
    }
    expect(mostInAnyWindow(sent)).toBe(10);
    expect(clock.slept.length).toBeGreaterThan(0);
  });

  it("lets a burst of the limit through at once, then one more only when the oldest leaves the window", async () => {
    const { clock, all } = budgets(1, 3);
    for (let request = 0; request < 3; request++) await send(all[0]);
    expect(clock.slept).toEqual([]);
    await send(all[0]);
    expect(clock.slept).toEqual([WINDOW_MS]);
  });

  it("counts a request from when its answer comes, and one still in flight as current", async () => {
    const { clock, all } = budgets(2, 1);
    await all[0].beforeAttempt();
    clock.advance(5_000);
    await all[0].afterAnswer({}, 200);
    await send(all[1]);
    expect(clock.slept).toEqual([WINDOW_MS]);
  });

  it("looks again every second while what holds a request back is still in flight, and gives up on an unanswered one after two minutes", async () => {
    const { clock, all } = budgets(2, 1);
    await all[0].beforeAttempt();
    await all[1].beforeAttempt();
    expect(new Set(clock.slept)).toEqual(new Set([1_000]));
    expect(clock.now() - 1_000_000).toBe(2 * WINDOW_MS);
  });

  it("keeps separate budgets for separate accounts, in files named by a hash and never by the key", async () => {
    const { clock, all } = budgets(1, 1, "secret-account-key");
    const otherRun = runOn(clock);
    const other = new SharedCloudBudget(new WindowLog("another-key", otherRun), otherRun, 1);
    await send(all[0]);
    await send(other);
    expect(clock.slept).toEqual([]);
    const names = fs.readdirSync(dir);
    expect(names).toHaveLength(2);
    for (const name of names) {
      expect(name).toMatch(/^budget-[0-9a-f]{16}\.json$/);
      expect(fs.readFileSync(path.join(dir, name), "utf8")).not.toContain("key");
    }
  });

  it("halves the ceiling for a minute after a 429, for every handler of the account", async () => {
    const { clock, all } = budgets(2, 10);
    for (let request = 0; request < 3; request++) await send(all[0]);
    await send(all[0], {}, 429);
    clock.advance(1_000);
    await send(all[1]);
    expect(clock.slept).toEqual([WINDOW_MS - 1_000]);
  });

  it("lowers the ceiling to half of what X-Rate-Limit-Remaining leaves when others spend the account's budget", async () => {
    const { clock, all } = budgets(1, 100);
    await all[0].beforeAttempt();
    await all[0].afterAnswer({ "x-rate-limit-remaining": "6" }, 200);
    for (let request = 0; request < 3; request++) await send(all[0]);
    expect(clock.slept).toEqual([]);
    await send(all[0]);
    expect(clock.slept).toEqual([WINDOW_MS]);
  });

  it("ignores a remaining count that leaves room, and a missing or unreadable header", async () => {
    const { clock, all } = budgets(1, 3);
    for (const headers of [{ "x-rate-limit-remaining": "390" }, { "x-rate-limit-remaining": "soon" }, {}]) await send(all[0], headers);
    expect(clock.slept).toEqual([]);
  });

  it("counts waiting against the deadline: a wait that would pass it fails at once, sending nothing", async () => {
    const clock = virtualClock(1_000_000);
    const run = runOn(clock, recordingLogger(), 30_000);
    const budget = new SharedCloudBudget(new WindowLog("key-1", run), run, 1);
    await send(budget);
    await expect(budget.beforeAttempt()).rejects.toBeInstanceOf(DeadlineError);
    expect(clock.slept).toEqual([]);
    expect(await new WindowLog("key-1", run).count(clock.now())).toBe(1);
  });
});

describe("WindowLog: what another process wrote", () => {
  it("obeys a lowered ceiling another handler wrote on a clock seconds ahead of ours (a reader's instant was read before it waited for the lock)", async () => {
    const clock = virtualClock(1_000_000);
    const log = recordingLogger();
    const run = runOn(clock, log);
    const ahead = new WindowLog("key-1", run);
    for (let sent = 0; sent < 2; sent++) await ahead.take(100, clock.now() + 5_000);
    await ahead.lower(clock.now() + 5_000, () => 2);
    // Before, the ceiling's end (5 s past our minute) read as "from the future": the whole log was dropped and a third request let through.
    expect((await new WindowLog("key-1", run).take(100, clock.now())).waitMs).toBeGreaterThan(0);
    expect(log.lines.join("\n")).not.toMatch(/counted afresh/);
  });

  it.each([
    ["requests dated an hour ahead", { entries: [{ at: 1_000_000 + 3_600_000 }] }, /holds requests dated in the future: ignored, and counted afresh/],
    ["a ceiling lasting a day", { entries: [{ at: 1_000_000 }], ceiling: { limit: 1, until: 1_000_000 + 86_400_000 } }, /lasts past the next minute.*ignored, and counted afresh/],
    ["an absurd ceiling", { entries: [{ at: 1_000_000 }], ceiling: { limit: 0.5, until: 1_000_000 + 1_000 } }, /absurd ceiling \(0\.5 requests a minute\): ignored, and counted afresh/],
  ])("ignores a budget file with %s, with a note, instead of obeying it", async (_, content, note) => {
    const clock = virtualClock(1_000_000);
    const log = recordingLogger();
    const run = runOn(clock, log);
    const window = new WindowLog("key-1", run);
    await window.take(100, clock.now());
    const file = fs.readdirSync(dir, { recursive: true }).map(String).find((name) => /budget-.*\.json$/.test(name))!;
    fs.writeFileSync(path.join(dir, file), JSON.stringify(content));
    expect((await window.take(1, clock.now())).waitMs).toBe(0);
    expect(log.lines.join("\n")).toMatch(note);
  });
});

describe("cloudBudgetLimit", () => {
  it("is 100 a minute unless REDISCLOUD_REQUESTS_PER_MINUTE says otherwise", () => {
    expect(cloudBudgetLimit({})).toBe(100);
    expect(cloudBudgetLimit({ REDISCLOUD_REQUESTS_PER_MINUTE: "40" })).toBe(40);
  });

  it.each(["0", "-5", "2.5", "401", "lots"])("refuses %s, naming the variable and its range", (text) => {
    expect(() => cloudBudgetLimit({ REDISCLOUD_REQUESTS_PER_MINUTE: text })).toThrow(UserFacingError);
    expect(() => cloudBudgetLimit({ REDISCLOUD_REQUESTS_PER_MINUTE: text })).toThrow(/REDISCLOUD_REQUESTS_PER_MINUTE must be a whole number from 1 to 400/);
  });
});

describe("one budget across processes", () => {
  it("grants exactly the limit to eight processes asking at once, on the real clock", async () => {
    const child = path.join(dir, "child.cjs");
    buildSync({
      stdin: {
        contents: `
          import { SharedCloudBudget } from "./src/platforms/redis-cloud/rate-limit";
          import { WindowLog } from "./src/platforms/window-log";
          import { startRun } from "./src/core/run-context";
          import { silentLogger } from "./src/core/log";
          const [dir, limit] = process.argv.slice(2);
          const run = startRun({ log: silentLogger, stateDir: dir, budget: { ms: 1500, terms: { budget: "test", afterwards: "" } } });
          const budget = new SharedCloudBudget(new WindowLog("shared", run), run, Number(limit));
          (async () => {
            let granted = 0;
            try { for (;;) { await budget.beforeAttempt(); granted++; } } catch { process.stdout.write(String(granted)); }
          })();`,
        resolveDir: path.resolve(__dirname, "../../.."),
        loader: "ts",
      },
      bundle: true,
      platform: "node",
      outfile: child,
      logLevel: "silent",
    });
    const granted = await Promise.all(Array.from({ length: 8 }, () => runChild(child, [dir, "37"])));
    expect(granted.reduce((sum, count) => sum + count, 0)).toBe(37);
    expect(await new WindowLog("shared", testRun({ stateDir: dir })).count(Date.now())).toBe(37);
  }, 30_000);
});

function runChild(file: string, args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [file, ...args], { stdio: ["ignore", "pipe", "inherit"] });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.on("close", (code) => (code === 0 ? resolve(Number(output)) : reject(new Error(`child exited ${code}`))));
  });
}
