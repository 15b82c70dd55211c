import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { run, RunOutcome, Upgrader } from "../../../src/engine";
import { PlatformContext } from "../../../src/platforms/context";
import { cloudDatabaseUpgrader, TransportTuning } from "../../../src/platforms/redis-cloud";
import { CloudDatabaseSpec, cloudDatabaseSpecSchema, parseResolved, SPEC_FORMAT } from "../../../src/spec";
import { RedisCloudSimulator, RedisCloudSimulatorOptions } from "../../../src/simulator/redis-cloud";
import { RunningServer } from "../../../src/simulator/server";
import { ControlPlane, SimRequest } from "../../../src/simulator/types";
import { parseVersion } from "../../../src/versions";
import { RecordingLogger, recordingLogger } from "../redis-software/harness";
import { serveOverTls, upgradePosts } from "../../support/served";
import { profileOf } from "../../../src/kinds";

/** Long enough to be found in any message that leaked them. */
export const credentials = { accessKey: "acct-key-Q7f3LmZ9xW2p", secretKey: "user-key-N4v8RtY6kJ1s" };
export const ENV = { CLOUD_ACCESS: credentials.accessKey, CLOUD_SECRET: credentials.secretKey };

export type FastTransport = TransportTuning & { readonly slept: number[]; readonly now: () => number };

/**
 * Retries and polls on a virtual clock: every wait asked for is recorded and
 * moves the clock on at once, so timeouts and rate-limit windows pass in
 * no real time.
 */
export function fastTransport(): FastTransport {
  const slept: number[] = [];
  let clock = Date.now();
  return {
    slept,
    retry: { attempts: 4, baseDelayMs: 1, maxDelayMs: 2 },
    random: () => 0,
    now: () => clock,
    sleep: async (ms) => {
      slept.push(ms);
      clock += ms;
    },
  };
}

export type SpecInput = Pick<CloudDatabaseSpec, "subscriptionId" | "databaseId" | "plan" | "redisVersion"> & {
  timeoutMinutes?: number;
  allowMajorVersionUpgrade?: boolean;
  backupBeforeUpgrade?: boolean;
};

export interface CloudWorld {
  readonly simulator: RedisCloudSimulator;
  readonly server: RunningServer;
  readonly context: PlatformContext & { log: RecordingLogger };
  readonly transport: FastTransport;
  spec(input: SpecInput): CloudDatabaseSpec;
  upgrader(input: SpecInput): Upgrader;
  /** `run()` as the handler does, polling every 10 ms of virtual time unless told otherwise. */
  apply(input: SpecInput, pollIntervalMs?: number): Promise<RunOutcome>;
  /** The upgrade POSTs that reached the server. */
  upgradePosts(): SimRequest[];
  close(): Promise<void>;
}

/** A simulated Redis Cloud account over HTTPS, its CA written where the spec's caCertFile points. */
export async function startCloud(
  options: Partial<RedisCloudSimulatorOptions> = {},
  wrap: (simulator: RedisCloudSimulator) => ControlPlane = (simulator) => simulator,
): Promise<CloudWorld> {
  const simulator = new RedisCloudSimulator({ credentials, ...options });
  const cwd = mkdtempSync(join(tmpdir(), "rv-rc-"));
  const { server } = await serveOverTls(wrap(simulator), cwd, 120_000);
  const context = { env: ENV, log: recordingLogger(), cwd };
  const transport = fastTransport();
  const spec = (input: SpecInput): CloudDatabaseSpec =>
    parseResolved(
      cloudDatabaseSpecSchema,
      {
        kind: "redis-cloud-database",
        format: SPEC_FORMAT,
        address: "stack/pin",
        timeoutMinutes: 5,
        // These tests are about the Cloud client; consent to a major upgrade is the engine's, tested there.
        allowMajorVersionUpgrade: true,
        ...input,
        api: { url: `${server.url}/v1`, accessKeyEnv: "CLOUD_ACCESS", secretKeyEnv: "CLOUD_SECRET", caCertFile: "ca.pem" },
      },
      "test",
    );
  const upgrader = (input: SpecInput) => cloudDatabaseUpgrader(spec(input), context, transport);
  return {
    simulator,
    server,
    context,
    transport,
    spec,
    upgrader,
    apply: (input, pollIntervalMs = 10) =>
      run(upgrader(input), parseVersion(input.redisVersion), {
        label: "stack/pin",
        timeoutMinutes: input.timeoutMinutes ?? 5,
        pollIntervalMs,
        log: context.log,
        profile: profileOf(spec(input)),
        now: transport.now,
      }),
    upgradePosts: () => upgradePosts(server),
    close: () => server.close(),
  };
}
