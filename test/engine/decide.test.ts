import { decide, Observation, Operation, Predecessor, satisfies } from "../../src/engine";
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
    ["behind, with the pin offered", "7.4", observed("7.2", { supportedTargets: [v("7.2"), v("7.4")] }), "upgrade"],
    ["on a lower major, without consent", "8.0", observed("7.4", { supportedTargets: [v("7.4"), v("8.0")] }), "refuse"],
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

describe("decide with the user's safeguards", () => {
  const NOW = Date.parse("2026-12-01T12:00:00Z"); // a Tuesday
  const nightly = { start: "22:00", end: "02:00", timeZone: "Europe/Paris" };
  const predecessor = (state: Predecessor["state"]): Predecessor => ({ address: "app/replica", pinned: v("8.0"), state });

  it("refuses a higher major without allowMajorVersionUpgrade, and upgrades with it", () => {
    expect(decide(v("8.0"), observed("7.4"), { now: NOW })).toMatchObject({ action: "refuse", reason: expect.stringContaining("allowMajorVersionUpgrade: true") });
    expect(decide(v("8.0"), observed("7.4"), { now: NOW, allowMajorVersionUpgrade: true }).action).toBe("upgrade");
    expect(decide(v("7.4"), observed("7.2"), { now: NOW }).action).toBe("upgrade");
  });

  it("defers an upgrade outside every window, naming the next opening in the window's zone and in UTC", () => {
    const decision = decide(v("7.4"), observed("7.2"), { now: NOW, maintenanceWindows: [nightly] });
    expect(decision).toMatchObject({ action: "deferred", opensAt: Date.parse("2026-12-01T21:00:00Z") });
    expect(decision.action === "deferred" && decision.reason).toContain(
      "outside its maintenanceWindows (every day 22:00–02:00 Europe/Paris): the next opening is Tue 2026-12-01 22:00 Europe/Paris (Tue 2026-12-01 21:00 UTC)",
    );
    expect(decide(v("7.4"), observed("7.2"), { now: Date.parse("2026-12-01T23:30:00Z"), maintenanceWindows: [nightly] }).action).toBe("upgrade");
  });

  it("follows a running upgrade and leaves a reached pin alone, whatever the hour", () => {
    const running: Operation = { lookup: "GET /v1/actions/a1" };
    expect(decide(v("7.4"), observed("7.2", { running }), { now: NOW, maintenanceWindows: [nightly] }).action).toBe("resume");
    expect(decide(v("7.4"), observed("7.4"), { now: NOW, maintenanceWindows: [nightly] }).action).toBe("noop");
  });

  it("defers until every upgradeAfter pin has reached its own pin, and refuses when one cannot be read", () => {
    const guards = (state: Predecessor["state"]) => ({ now: NOW, allowMajorVersionUpgrade: true, predecessors: [predecessor(state)] });
    expect(decide(v("8.0"), observed("7.4"), guards({ kind: "behind", current: v("7.4") }))).toMatchObject({
      action: "deferred",
      opensAt: Number.POSITIVE_INFINITY,
      reason: expect.stringContaining("upgradeAfter: app/replica runs 7.4, not yet its pin 8.0"),
      waitingOn: [{ address: "app/replica", pinned: "8.0", current: "7.4", state: "behind" }],
    });
    expect(decide(v("8.0"), observed("7.4"), guards({ kind: "unreadable", error: "GET /v1/bdbs/2 answered 404" })).action).toBe("refuse");
    expect(decide(v("8.0"), observed("7.4"), guards({ kind: "reached", current: v("8.0") })).action).toBe("upgrade");
    expect(decide(v("8.0"), observed("7.4"), guards({ kind: "upgraded-first", current: v("7.4") })).action).toBe("upgrade");
  });

  it("names the missing consent before the order, and the order before the hour", () => {
    const all = { now: NOW, maintenanceWindows: [nightly], predecessors: [predecessor({ kind: "behind", current: v("7.4") })] };
    expect(decide(v("8.0"), observed("7.4"), all)).toMatchObject({ action: "refuse", reason: expect.stringContaining("allowMajorVersionUpgrade") });
    expect(decide(v("8.0"), observed("7.4"), { ...all, allowMajorVersionUpgrade: true })).toMatchObject({ action: "deferred", reason: expect.stringContaining("upgradeAfter") });
    expect(decide(v("8.0"), observed("7.4"), { ...all, allowMajorVersionUpgrade: true, predecessors: [] }).action).toBe("deferred");
  });
});

/*
 * Time is virtual: decide takes the instant, and each predecessor's last
 * change comes from its control plane's record, so days of soak are tested
 * by moving a number.
 */
