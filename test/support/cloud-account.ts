import { run, RunOutcome, Upgrader } from "../../src/engine";
import { cloudDatabaseUpgrader, TransportTuning } from "../../src/platforms/redis-cloud";
import { CloudDatabaseSpec, cloudDatabaseSpecSchema, parseResolved, SPEC_FORMAT } from "../../src/spec";
import { RedisCloudSimulator, RedisCloudSimulatorOptions } from "../../src/simulator/redis-cloud";
import { RunningServer } from "../../src/simulator/server";
import { ControlPlane, SimRequest } from "../../src/simulator/types";
import { parseVersion } from "../../src/versions";
import { fastTransport as shortRetries, TestContext, virtualRun } from "./software-cluster";
import { withTestRun } from "./run";
import { serveOverTls, upgradePosts } from "./served";
import { tempDir } from "./temp";
import { profileOf } from "../../src/kinds";

/** Long enough to be found in any message that leaked them. */
export const credentials = { accessKey: "acct-key-Q7f3LmZ9xW2p", secretKey: "user-key-N4v8RtY6kJ1s" };
export const ENV = { CLOUD_ACCESS: credentials.accessKey, CLOUD_SECRET: credentials.secretKey };

/**
 * Short retries; waits pass on the world's virtual clock, which records
 * each and moves on at once, so timeouts and rate-limit windows pass in no
 * real time.
 */
export type FastTransport = TransportTuning & { readonly slept: number[]; readonly now: () => number };

export type SpecInput = Pick<CloudDatabaseSpec, "subscriptionId" | "databaseId" | "plan" | "redisVersion"> & {
  timeoutMinutes?: number;
  allowMajorVersionUpgrade?: boolean;
  backupBeforeUpgrade?: boolean;
};

export interface CloudWorld {
  readonly simulator: RedisCloudSimulator;
  readonly server: RunningServer;
  readonly context: TestContext;
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
  const cwd = tempDir("rc");
  const { server } = await serveOverTls(wrap(simulator), cwd, 120_000);
  const context = virtualRun(ENV, cwd);
  const transport: FastTransport = { ...shortRetries(), slept: context.clock.slept, now: context.clock.now };
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
      withTestRun(context, input.timeoutMinutes ?? 5, (each) =>
        run(cloudDatabaseUpgrader(spec(input), each, transport), parseVersion(input.redisVersion), { label: "stack/pin", context: each, pollIntervalMs, profile: profileOf(spec(input)) }),
      ),
    upgradePosts: () => upgradePosts(server),
    close: async () => {
      await context.close();
      await server.close();
    },
  };
}
