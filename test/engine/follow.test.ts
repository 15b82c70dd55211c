import { Deadline } from "../../src/core/deadline";
import { followSteps, FollowLoop, Progress, Step } from "../../src/engine";
import { virtualClock } from "../support/clock";

const TERMS = { budget: "timeoutMinutes: 600", afterwards: "" };

/** The engine's loop on a virtual clock, with `steps` answering each read. */
function loopOn(clock = virtualClock(1_000_000, () => 0), spanMs = 10 * 3_600_000, options: Partial<FollowLoop> = {}) {
  const deadline = Deadline.after(spanMs, TERMS, clock);
  return { clock, deadline, loop: { clock, deadline, pollIntervalMs: 1_000, onProgress: () => undefined, ...options } };
}

/** Follows an operation that ends `lastsMs` after the start; returns when each read happened and when the end was seen. */
async function follow(lastsMs: number, random: number, options: Partial<FollowLoop> = {}) {
  const { clock, loop } = loopOn(virtualClock(1_000_000, () => random), undefined, options);
  const start = clock.now();
  const looks: number[] = [];
  const step = async (): Promise<Step<void, "done">> => {
    looks.push(clock.now() - start);
    return clock.now() - start >= lastsMs ? { kind: "ended", result: "done" } : { kind: "running", progress: { state: "upgrading" } };
  };
  const result = await followSteps(undefined, step, loop);
  return { result, looks, late: looks[looks.length - 1] - lastsMs, clock };
}

describe("the engine's follow loop on the adaptive schedule", () => {
  it("makes its first read one minimum wait after the submit", async () => {
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

  it("spends at most 100 reads on a 30-minute upgrade", async () => {
    for (const random of [0, 0.5, 0.999]) {
      const { looks } = await follow(1_800_000, random);
      expect(looks.length).toBeLessThanOrEqual(100);
    }
  });

  it("never waits longer than the ceiling it is given", async () => {
    const { clock } = await follow(600_000, 0, { pollMaxMs: 5_000 });
    expect(Math.max(...clock.slept)).toBe(5_000);
  });

  it("cuts the last wait to the deadline and reports the timeout there, with the last progress", async () => {
    const { clock, deadline, loop } = loopOn(undefined, 95_000);
    const result = await followSteps(undefined, async (): Promise<Step<void, never>> => ({ kind: "running", progress: { state: "upgrading", percent: 40 } }), loop);
    expect(result).toEqual({ kind: "timeout", last: { state: "upgrading", percent: 40 } });
    expect(clock.now()).toBe(deadline.at);
  });

  it("tells the progress printer when the next read comes", async () => {
    const seen: Progress[] = [];
    const { clock, loop } = loopOn(undefined, undefined, { onProgress: (progress) => seen.push(progress) });
    const start = clock.now();
    await followSteps(undefined, async (): Promise<Step<void, "done">> => (clock.now() - start >= 60_000 ? { kind: "ended", result: "done" } : { kind: "running", progress: { state: "upgrading" } }), loop);
    expect(seen[0]).toEqual({ state: "upgrading", nextCheckInMs: 1_000 });
    expect(seen[seen.length - 1].nextCheckInMs).toBeGreaterThan(5_000);
  });

  it("hands each read what the one before learnt", async () => {
    const { loop } = loopOn();
    const seen: number[] = [];
    const step = async (reads: number): Promise<Step<number, number>> => (seen.push(reads), reads === 3 ? { kind: "ended", result: reads } : { kind: "running", operation: reads + 1 });
    expect(await followSteps(0, step, loop)).toBe(3);
    expect(seen).toEqual([0, 1, 2, 3]);
  });

  it("follows a status no source lists until the deadline, naming it in the progress", async () => {
    const seen: Progress[] = [];
    const { loop } = loopOn(undefined, 10_000, { onProgress: (progress) => seen.push(progress) });
    const result = await followSteps(undefined, async (): Promise<Step<void, never>> => ({ kind: "unknown", status: "paused", progress: { state: "paused", percent: 40 } }), loop);
    expect(result).toMatchObject({ kind: "timeout", last: { state: "paused", percent: 40 } });
    expect(seen[0].detail).toBe('status "paused" is not one the docs list: still following it until the deadline');
  });
});
