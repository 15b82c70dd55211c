import { decide, Observation, Operation, satisfies } from "../../src/engine";
import { parseVersion } from "../../src/versions";

const v = parseVersion;
const observed = (current: string, extra: Partial<Observation> = {}): Observation => ({ current: v(current), status: "active", ...extra });

/*
 * One rule for every platform: Redis Cloud moves minors and patches forward
 * on its own, a Redis Software cluster ships new patches, and neither goes
 * back, so ahead within the pinned major is reached everywhere.
 */
describe("satisfies", () => {
  it.each([
    ["7.4", "7.4", true],
    ["7.4.2", "7.4", true],
    ["7.4", "7.4.2", true],
    ["7.4.3", "7.4.2", true],
    ["7.6", "7.4", true],
    ["7.4.1", "7.4.2", false],
    ["7.2.7", "7.4", false],
    ["8.0", "7.4", false],
    ["7.4", "8.0", false],
  ])("%s satisfies a %s pin: %s", (current, pin, expected) => {
    expect(satisfies(v(current), v(pin))).toBe(expected);
  });
});

describe("decide", () => {
  const running: Operation = { lookup: "GET /v1/actions/a1" };
  it.each<[string, string, Observation, string]>([
    ["at the pin", "7.4", observed("7.4"), "noop"],
    ["ahead within the major", "7.2", observed("7.4.2"), "noop"],
    ["on a later patch than a patch pin", "7.4.2", observed("7.4.3"), "noop"],
    ["reporting no patch for a patch pin", "7.4.2", observed("7.4"), "noop"],
    ["behind the pin", "7.4", observed("7.2.7"), "upgrade"],
    ["on an earlier patch", "7.4.2", observed("7.4.1"), "upgrade"],
    ["behind, with the pin offered", "8.0", observed("7.4", { supportedTargets: [v("7.4"), v("8.0")] }), "upgrade"],
    ["behind, with the pin not offered", "8.2", observed("7.4", { supportedTargets: [v("8.0")] }), "refuse"],
    ["on a later major", "7.4", observed("8.0"), "refuse"],
    ["with an upgrade running, even if reached", "7.4", observed("7.4", { running }), "resume"],
    ["of the wrong kind", "7.4", observed("7.2", { wrongKind: "use the Active-Active construct" }), "refuse"],
  ])("%s (pin %s) → %s", (_case, pin, observation, action) => {
    expect(decide(v(pin), observation).action).toBe(action);
  });

  it("explains a downgrade and an unsupported target in words a reviewer can act on", () => {
    expect(decide(v("7.4"), observed("8.0"))).toMatchObject({ action: "refuse", reason: expect.stringMatching(/a downgrade is never sent.*pin 8\.0/) });
    const hint = "upgrade the cluster first";
    expect(decide(v("8.2"), observed("7.4", { supportedTargets: [v("8.0"), v("7.4")], newerTargetsHint: hint }))).toEqual({
      action: "refuse",
      reason: "8.2 is not a version this control plane can upgrade to; it offers 7.4, 8.0. Pin one of those, or upgrade the cluster first.",
    });
  });

  it("follows the running operation it was given", () => {
    expect(decide(v("7.4"), observed("7.2", { running }))).toEqual({ action: "resume", operation: running });
  });
});
