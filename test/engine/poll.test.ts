import { pollUntilDone, PollStep } from "../../src/engine/poll";
import { FollowOptions, Progress } from "../../src/engine/port";

/** Time that passes only when the code under test sleeps. */
function virtualClock(start = 1_000_000) {
  const clock = { at: start, sleeps: [] as number[], now: () => clock.at, sleep: async (ms: number) => void (clock.sleeps.push(ms), (clock.at += ms)) };
  return clock;
}

/** Follows an operation that ends `lastsMs` after the start; returns when each look happened and when the end was seen. */
async function follow(lastsMs: number, random: number, options: Partial<FollowOptions> = {}) {
  const clock = virtualClock();
  const start = clock.now();
  const looks: number[] = [];
  const look = async (): Promise<PollStep<"done">> => {
    looks.push(clock.now() - start);
    return clock.now() - start >= lastsMs ? { result: "done" } : { progress: { state: "upgrading" } };
  };
  const result = await pollUntilDone(look, { onProgress: () => undefined, deadline: start + 10 * 3_600_000, pollIntervalMs: 1_000, random: () => random, ...options }, clock);
  return { result, looks, late: looks[looks.length - 1] - lastsMs, clock };
}

describe("pollUntilDone on the adaptive schedule", () => {
  it("makes its first look one minimum wait after the submit", async () => {
    const { looks } = await follow(500, 0);
    expect(looks).toEqual([1_000]);
  });

  it.each([0, 0.5, 0.999])("notices completion within max(2 s, 10 %) and 30 s, whatever the jitter (random %s)", async (random) => {
    for (const lastsMs of [3_000, 10_000, 45_500, 120_000, 600_000, 1_800_000, 7_200_000, 7_201_000]) {
      const { result, late } = await follow(lastsMs, random);
      expect(result).toBe("done");
      expect(late).toBeGreaterThanOrEqual(0);
      expect(late).toBeLessThanOrEqual(Math.max(2_000, lastsMs / 10));
      expect(late).toBeLessThanOrEqual(30_000);
    }
  });

  it("spends at most 100 looks on a 30-minute upgrade", async () => {
    for (const random of [0, 0.5, 0.999]) {
      const { looks } = await follow(1_800_000, random);
      expect(looks.length).toBeLessThanOrEqual(100);
    }
  });

  it("never waits longer than the ceiling it is given", async () => {
    const { clock } = await follow(600_000, 0, { pollMaxMs: 5_000 });
    expect(Math.max(...clock.sleeps)).toBe(5_000);
  });

  it("cuts the last wait to the deadline and reports the timeout there, with the last progress", async () => {
    const clock = virtualClock();
    const deadline = clock.now() + 95_000;
    const look = async (): Promise<PollStep<never>> => ({ progress: { state: "upgrading", percent: 40 } });
    const result = await pollUntilDone(look, { onProgress: () => undefined, deadline, pollIntervalMs: 1_000, random: () => 0 }, clock);
    expect(result).toEqual({ kind: "timeout", last: { state: "upgrading", percent: 40 } });
    expect(clock.now()).toBe(deadline);
  });

  it("tells the progress printer when the next look comes", async () => {
    const seen: Progress[] = [];
    const clock = virtualClock();
    const start = clock.now();
    const look = async (): Promise<PollStep<"done">> => (clock.now() - start >= 60_000 ? { result: "done" } : { progress: { state: "upgrading" } });
    await pollUntilDone(look, { onProgress: (progress) => seen.push(progress), deadline: start + 3_600_000, pollIntervalMs: 1_000, random: () => 0 }, clock);
    expect(seen[0]).toEqual({ state: "upgrading", nextCheckInMs: 1_000 });
    expect(seen[seen.length - 1].nextCheckInMs).toBeGreaterThan(5_000);
  });

  it("keeps growing from `since` across follow phases instead of starting over", async () => {
    const clock = virtualClock();
    const since = clock.now() - 300_000;
    const looks: number[] = [];
    const look = async (): Promise<PollStep<"done">> => (looks.push(clock.now()), looks.length === 2 ? { result: "done" } : {});
    await pollUntilDone(look, { onProgress: () => undefined, deadline: clock.now() + 3_600_000, pollIntervalMs: 1_000, since, random: () => 0 }, clock);
    expect(looks[0] - (since + 300_000)).toBe(0);
    expect(looks[1] - looks[0]).toBe(30_000);
  });
});
