import { RunFailure } from "../../src/core/errors";
import { BackupEnd, Observation, Operation, planPins, Progress, run, Upgrader, Verification } from "../../src/engine";
import { BACKUP_PLAN_NOTE } from "../../src/engine/backup";
import { profileOf } from "../../src/kinds";
import { parseVersion, RedisVersion } from "../../src/versions";
import { recordingLogger } from "../support/logger";
import { cloudSpec } from "../support/specs";
import { testRun } from "../support/run";
import { virtualClock } from "../support/clock";

const NOW = Date.parse("2026-11-01T09:00:00Z");
const observed = (current: string, extra: Partial<Observation> = {}): Observation => ({ current: parseVersion(current), status: "active", ...extra });

/** How the backup ends, or a backup that keeps running with this progress. */
type BackupCase = BackupEnd | { kind: "runs"; last: Progress };

/** A control plane reduced to the port, recording the order of what it is asked to do. */
function recordingUpgrader(observation: Observation, backup?: () => Promise<BackupCase>) {
  const calls: string[] = [];
  const upgrader: Upgrader = {
    target: "a database",
    lockKey: `backup-test ${Math.random()}`,
    observe: async () => observation,
    submit: async (): Promise<Operation> => (calls.push("submit"), { lookup: "GET /v1/tasks/u1" }),
    step: async () => ({ kind: "ended", result: { kind: "completed" } }),
    verify: async (pin: RedisVersion): Promise<Verification> => ({ kind: "verified", observed: { ...observation, current: pin } }),
    ...(backup
      ? {
          backup: {
            start: async () => {
              calls.push("backup");
              const outcome = await backup();
              return outcome.kind === "runs" ? { kind: "started" as const, operation: outcome.last } : { kind: "ended" as const, result: outcome };
            },
            step: async (last: Progress) => ({ kind: "running" as const, progress: last }),
          },
        }
      : {}),
  };
  return { upgrader, calls };
}

describe("run() with backupBeforeUpgrade", () => {
  const spec = cloudSpec({ redisVersion: "7.4", backupBeforeUpgrade: true });
  const apply = (upgrader: Upgrader, log = recordingLogger()) =>
    run(upgrader, parseVersion("7.4"), { label: spec.address, context: testRun({ log, clock: virtualClock(NOW), timeoutMs: 60_000 }), pollIntervalMs: 1, profile: profileOf(spec) });

  it("backs up before it submits, and says so in one summary line", async () => {
    const { upgrader, calls } = recordingUpgrader(observed("7.2"), async () => ({ kind: "backed-up", lookup: "GET /v1/tasks/b1" }));
    const log = recordingLogger();
    await apply(upgrader, log);
    expect(calls).toEqual(["backup", "submit"]);
    expect(log.lines.filter((line) => /backed up in/.test(line))).toEqual([`${spec.address} (a database): backed up in 0s (GET /v1/tasks/b1)`]);
  });

  it.each<[string, BackupCase, RegExp]>([
    ["a failed backup", { kind: "failed", reason: "the bucket refused the write" }, /the backup before the upgrade failed: the bucket refused the write\. No upgrade was requested/],
    ["no destination", { kind: "no-destination", fix: "Give it a backup location." }, /no backup destination\. No upgrade was requested\. Give it a backup location\./],
    ["a backup still running at the deadline", { kind: "runs", last: { state: "task processing-in-progress" } }, /timed out after 1 minutes while the backup before the upgrade was still running \(last seen: task processing-in-progress\)/],
  ])("fails the apply on %s and submits nothing", async (_case, result, message) => {
    const { upgrader, calls } = recordingUpgrader(observed("7.2"), async () => result);
    await expect(apply(upgrader)).rejects.toThrow(message);
    expect(calls).toEqual(["backup"]);
  });

  it("refuses, submitting nothing, when the platform offers no backup", async () => {
    const { upgrader, calls } = recordingUpgrader(observed("7.2"));
    const error = await apply(upgrader).then(() => undefined, (failure: Error) => failure);
    expect(error).toBeInstanceOf(RunFailure);
    expect(error?.message).toMatch(/offers no backup request; nothing was sent/);
    expect(calls).toEqual([]);
  });

  it("never backs up to resume a running upgrade", async () => {
    const { upgrader, calls } = recordingUpgrader(observed("7.2", { running: { lookup: "GET /v1/tasks/u0" } }), async () => ({ kind: "backed-up", lookup: "b" }));
    await apply(upgrader);
    expect(calls).toEqual([]);
  });

  it("warns in plan and apply alike when the database has no backup destination", async () => {
    const observation = observed("7.2", { backupDestination: false });
    const { upgrader } = recordingUpgrader(observation, async () => ({ kind: "no-destination", fix: "Give it one." }));
    const log = recordingLogger();
    await expect(apply(upgrader, log)).rejects.toThrow(RunFailure);
    const [row] = await planPins([{ address: spec.address, kind: spec.kind, redisVersion: spec.redisVersion, profile: profileOf(spec), observe: async () => observation }], {
      today: new Date(NOW),
    });
    const printed = log.lines.filter((line) => line.startsWith("warning: ") && /backupBeforeUpgrade/.test(line));
    expect(printed).toEqual([`warning: ${spec.address} (a database): ${row.warnings.find((warning) => /backupBeforeUpgrade/.test(warning))}`]);
    expect(printed[0]).toMatch(/no backup destination: apply will fail before it requests the upgrade/);
  });

  it("is shown by plan on an upgrade row, and only there", async () => {
    const plan = (current: string) =>
      planPins([{ address: spec.address, kind: spec.kind, redisVersion: spec.redisVersion, profile: profileOf(spec), observe: async () => observed(current) }], { today: new Date(NOW) });
    const [upgrade] = await plan("7.2");
    const [noop] = await plan("7.4");
    expect(upgrade.notes).toContain(BACKUP_PLAN_NOTE);
    expect(noop.notes).not.toContain(BACKUP_PLAN_NOTE);
  });
});
