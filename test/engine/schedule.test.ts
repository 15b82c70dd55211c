import { DEFAULT_SCHEDULE, nextWait } from "../../src/engine/schedule";

describe("nextWait", () => {
  it("waits the minimum while a tenth of the elapsed time is shorter", () => {
    expect(nextWait(0, DEFAULT_SCHEDULE, 0)).toBe(1_000);
    expect(nextWait(9_000, DEFAULT_SCHEDULE, 0.99)).toBe(1_000);
  });

  it("grows to a tenth of the elapsed time, then stops at the ceiling", () => {
    expect(nextWait(120_000, DEFAULT_SCHEDULE, 0)).toBe(12_000);
    expect(nextWait(7_200_000, DEFAULT_SCHEDULE, 0)).toBe(30_000);
  });

  it("jitters only downwards, by a few percent, and never below the minimum", () => {
    const waits = [0, 0.25, 0.5, 0.75, 0.999].map((random) => nextWait(120_000, DEFAULT_SCHEDULE, random));
    expect(new Set(waits).size).toBeGreaterThan(1);
    for (const wait of waits) {
      expect(wait).toBeLessThanOrEqual(12_000);
      expect(wait).toBeGreaterThanOrEqual(11_600);
    }
    expect(nextWait(10_200, DEFAULT_SCHEDULE, 0.999)).toBe(1_000);
  });

  it("follows the bounds it is given, scaled down for rehearsals", () => {
    const scaled = { minMs: 100, maxMs: 400 };
    expect(nextWait(0, scaled, 0)).toBe(100);
    expect(nextWait(3_000, scaled, 0)).toBe(300);
    expect(nextWait(60_000, scaled, 0)).toBe(400);
  });
});
