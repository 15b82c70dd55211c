import { Observation, Operation, planPins, Predecessor, readState, run, Upgrader, Verification } from "../../src/engine";
import { planExitCode } from "../../src/cli/plan";
import { profileOf } from "../../src/kinds";
import { Spec } from "../../src/spec";
import { parseVersion, RedisVersion } from "../../src/versions";
import { recordingLogger } from "../support/logger";
import { activeActiveSpec, cloudSpec, softwareSpec } from "../support/specs";
import { testRun } from "../support/run";
import { virtualClock } from "../support/clock";

/** A control plane reduced to the port: it reports one observation and completes whatever is submitted. */
function upgraderReporting(observation: Observation): Upgrader {
  return {
    target: "a database",
    lockKey: "agreement-test a database",
    observe: async () => observation,
    submit: async (): Promise<Operation> => ({ lookup: "GET /v1/tasks/t1" }),
    step: async () => ({ kind: "ended", result: { kind: "completed" } }),
    verify: async (pin: RedisVersion): Promise<Verification> => ({ kind: "verified", observed: { ...observation, current: pin } }),
  };
}

const TODAY = new Date("2026-11-01T09:00:00Z");
const observed = (current: string, extra: Partial<Observation> = {}): Observation => ({ current: parseVersion(current), status: "active", ...extra });

/*
 * Plan and apply call the same decide() and the same upgradeWarnings(); this
 * proves the wiring: for one pin and one observation, the warnings a plan row
 * shows are exactly the ones apply prints.
 */
describe("plan and apply agree", () => {
  it.each<[string, Spec, Observation]>([
    ["an Active-Active major upgrade with Search and a kept protocol", activeActiveSpec({ redisVersion: "8.0", allowMajorVersionUpgrade: true, upgrade: { keepCrdtProtocolVersion: true } }), observed("7.4.2", { activeActive: true, modules: ["search"] })],
    ["a Redis Cloud Active-Active database into Redis 8", cloudSpec({ redisVersion: "8.2", allowMajorVersionUpgrade: true }), observed("7.4", { activeActive: true })],
    ["a data-discarding Software upgrade", softwareSpec({ redisVersion: "7.4", upgrade: { mayDiscardData: true }, acknowledgeDataLoss: true }), observed("7.2.7")],
    ["a running upgrade resumed", softwareSpec({ redisVersion: "8.0" }), observed("7.4", { running: { lookup: "GET /v1/actions/a1" } })],
  ])("on the warnings for %s", async (_case, spec, observation) => {
    const pinned = parseVersion(spec.redisVersion);
    const upgrader = upgraderReporting(observation);
    const log = recordingLogger();
    await run(upgrader, pinned, { label: spec.address, context: testRun({ log, clock: virtualClock(TODAY.getTime()), timeoutMs: 60_000 }), pollIntervalMs: 1, profile: profileOf(spec) });
    const [row] = await planPins(
      [{ address: spec.address, kind: spec.kind, redisVersion: spec.redisVersion, profile: profileOf(spec), observe: upgrader.observe }],
      { today: TODAY },
    );
    const printed = log.lines.filter((line) => line.startsWith("warning: ")).map((line) => line.replace(/^warning: [^:]+\): /, ""));
    expect(row.warnings.length).toBeGreaterThan(0);
    expect(printed).toEqual(row.warnings);
  });
});

/*
 * The user's safeguards (consent, windows, order, soak) are decided by the
 * same decide() in both: for one pin and what its control planes report,
 * apply fails with the reason the plan row shows, and sends nothing.
 */
describe("plan and apply agree on the safeguards", () => {
  const NIGHTLY = [{ start: "22:00", end: "02:00", timeZone: "Europe/Paris" }];
  const HOUR = 3_600_000;
  /** A predecessor's database as its control plane reports it, last changed `hoursAgo` before TODAY. */
  const listed = (address: string, pinned: string, current: string, hoursAgo?: number) => ({
    address,
    pinned,
    observation: observed(current, hoursAgo === undefined ? {} : { lastChange: { at: TODAY.getTime() - hoursAgo * HOUR, source: "lastModified of database 1" } }),
  });
  type Listed = ReturnType<typeof listed>;
  const soaked = (hours: number, spec: Record<string, unknown> = {}) =>
    softwareSpec({ redisVersion: "7.4", upgradeAfter: [{ ...cloudSpec({ address: "staging/sessions" }), soakHours: hours }], ...spec });
  it.each<[string, Spec, Observation, readonly Listed[], string]>([
    ["a major upgrade without consent", softwareSpec({ redisVersion: "8.0" }), observed("7.4"), [], "refuse"],
    ["an upgrade outside its window", softwareSpec({ redisVersion: "7.4", maintenanceWindows: NIGHTLY }), observed("7.2"), [], "deferred"],
    ["a source whose replica is behind", cloudSpec({ redisVersion: "8.2", allowMajorVersionUpgrade: true }), observed("7.4"), [listed("app/replica", "8.2", "7.4")], "deferred"],
    ["production before staging has reached its pin", soaked(48), observed("7.2"), [listed("staging/sessions", "7.4", "7.2", 100)], "deferred"],
    ["production while staging soaks", soaked(48), observed("7.2"), [listed("staging/sessions", "7.4", "7.4", 3)], "deferred"],
    ["production once staging has soaked, outside its window", soaked(48, { maintenanceWindows: NIGHTLY }), observed("7.2"), [listed("staging/sessions", "7.4", "7.4", 49)], "deferred"],
    ["production after a staging that records no time", soaked(0.5), observed("7.2"), [listed("staging/sessions", "7.4", "7.4")], "refuse"],
  ])("on %s", async (_case, spec, observation, predecessors, action) => {
    const submitted: string[] = [];
    const upgrader = { ...upgraderReporting(observation), submit: async (): Promise<Operation> => (submitted.push("POST"), { lookup: "t" }) };
    const pinned = parseVersion(spec.redisVersion);
    // What apply's readPredecessors makes of each predecessor's observation.
    const soakOf = (address: string) => spec.upgradeAfter?.find((listed) => listed.address === address)?.soakHours;
    const read = predecessors.map((p): Predecessor => ({ address: p.address, pinned: parseVersion(p.pinned), soakHours: soakOf(p.address), state: readState(p.observation, parseVersion(p.pinned)) }));
    const context = testRun({ log: recordingLogger(), clock: virtualClock(TODAY.getTime()), timeoutMs: 60_000 });
    const applied = run(upgrader, pinned, { label: spec.address, context, pollIntervalMs: 1, profile: profileOf(spec), predecessors: read });
    const upgradeAfter = predecessors.map((p) => ({ address: p.address, redisVersion: p.pinned, soakHours: soakOf(p.address), observe: async () => p.observation }));
    const [row] = await planPins(
      [{ address: spec.address, kind: spec.kind, redisVersion: spec.redisVersion, profile: profileOf(spec), observe: upgrader.observe, upgradeAfter }],
      { today: TODAY },
    );
    expect(row.action).toBe(action);
    await expect(applied).rejects.toThrow(row.action === "refuse" || row.action === "deferred" ? row.reason : "unreachable");
    expect(submitted).toEqual([]);
    // A deferred upgrade is pending, as terraform plan counts it; a refusal fails the plan.
    expect([planExitCode([row], false), planExitCode([row], true)]).toEqual(action === "deferred" ? [0, 2] : [1, 1]);
  });
});
