import { FixedWindowPacer } from "../../../src/platforms/redis-cloud/rate-limit";
import { recordingLogger } from "../redis-software/harness";

function pacer(limit: number) {
  let now = 1_000_000;
  const slept: number[] = [];
  const clock = { now: () => now, random: () => 0, sleep: async (ms: number) => void (slept.push(ms), (now += ms)) };
  return { pacer: new FixedWindowPacer(clock, recordingLogger(), limit), slept, advance: (ms: number) => (now += ms) };
}

describe("FixedWindowPacer", () => {
  it("lets the minute's budget through, then waits for the window to turn", async () => {
    const { pacer: p, slept, advance } = pacer(2);
    await p.beforeAttempt();
    advance(10_000);
    await p.beforeAttempt();
    expect(slept).toEqual([]);
    await p.beforeAttempt();
    expect(slept).toEqual([50_000]);
  });

  it("trusts X-Rate-Limit-Remaining, since other clients share the account key", async () => {
    const { pacer: p, slept } = pacer(400);
    await p.beforeAttempt();
    p.afterAnswer({ "x-rate-limit-remaining": "0" });
    await p.beforeAttempt();
    expect(slept).toEqual([60_000]);
  });

  it("ignores a missing or unreadable header", async () => {
    const { pacer: p, slept } = pacer(2);
    await p.beforeAttempt();
    p.afterAnswer({ "x-rate-limit-remaining": "" });
    p.afterAnswer({ "x-rate-limit-remaining": "soon" });
    p.afterAnswer({});
    await p.beforeAttempt();
    expect(slept).toEqual([]);
  });
});
