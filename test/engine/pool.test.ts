import { runBounded } from "../../src/engine/pool";

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe("runBounded", () => {
  it("returns results in the order of the items, whatever order they finish in", async () => {
    const results = await runBounded([30, 1, 15], { concurrency: 3, minIntervalMs: 0 }, async (ms) => {
      await new Promise((resolve) => setTimeout(resolve, ms));
      return ms * 2;
    });
    expect(results).toEqual([60, 2, 30]);
  });

  it("never has more than `concurrency` tasks in flight", async () => {
    let inFlight = 0;
    let most = 0;
    await runBounded([...Array(10).keys()], { concurrency: 3, minIntervalMs: 0 }, async () => {
      most = Math.max(most, ++inFlight);
      await tick();
      inFlight--;
    });
    expect(most).toBe(3);
  });

  it("starts the k-th task no sooner than k × minIntervalMs after the first", async () => {
    const starts: number[] = [];
    await runBounded([1, 2, 3, 4], { concurrency: 4, minIntervalMs: 40 }, async () => {
      starts.push(Date.now());
    });
    // A late timer may bring two starts closer, never ahead of their slots. Timers may fire a millisecond early.
    starts.forEach((at, k) => expect(at - starts[0]).toBeGreaterThanOrEqual(k * 40 - 2));
  });

  it("does nothing for no items", async () => {
    expect(await runBounded([], { concurrency: 4, minIntervalMs: 0 }, async () => 1)).toEqual([]);
  });
});