describe("decide with soakHours", () => {
  const NOW = Date.parse("2026-12-01T12:00:00Z"); // a Tuesday
  const HOUR = 3_600_000;
  const MINUTE = 60_000;
  const changedAt = (at: number) => ({ at, source: `last_changed_time ${new Date(at).toISOString()} of bdb 22` });
  /** A staging pin asked to soak `soakHours` (48 unless said; null: no soak). */
  const staging = (state: Predecessor["state"], address = "staging/orders", soakHours: number | null = 48): Predecessor => ({ address, pinned: v("7.4"), state, soakHours: soakHours ?? undefined });
  const reached = (at: number | undefined, address?: string, soakHours?: number | null) =>
    staging({ kind: "reached", current: v("7.4"), ...(at === undefined ? {} : { lastChange: changedAt(at) }) }, address, soakHours);
  const soaking = (predecessors: Predecessor[], extra: object = {}) => decide(v("7.4"), observed("7.2"), { now: NOW, predecessors, ...extra });

  it("defers until each predecessor has run its pin for its soak since its last change, saying how long and until when", () => {
    const since = NOW - 2 * HOUR - 5 * MINUTE - 30_000;
    const decision = soaking([reached(since)]);
    expect(decision).toMatchObject({
      action: "deferred",
      opensAt: since + 48 * HOUR,
      waitingOn: [{ address: "staging/orders", pinned: "7.4", current: "7.4", state: "soaking", soakHours: 48, soakedHours: 2.09, soakCompletesAt: "2026-12-03T09:54:30.000Z" }],
    });
    const reason = decision.action === "deferred" ? decision.reason : "";
    expect(reason).toContain(
      `upgradeAfter: staging/orders runs 7.4 (its pin 7.4) and has soaked 2h 05m of 48h, since its last change (last_changed_time ${new Date(since).toISOString()} of bdb 22)`,
    );
    // Shown to the minute, rounded up: never earlier than the soak really completes.
    expect(reason).toContain("the soak completes Thu 2026-12-03 09:55 UTC");
    expect(soaking([reached(NOW - 48 * HOUR)]).action).toBe("upgrade");
    expect(soaking([reached(NOW - 48 * HOUR + 1)]).action).toBe("deferred");
  });

  it("shows the completion in the zone of the pin's maintenance windows as well as in UTC", () => {
    const windows = [{ start: "00:00", end: "23:59", timeZone: "UTC" }, { start: "23:59", end: "00:00", timeZone: "Asia/Kolkata" }];
    const decision = soaking([reached(NOW - HOUR)], { maintenanceWindows: windows });
    expect(decision.action === "deferred" && decision.reason).toContain("the soak completes Thu 2026-12-03 16:30 Asia/Kolkata (Thu 2026-12-03 11:00 UTC)");
  });

  it("waits for the slowest predecessor, each with its own soak, and names every one still waited for", () => {
    const replica = staging({ kind: "reached", current: v("7.4"), lastChange: changedAt(NOW - MINUTE) }, "production/orders-replica", null);
    const decision = soaking([reached(NOW - 50 * HOUR, "staging/a"), reached(NOW - 10 * HOUR, "staging/b"), staging({ kind: "behind", current: v("7.2") }, "staging/c"), replica]);
    expect(decision.action === "deferred" && decision.waitingOn?.map((waiting) => [waiting.address, waiting.state])).toEqual([
      ["staging/b", "soaking"],
      ["staging/c", "behind"],
    ]);
    // One is behind: when it will have soaked is not known yet.
    expect(decision).toMatchObject({
      opensAt: Number.POSITIVE_INFINITY,
      reason: expect.stringContaining("staging/c runs 7.2, not yet its pin 7.4, and must then run it for 48h"),
    });
    expect(soaking([reached(NOW - 50 * HOUR, "staging/a"), reached(NOW - 10 * HOUR, "staging/b", 12), replica])).toMatchObject({ opensAt: NOW + 2 * HOUR });
  });

  it("takes fractions of an hour, and counts a last change in the future (a skewed clock) as no soak at all", () => {
    expect(soaking([reached(NOW - 31 * MINUTE, undefined, 0.5)]).action).toBe("upgrade");
    expect(soaking([reached(NOW - 29 * MINUTE, undefined, 0.5)]).action).toBe("deferred");
    expect(soaking([reached(NOW + HOUR)])).toMatchObject({ action: "deferred", opensAt: NOW + 49 * HOUR, waitingOn: [{ soakedHours: 0 }] });
  });

  it("refuses, rather than guess, when a predecessor's control plane records no time of its last change", () => {
    expect(soaking([reached(undefined)])).toMatchObject({
      action: "refuse",
      reason: expect.stringContaining("staging/orders runs 7.4, but its control plane reports no readable time of its last change"),
    });
    // Without a soak the time is not needed.
    expect(soaking([staging({ kind: "reached", current: v("7.4") }, "staging/orders", null)]).action).toBe("upgrade");
  });

  it("counts a predecessor the same apply upgrades first as starting its soak now", () => {
    const decision = soaking([staging({ kind: "upgraded-first", current: v("7.2") })]);
    expect(decision).toMatchObject({ action: "deferred", opensAt: NOW + 48 * HOUR, waitingOn: [{ state: "upgraded-first", soakCompletesAt: "2026-12-03T12:00:00.000Z" }] });
  });

  it("leaves a reached pin alone and follows a running upgrade, whatever the soak", () => {
    expect(decide(v("7.4"), observed("7.4"), { now: NOW, predecessors: [reached(NOW)] }).action).toBe("noop");
    expect(decide(v("7.4"), observed("7.2", { running: { lookup: "GET /v1/actions/a1" } }), { now: NOW, predecessors: [reached(NOW)] }).action).toBe("resume");
  });
});
