import { planPins, PlannedPin } from "../../src/engine/plan";
import { parseVersion } from "../../src/versions";

/** Pins on three control planes whose reads each take a little while, counting how many are in flight at once. */
function pinsOnThreePlanes() {
  const seen = { inFlight: 0, most: 0 };
  const pins: PlannedPin[] = Array.from({ length: 12 }, (_, index) => ({
    address: `stack/pin-${index}`,
    kind: "redis-software-database",
    redisVersion: "7.4",
    profile: {
      platform: "redis-software",
      database: `bdb ${index}`,
      controlPlane: `cluster-${index % 3}`,
      bounds: { concurrency: 4, minIntervalMs: 0 },
      activeActive: false,
      dataLossFlags: [],
    },
    observe: async () => {
      seen.most = Math.max(seen.most, ++seen.inFlight);
      await new Promise((resolve) => setTimeout(resolve, 10));
      seen.inFlight--;
      return { current: parseVersion("7.4"), status: "active" };
    },
  }));
  return { pins, seen };
}

describe("planPins concurrency", () => {
  it("reads every control plane at once, each within its own bounds, by default", async () => {
    const { pins, seen } = pinsOnThreePlanes();
    const rows = await planPins(pins);
    expect(rows.map((row) => row.action)).toEqual(Array(12).fill("noop"));
    expect(seen.most).toBe(12);
  });

  it("reads one pin at a time over all control planes with concurrency 1, deciding the same", async () => {
    const { pins, seen } = pinsOnThreePlanes();
    const rows = await planPins(pins, { concurrency: 1 });
    expect(rows.map((row) => row.action)).toEqual(Array(12).fill("noop"));
    expect(seen.most).toBe(1);
  });
});
