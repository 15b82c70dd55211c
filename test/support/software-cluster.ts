import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { PlatformContext } from "../../src/platforms/context";
import { RunScope } from "../../src/core/run-context";
import { TransportTuning } from "../../src/platforms/redis-software";
import { ClusterSpec, parseResolved, SoftwareDatabaseSpec, softwareDatabaseSpecSchema } from "../../src/spec";
import { run } from "../../src/engine";
import { profileOf } from "../../src/kinds";
import { softwareDatabaseUpgrader } from "../../src/platforms/redis-software";
import { parseVersion } from "../../src/versions";
import { ControlPlane } from "../../src/simulator/types";
import { RunningServer } from "../../src/simulator/server";
import { CrdbRegistry, RedisSoftwareSimulator, RedisSoftwareSimulatorOptions } from "../../src/simulator/redis-software";
import { RecordingLogger, recordingLogger } from "./logger";
import { serveOverTls, upgradePosts } from "./served";
import { tempDir } from "./temp";
import { VirtualClock, virtualClock } from "./clock";
import { testRun, withTestRun } from "./run";

export const credentials = { username: "ops-admin@example.com", password: "Sim-Pa55word-never-printed" };
export const ENV = { RS_USER: credentials.username, RS_PASS: credentials.password };

/** Short retries: the waits themselves pass on the run's virtual clock. */
export function fastTransport(): TransportTuning {
  return { retry: { attempts: 4, baseDelayMs: 1, maxDelayMs: 2 } };
}

/** A run for tests on a virtual clock that records every wait, with a recording logger. */
export type TestContext = PlatformContext & RunScope & { log: RecordingLogger; clock: VirtualClock };

export function virtualRun(env: Readonly<Record<string, string | undefined>>, cwd: string): TestContext {
  // Starts at the real time, so what it writes to the shared state directory reads as current to other runs.
  const clock = virtualClock(Date.now());
  return { ...testRun({ env, log: recordingLogger(), cwd, clock, timeoutMs: 24 * 3_600_000 }), clock };
}

export interface Cluster {
  readonly simulator: RedisSoftwareSimulator;
  readonly server: RunningServer;
  readonly spec: ClusterSpec;
  readonly context: TestContext;
  /** The upgrade POSTs that reached the server (dropped ones included). */
  upgradePosts(): RunningServer["requests"];
  close(): Promise<void>;
}

/** A simulated cluster served over HTTPS, with its CA written where the spec's caCertFile points. */
export async function startCluster(
  options: Partial<RedisSoftwareSimulatorOptions> = {},
  wrap: (simulator: RedisSoftwareSimulator) => ControlPlane = (simulator) => simulator,
): Promise<Cluster> {
  const simulator = new RedisSoftwareSimulator({ credentials, ...options });
  const cwd = tempDir("rs");
  const { server } = await serveOverTls(wrap(simulator), cwd, 120_000);
  const context = virtualRun(ENV, cwd);
  return {
    simulator,
    server,
    spec: { url: server.url, caCertFile: "ca.pem", usernameEnv: "RS_USER", passwordEnv: "RS_PASS" },
    context,
    upgradePosts: () => upgradePosts(server),
    close: async () => {
      await context.close();
      await server.close();
    },
  };
}

export interface ActiveActiveClusters {
  readonly registry: CrdbRegistry;
  /** One served simulator per cluster name, each on its own port with its own CA. */
  readonly clusters: Readonly<Record<string, Cluster>>;
  /** The cluster specs as a spec names them, CA files all in one directory. */
  readonly specs: Readonly<Record<string, ClusterSpec>>;
  readonly context: TestContext;
  close(): Promise<void>;
}

/** Several simulated clusters sharing one CRDB registry, like the participants of an Active-Active database. */
export async function startActiveActive(
  names: readonly string[],
  options: (name: string) => Partial<RedisSoftwareSimulatorOptions> = () => ({}),
  registry = new CrdbRegistry(),
): Promise<ActiveActiveClusters> {
  const started = await Promise.all(names.map((name) => startCluster({ name, crdbs: registry, ...options(name) })));
  const cwd = tempDir("aa");
  const clusters = Object.fromEntries(names.map((name, index) => [name, started[index]]));
  const specs = Object.fromEntries(
    names.map((name, index) => {
      writeFileSync(join(cwd, `${name}-ca.pem`), started[index].server.caPem ?? "");
      return [name, { ...started[index].spec, caCertFile: `${name}-ca.pem` }];
    }),
  );
  const context = virtualRun(ENV, cwd);
  return {
    registry,
    clusters,
    specs,
    context,
    close: async () => {
      await context.close();
      await Promise.all(started.map((cluster) => cluster.close()));
    },
  };
}

/** A validated spec for database 12 of `cluster`, pinned to 7.4 with a 5-minute timeout, plus `overrides`. */
export function databaseSpec(cluster: Cluster, overrides: object = {}): SoftwareDatabaseSpec {
  return parseResolved(
    softwareDatabaseSpecSchema,
    { kind: "redis-software-database", format: 1, address: "stack/orders", redisVersion: "7.4", timeoutMinutes: 5, cluster: cluster.spec, databaseUid: 12, ...overrides },
    "test",
  );
}

/** What the handler does with `spec`, against `cluster`, polling as fast as the schedule allows, in a run of its own. */
export function applyDatabase(cluster: Cluster, spec: SoftwareDatabaseSpec) {
  return withTestRun(cluster.context, spec.timeoutMinutes, (context) =>
    run(softwareDatabaseUpgrader(spec, context, fastTransport()), parseVersion(spec.redisVersion), {
      label: spec.address,
      context,
      pollIntervalMs: 1,
      profile: profileOf(spec),
    }),
  );
}
