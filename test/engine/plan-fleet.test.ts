import { ApiError, TransportError } from "../../src/core/errors";
import { FleetAnswer, FleetGroup } from "../../src/engine/fleet";
import { planPins, PlannedPin } from "../../src/engine/plan";
import { parseVersion } from "../../src/versions";

const observed = (version: string): FleetAnswer => ({ kind: "observed", observed: { current: parseVersion(version), status: "active" } });

/** Pins of one control plane, the first `grouped` of them in one group that answers with `read`; counts what each path was asked. */
function pinsWith(read: () => Promise<readonly FleetAnswer[]>, grouped: number, total = grouped) {
  const asked = { group: 0, alone: [] as number[] };
  const group: FleetGroup = {
    key: "cluster-a lists",
    read: () => {
      asked.group++;
      return read();
    },
  };
  const pins: PlannedPin[] = Array.from({ length: total }, (_, index) => ({
    address: `stack/pin-${index}`,
    kind: "redis-software-database",
    redisVersion: "7.4",
    profile: { platform: "redis-software", database: `bdb ${index}`, controlPlane: "cluster-a", bounds: { concurrency: 8, minIntervalMs: 0 }, activeActive: false, dataLossFlags: [] },
    observe: async () => {
      asked.alone.push(index);
      return { current: parseVersion("7.2"), status: "active" };
    },
    ...(index < grouped ? { fleet: { group, member: index } } : {}),
  }));
  return { pins, asked };
}

describe("planPins with a group of list reads", () => {
  it("reads the group once and reads on their own only the pins it cannot answer", async () => {
    const { pins, asked } = pinsWith(async () => [observed("7.4"), { kind: "alone" }, observed("7.4")], 3, 4);
    const rows = await planPins(pins);
    expect(asked).toEqual({ group: 1, alone: [1, 3] });
    expect(rows.map((row) => row.action)).toEqual(["noop", "upgrade", "noop", "upgrade"]);
  });

  it("leaves every member to its own reads when the control plane answered the lists with an error", async () => {
    const { pins, asked } = pinsWith(async () => {
      throw new ApiError("GET", "/v1/bdbs", 403, undefined, "not allowed");
    }, 3);
    const rows = await planPins(pins);
    expect(asked.alone.sort()).toEqual([0, 1, 2]);
    expect(rows.map((row) => row.action)).toEqual(["upgrade", "upgrade", "upgrade"]);
  });

  it("gives every member the error when the control plane did not answer, and tries none of its other pins", async () => {
    const { pins, asked } = pinsWith(async () => {
      throw new TransportError("GET", "/v1/bdbs", "ECONNREFUSED");
    }, 3, 5);
    const rows = await planPins(pins);
    expect(asked.alone).toEqual([]);
    const errors = rows.map((row) => (row.action === "error" ? row.error : row.action));
    expect(errors.slice(0, 3)).toEqual(Array(3).fill("GET /v1/bdbs failed: ECONNREFUSED"));
    expect(errors.slice(3)).toEqual(Array(2).fill("not tried: the same control plane did not answer for another pin (GET /v1/bdbs failed: ECONNREFUSED)"));
  });
});
