import { lstatSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { apply } from "../../src/cli/apply";
import { STATE_DIR_ENV } from "../../src/core/local-state";
import { lockName } from "../../src/engine/lock";
import { identityOf } from "../../src/kinds";
import { SPEC_ENV } from "../../src/spec";
import { startCloud } from "../support/cloud-account";
import { startCluster } from "../support/software-cluster";
import { recordingLogger } from "../support/logger";
import { scaledClock, virtualClock } from "../support/clock";
import { tempDir } from "../support/temp";

/*
 * The handler's run context, through apply() as the bundled handler runs it:
 * its state directory, its clock (injected here), and its Redis Cloud budget.
 */
let stateDir: string;
beforeEach(() => (stateDir = tempDir("apply-state")));
afterEach(() => rmSync(stateDir, { recursive: true, force: true }));

const pro = { subscriptionId: 1234, databaseId: 5678, plan: "pro" } as const;

describe("apply's local state", () => {
  it("leaves the target of a link planted at every path it writes in its state directory untouched", async () => {
    const cloud = await startCloud();
    try {
      cloud.simulator.addDatabase({ ...pro, version: "7.2" });
      const env = (redisVersion: string) => ({ ...cloud.context.env, [STATE_DIR_ENV]: stateDir, [SPEC_ENV]: JSON.stringify(cloud.spec({ ...pro, redisVersion })) });
      const clock = virtualClock(Date.now());
      // A first apply (nothing to do) shows the budget file's name; the lock's comes from the pin's identity.
      expect(await apply({ env: env("7.2"), log: recordingLogger(), cwd: cloud.context.cwd, clock })).toBe(0);
      const [budget] = readdirSync(stateDir);
      const written = [budget, `${budget}.lock`, lockName(identityOf(cloud.spec({ ...pro, redisVersion: "7.4" })))];
      rmSync(join(stateDir, budget));
      const target = join(stateDir, "..", `rv-precious-${process.pid}`);
      writeFileSync(target, "a root-owned file");
      try {
        for (const name of written) symlinkSync(target, join(stateDir, name));
        const log = recordingLogger();
        expect(await apply({ env: env("7.4"), log, cwd: cloud.context.cwd, clock })).toBe(0);
        expect(readFileSync(target, "utf8")).toBe("a root-owned file");
        expect(log.lines.at(-1)).toMatch(/upgraded 7\.2 → 7\.4/);
        expect(lstatSync(join(stateDir, budget)).isFile()).toBe(true);
      } finally {
        rmSync(target, { force: true });
      }
    } finally {
      await cloud.close();
    }
  });

  it("names REDIS_VERSION_STATE_DIR when its directory cannot be used, before sending anything", async () => {
    const cluster = await startCluster();
    try {
      const spec = { kind: "redis-software-database", format: 1, address: "s/orders", redisVersion: "7.4", timeoutMinutes: 1, cluster: cluster.spec, databaseUid: 12 };
      const log = recordingLogger();
      const env = { ...cluster.context.env, [STATE_DIR_ENV]: "/sys/redis-version-test", [SPEC_ENV]: JSON.stringify(spec) };
      expect(await apply({ env, log, cwd: cluster.context.cwd })).toBe(1);
      expect(log.lines.join("\n")).toMatch(/^error: s\/orders: the local state directory \/sys\/redis-version-test cannot be used: .*set REDIS_VERSION_STATE_DIR to a directory of your own/m);
      expect(cluster.server.requests).toEqual([]);
    } finally {
      await cluster.close();
    }
  });
});

describe("apply's clock", () => {
  it("runs a minute's deadline under a stalled server in a fraction of a second on a sped-up clock", async () => {
    const cluster = await startCluster();
    try {
      cluster.simulator.addDatabase({ uid: 12, version: "7.2", replication: true });
      cluster.server.faults.add({ path: "^/v1/bdbs/12$", times: 50, fault: { kind: "slow-body", byteEveryMs: 50 } });
      const spec = { kind: "redis-software-database", format: 1, address: "s/orders", redisVersion: "7.4", timeoutMinutes: 1, cluster: cluster.spec, databaseUid: 12 };
      const log = recordingLogger();
      const started = Date.now();
      const env = { ...cluster.context.env, [STATE_DIR_ENV]: stateDir, [SPEC_ENV]: JSON.stringify(spec) };
      // 240 times as fast: the minute of timeoutMinutes is a quarter of a second of real time.
      expect(await apply({ env, log, cwd: cluster.context.cwd, clock: scaledClock(240) })).toBe(1);
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(log.lines.at(-1)).toMatch(/^error: .*deadline \(timeoutMinutes: 1\)/);
      expect(cluster.upgradePosts()).toEqual([]);
    } finally {
      await cluster.close();
    }
  });
});

describe("apply against a Redis Cloud 429", () => {
  it("backs off about a second after one 429 without Retry-After, and keeps the machine's budget", async () => {
    const cloud = await startCloud();
    try {
      cloud.simulator.addDatabase({ ...pro, version: "7.2" });
      cloud.server.faults.add({ path: "/databases/5678$", fault: { kind: "status", status: 429 } });
      const clock = virtualClock(Date.now(), () => 0.5);
      const log = recordingLogger();
      const env = { ...cloud.context.env, [STATE_DIR_ENV]: stateDir, [SPEC_ENV]: JSON.stringify(cloud.spec({ ...pro, redisVersion: "7.4" })) };
      expect(await apply({ env, log, cwd: cloud.context.cwd, clock })).toBe(0);
      const output = log.lines.join("\n");
      expect(output).toMatch(/answered 429.*; retrying in 0\.\ds \(attempt 2 of 10\)/);
      expect(output).not.toMatch(/requests a minute/);
      expect(clock.slept.filter((ms) => ms >= 5_000)).toEqual([]);
    } finally {
      await cloud.close();
    }
  });
});
