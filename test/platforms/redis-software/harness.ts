import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PlatformContext } from "../../../src/platforms/context";
import { Logger } from "../../../src/core/log";
import { TransportTuning } from "../../../src/platforms/redis-software";
import { ClusterSpec, parseResolved, SoftwareDatabaseSpec, softwareDatabaseSpecSchema } from "../../../src/spec";
import { run } from "../../../src/engine";
import { profileOf } from "../../../src/kinds";
import { softwareDatabaseUpgrader } from "../../../src/platforms/redis-software";
import { parseVersion } from "../../../src/versions";
import { ControlPlane } from "../../../src/simulator/types";
import { RunningServer } from "../../../src/simulator/server";
import { CrdbRegistry, RedisSoftwareSimulator, RedisSoftwareSimulatorOptions } from "../../../src/simulator/redis-software";
import { serveOverTls, upgradePosts } from "../../support/served";

export const credentials = { username: "ops-admin@example.com", password: "Sim-Pa55word-never-printed" };
export const ENV = { RS_USER: credentials.username, RS_PASS: credentials.password };

export interface RecordingLogger extends Logger {
  readonly lines: string[];
}

export function recordingLogger(): RecordingLogger {
  const lines: string[] = [];
  return { lines, info: (line) => lines.push(line), warn: (line) => lines.push(`warning: ${line}`) };
}

/** Retries without waiting, and a record of every wait asked for. */
export function fastTransport(): TransportTuning & { slept: number[] } {
  const slept: number[] = [];
  return {
    slept,
    retry: { attempts: 4, baseDelayMs: 1, maxDelayMs: 2 },
    random: () => 0,
    sleep: async (ms) => {
      slept.push(ms);
    },
  };
}

export interface Cluster {
  readonly simulator: RedisSoftwareSimulator;
  readonly server: RunningServer;
  readonly spec: ClusterSpec;
  readonly context: PlatformContext & { log: RecordingLogger };
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
  const cwd = mkdtempSync(join(tmpdir(), "rv-rs-"));
  const { server } = await serveOverTls(wrap(simulator), cwd, 120_000);
  return {
    simulator,
    server,
    spec: { url: server.url, caCertFile: "ca.pem", usernameEnv: "RS_USER", passwordEnv: "RS_PASS" },
    context: { env: ENV, log: recordingLogger(), cwd },
    upgradePosts: () => upgradePosts(server),
    close: () => server.close(),
  };
}

export interface ActiveActiveClusters {
  readonly registry: CrdbRegistry;
  /** One served simulator per cluster name, each on its own port with its own CA. */
  readonly clusters: Readonly<Record<string, Cluster>>;
  /** The cluster specs as a spec names them, CA files all in one directory. */
  readonly specs: Readonly<Record<string, ClusterSpec>>;
  readonly context: PlatformContext & { log: RecordingLogger };
  close(): Promise<void>;
}

/** Several simulated clusters sharing one CRDB registry, like the participants of an Active-Active database. */
export async function startActiveActive(
  names: readonly string[],
  options: (name: string) => Partial<RedisSoftwareSimulatorOptions> = () => ({}),
  registry = new CrdbRegistry(),
): Promise<ActiveActiveClusters> {
  const started = await Promise.all(names.map((name) => startCluster({ name, crdbs: registry, ...options(name) })));
  const cwd = mkdtempSync(join(tmpdir(), "rv-aa-"));
  const clusters = Object.fromEntries(names.map((name, index) => [name, started[index]]));
  const specs = Object.fromEntries(
    names.map((name, index) => {
      writeFileSync(join(cwd, `${name}-ca.pem`), started[index].server.caPem ?? "");
      return [name, { ...started[index].spec, caCertFile: `${name}-ca.pem` }];
    }),
  );
  return {
    registry,
    clusters,
    specs,
    context: { env: ENV, log: recordingLogger(), cwd },
    close: async () => {
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

/** What the handler does with `spec`, against `cluster`, polling as fast as the schedule allows. */
export function applyDatabase(cluster: Cluster, spec: SoftwareDatabaseSpec) {
  return run(softwareDatabaseUpgrader(spec, cluster.context, fastTransport()), parseVersion(spec.redisVersion), {
    label: spec.address,
    timeoutMinutes: spec.timeoutMinutes,
    pollIntervalMs: 1,
    log: cluster.context.log,
    profile: profileOf(spec),
  });
}
