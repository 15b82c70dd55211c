import { FollowResult, Observation, Operation, planPins, run, Upgrader, Verification } from "../../src/engine";
import { profileOf } from "../../src/kinds";
import { Spec } from "../../src/spec";
import { parseVersion, RedisVersion } from "../../src/versions";
import { recordingLogger } from "../platforms/redis-software/harness";
import { activeActiveSpec, cloudSpec, softwareSpec } from "../support/specs";

/** A control plane reduced to the port: it reports one observation and completes whatever is submitted. */
function upgraderReporting(observation: Observation): Upgrader {
  return {
    target: "a database",
    observe: async () => observation,
    submit: async (): Promise<Operation> => ({ lookup: "GET /v1/tasks/t1" }),
    follow: async (): Promise<FollowResult> => ({ kind: "completed" }),
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
    ["an Active-Active major upgrade with Search and a kept protocol", activeActiveSpec({ redisVersion: "8.0", upgrade: { keepCrdtProtocolVersion: true } }), observed("7.4.2", { activeActive: true, modules: ["search"] })],
    ["a Redis Cloud Active-Active database into Redis 8", cloudSpec({ redisVersion: "8.2" }), observed("7.4", { activeActive: true })],
    ["a data-discarding Software upgrade", softwareSpec({ redisVersion: "7.4", upgrade: { mayDiscardData: true }, acknowledgeDataLoss: true }), observed("7.2.7")],
    ["a running upgrade resumed", softwareSpec({ redisVersion: "8.0" }), observed("7.4", { running: { lookup: "GET /v1/actions/a1" } })],
  ])("on the warnings for %s", async (_case, spec, observation) => {
    const pinned = parseVersion(spec.redisVersion);
    const upgrader = upgraderReporting(observation);
    const log = recordingLogger();
    await run(upgrader, pinned, { label: spec.address, timeoutMinutes: 1, pollIntervalMs: 1, log, profile: profileOf(spec), now: () => TODAY.getTime() });
    const [row] = await planPins(
      [{ address: spec.address, kind: spec.kind, redisVersion: spec.redisVersion, profile: profileOf(spec), observe: upgrader.observe }],
      { today: TODAY },
    );
    const printed = log.lines.filter((line) => line.startsWith("warning: ")).map((line) => line.replace(/^warning: [^:]+\): /, ""));
    expect(row.warnings.length).toBeGreaterThan(0);
    expect(printed).toEqual(row.warnings);
  });
});
