import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { apply } from "../../src/cli/apply";
import { FaultRuleInput } from "../../src/simulator/faults";
import { SPEC_ENV } from "../../src/spec";
import { CrdbRegistry, RedisSoftwareSimulatorOptions } from "../../src/simulator/redis-software";
import { startActiveActive, startCluster } from "../support/software-cluster";
import { startCloud } from "../support/cloud-account";
import { recordingLogger } from "../support/logger";
import { Clock } from "../../src/core/clock";
import { scaledClock } from "../support/clock";
import { acceptedUpgradePosts } from "../support/served";

/**
 * Every fault the issue names, met by the handler's apply (in process, over
 * real HTTPS to the simulator): what it ends with, and how many upgrade POSTs
 * the control plane accepted. The README's "Reliability" section shows the
 * table: `npm run fault-matrix` writes it there, and this test fails when the
 * outcomes it observes are no longer the ones the README shows.
 */

interface World {
  /** The world's virtual clock, on which every wait of the handler passes at once. */
  readonly clock: Clock;
  /** The upgrade POSTs its control planes accepted. */
  accepted(): number;
  /** Arms what the row needs: faults on the server, or a state of the simulator. */
  arm(): void;
  /** The handler's environment: the spec and the credentials. */
  readonly env: Record<string, string>;
  readonly cwd: string;
  close(): Promise<void>;
}

interface Row {
  readonly fault: string;
  readonly platform: "Redis Software" | "Redis Software Active-Active" | "Redis Cloud";
  readonly start: () => Promise<World>;
  /**
   * The row runs on a clock SPEED times as fast as the wall clock: its server
   * stalls on the wall clock (given in `stalled` time) while the handler's
   * per-attempt timeout must pass, or its waits overlap (concurrent reads
   * retrying), which the world's virtual clock, where every sleep moves time
   * on by itself, would add up. Otherwise the row runs on the virtual clock.
   */
  readonly spedUp?: true;
  /** What the row must end with: converged, or failed with a message matching. */
  readonly expect: { readonly converged: true } | { readonly failed: RegExp };
}

const POLL_MS = "100";
/** How much faster than the wall clock a spedUp row runs: its 30 s per-attempt timeout passes in 3 s, and its CPU time, counted 10 times, stays far from the 60 s deadline under load. */
const SPEED = 10;
/** How long the simulator, on the wall clock, stalls for `ms` of the sped-up handler's time. */
const stalled = (ms: number) => ms / SPEED;
const SOFTWARE_UPGRADE = String.raw`^/v1/bdbs/1/upgrade$`;
const CLOUD_UPGRADE = String.raw`/subscriptions/1234/databases/5678/upgrade$`;

/** What a row changes in the pin's cluster settings (an address nothing listens at, a CA that is a FIFO), given the cluster and its directory. */
type ClusterPatch = (cluster: Awaited<ReturnType<typeof startCluster>>) => Partial<Awaited<ReturnType<typeof startCluster>>["spec"]>;

function software(faults: (FaultRuleInput | ((sim: Awaited<ReturnType<typeof startCluster>>) => void))[], patch: ClusterPatch = () => ({})): () => Promise<World> {
  return async () => {
    const cluster = await startCluster({ stepsPerUpgrade: 3 });
    cluster.simulator.addDatabase({ uid: 1, version: "7.2", replication: true });
    const spec = {
      kind: "redis-software-database",
      format: 1,
      address: "matrix/orders",
      redisVersion: "7.4",
      timeoutMinutes: 1,
      cluster: { ...cluster.spec, ...patch(cluster) },
      databaseUid: 1,
      upgrade: {},
    };
    return {
      clock: cluster.context.clock,
      accepted: () => acceptedUpgradePosts(cluster.server).length,
      arm: () => faults.forEach((fault) => (typeof fault === "function" ? fault(cluster) : cluster.server.faults.add(fault))),
      env: { ...cluster.context.env, [SPEC_ENV]: JSON.stringify(spec) },
      cwd: cluster.context.cwd,
      close: () => cluster.close(),
    };
  };
}

function cloud(faults: (FaultRuleInput | ((world: Awaited<ReturnType<typeof startCloud>>) => void))[], env: Record<string, string> = {}): () => Promise<World> {
  return async () => {
    const world = await startCloud();
    world.simulator.addDatabase({ subscriptionId: 1234, databaseId: 5678, plan: "pro", version: "7.2" });
    const spec = world.spec({ subscriptionId: 1234, databaseId: 5678, plan: "pro", redisVersion: "7.4", timeoutMinutes: 1 });
    return {
      clock: world.context.clock,
      accepted: () => acceptedUpgradePosts(world.server).length,
      arm: () => faults.forEach((fault) => (typeof fault === "function" ? fault(world) : world.server.faults.add(fault))),
      env: { ...world.context.env, ...env, [SPEC_ENV]: JSON.stringify(spec) },
      cwd: world.context.cwd,
      close: () => world.close(),
    };
  };
}

const GUID = "4f1c9a52-7d3e-4b8a-9c61-2e5d8f0a7b13";
const CRDB_UPGRADE = `^/v1/crdbs/${GUID}/upgrade$`;

/** A CRDB on two clusters, pinned through the first ("east"); faults are armed on east's server. */
function activeActive(faults: FaultRuleInput[], options: Partial<RedisSoftwareSimulatorOptions> = {}): () => Promise<World> {
  return async () => {
    const aa = await startActiveActive(["east", "west"], () => options, new CrdbRegistry());
    aa.registry.addCrdb({
      guid: GUID,
      version: "7.4",
      participants: [
        { cluster: aa.clusters.east.simulator, bdbUid: 3 },
        { cluster: aa.clusters.west.simulator, bdbUid: 7 },
      ],
    });
    const spec = {
      kind: "redis-software-active-active",
      format: 1,
      address: "matrix/sessions",
      redisVersion: "8.0",
      allowMajorVersionUpgrade: true,
      timeoutMinutes: 1,
      cluster: aa.specs.east,
      crdbGuid: GUID,
      participants: [aa.specs.west],
    };
    const servers = Object.values(aa.clusters).map((cluster) => cluster.server);
    return {
      clock: aa.context.clock,
      accepted: () => servers.reduce((sum, server) => sum + acceptedUpgradePosts(server).length, 0),
      arm: () => faults.forEach((fault) => aa.clusters.east.server.faults.add(fault)),
      env: { ...aa.context.env, [SPEC_ENV]: JSON.stringify(spec) },
      cwd: aa.context.cwd,
      close: () => aa.close(),
    };
  };
}

const converged = { converged: true } as const;

const ROWS: readonly Row[] = [
  {
    fault: "429 with Retry-After: 1 on the upgrade POST",
    platform: "Redis Software",
    start: software([{ method: "POST", path: SOFTWARE_UPGRADE, fault: { kind: "status", status: 429, headers: { "retry-after": "1" } } }]),
    expect: converged,
  },
  {
    fault: "503 on the upgrade POST",
    platform: "Redis Software",
    start: software([{ method: "POST", path: SOFTWARE_UPGRADE, fault: { kind: "status", status: 503 } }]),
    expect: converged,
  },
  {
    fault: "503 on the upgrade POST",
    platform: "Redis Cloud",
    start: cloud([{ method: "POST", path: CLOUD_UPGRADE, fault: { kind: "status", status: 503 } }]),
    expect: converged,
  },
  {
    fault: "connection reset mid-body (GET bdb)",
    platform: "Redis Software",
    start: software([{ method: "GET", path: "^/v1/bdbs/1$", fault: { kind: "reset-mid-body" } }]),
    expect: converged,
  },
  {
    fault: "slow headers, 3 s (GET bdb)",
    platform: "Redis Software",
    spedUp: true,
    start: software([{ method: "GET", path: "^/v1/bdbs/1$", fault: { kind: "slow", ms: stalled(3_000) } }]),
    expect: converged,
  },
  {
    fault: "slow body, one byte every 50 ms (the upgrade POST's answer)",
    platform: "Redis Software",
    spedUp: true,
    start: software([{ method: "POST", path: SOFTWARE_UPGRADE, fault: { kind: "slow-body", byteEveryMs: stalled(50) } }]),
    expect: converged,
  },
  {
    fault: "lost response to the upgrade POST (it acted)",
    platform: "Redis Software",
    start: software([{ method: "POST", path: SOFTWARE_UPGRADE, fault: { kind: "lose-response" } }]),
    expect: converged,
  },
  {
    fault: "lost response to the upgrade POST (it acted)",
    platform: "Redis Cloud",
    start: cloud([{ method: "POST", path: CLOUD_UPGRADE, fault: { kind: "lose-response" } }]),
    expect: converged,
  },
  {
    fault: "lost response to the upgrade POST (it acted)",
    platform: "Redis Software Active-Active",
    start: activeActive([{ method: "POST", path: CRDB_UPGRADE, fault: { kind: "lose-response" } }]),
    expect: converged,
  },
  {
    fault: "409 busy: another handler's upgrade started first",
    platform: "Redis Software",
    start: software([
      { method: "POST", path: SOFTWARE_UPGRADE, fault: { kind: "preceded-by", request: { method: "POST", path: "/v1/bdbs/1/upgrade", body: { redis_version: "7.4" } } } },
    ]),
    expect: converged,
  },
  {
    fault: "409 busy: another handler's upgrade started first",
    platform: "Redis Software Active-Active",
    start: activeActive([
      { method: "POST", path: CRDB_UPGRADE, fault: { kind: "preceded-by", request: { method: "POST", path: `/v1/crdbs/${GUID}/upgrade`, body: { redis_version: "8.0" } } } },
    ]),
    expect: converged,
  },
  {
    fault: "409 already running: another handler's upgrade started first",
    platform: "Redis Cloud",
    start: cloud([
      {
        method: "POST",
        path: CLOUD_UPGRADE,
        fault: { kind: "preceded-by", request: { method: "POST", path: "/v1/subscriptions/1234/databases/5678/upgrade", body: { targetRedisVersion: "7.4" } } },
      },
    ]),
    expect: converged,
  },
  {
    fault: "task 404 for its first two reads",
    platform: "Redis Cloud",
    start: cloud([(world) => world.simulator.hideNextTaskFor(2)]),
    expect: converged,
  },
  {
    fault: "action 404 once it has finished",
    platform: "Redis Software",
    start: software([{ method: "GET", path: "^/v1/actions/[^/]+$", times: 1_000, fault: { kind: "forget-finished", statuses: ["completed"] } }]),
    expect: converged,
  },
  {
    fault: "failed upgrade action",
    platform: "Redis Software",
    start: software([(cluster) => cluster.simulator.failNextUpgrade(1)]),
    expect: { failed: /the upgrade failed: .*shard did not restart/ },
  },
  {
    fault: "failed upgrade task",
    platform: "Redis Cloud",
    start: cloud([(world) => world.simulator.failNextTask({ type: "DATABASE_UPGRADE_FAILED", description: "the upgrade could not start" })]),
    expect: { failed: /the upgrade could not start/ },
  },
  {
    fault: "256 MB body (GET bdb)",
    platform: "Redis Software",
    start: software([{ method: "GET", path: "^/v1/bdbs/1$", fault: { kind: "huge-body", megabytes: 256 } }]),
    expect: { failed: /GET \/v1\/bdbs\/1.*larger than \d+ MiB/ },
  },
  {
    fault: "malformed JSON (GET bdb)",
    platform: "Redis Software",
    start: software([{ method: "GET", path: "^/v1/bdbs/1$", fault: { kind: "malformed-json" } }]),
    expect: { failed: /GET \/v1\/bdbs\/1 .*returned a body we do not understand/ },
  },
  {
    fault: 'unreadable version: redis_version "08.0"',
    platform: "Redis Software",
    start: software([{ method: "GET", path: "^/v1/bdbs/1$", times: 1_000, fault: { kind: "patch-body", set: { redis_version: "08.0" } } }]),
    expect: { failed: /redis_version.*"08\.0"/ },
  },
  {
    fault: "an error page quoting the Authorization header across character 500 (the upgrade POST)",
    platform: "Redis Software",
    start: software([{ method: "POST", path: SOFTWARE_UPGRADE, fault: { kind: "echo-request", status: 400, padding: 470, header: "authorization" } }]),
    expect: { failed: /\(400\): -+authorization: \[redacted\]/ },
  },
  {
    fault: "connection refused: nothing listens at cluster.url",
    platform: "Redis Software",
    spedUp: true,
    start: software([], () => ({ url: "https://127.0.0.1:1" })),
    expect: { failed: /nothing accepted the connection at 127\.0\.0\.1:1 \(ECONNREFUSED.*check the address in cluster\.url/ },
  },
  {
    fault: "cluster.caCertFile names a FIFO",
    platform: "Redis Software",
    start: software([], (cluster) => {
      execFileSync("mkfifo", [join(cluster.context.cwd, "ca.fifo")]);
      return { caCertFile: "ca.fifo" };
    }),
    expect: { failed: /named by cluster\.caCertFile \(it is a FIFO \(named pipe\), not a regular file\)/ },
  },
  {
    fault: "X-Task-ID refused with an RFC 7807 400 (the upgrade POST)",
    platform: "Redis Software Active-Active",
    start: activeActive([], { taskIdHeader: "rejected" }),
    expect: converged,
  },
  {
    fault: "upgrade POST accepted, then the handler killed: its task still queued, naming no database",
    platform: "Redis Cloud",
    start: cloud([
      (world) => world.simulator.queueForeignTask(5),
      {
        method: "GET",
        path: "^/v1/subscriptions/1234/databases/5678$",
        fault: { kind: "preceded-by", request: { method: "POST", path: "/v1/subscriptions/1234/databases/5678/upgrade", body: { targetRedisVersion: "7.4" } } },
      },
    ]),
    expect: converged,
  },
  {
    fault: "409 with no error code while no upgrade runs (a conflict with another change)",
    platform: "Redis Cloud",
    start: cloud([{ method: "POST", path: CLOUD_UPGRADE, fault: { kind: "status", status: 409, body: { status: "409 CONFLICT", description: "Subscription 1234 is being changed" } } }]),
    expect: { failed: /409 Conflict .*yet shows no upgrade of it/ },
  },
  {
    fault: "available-target-versions in a shape no source documents",
    platform: "Redis Cloud",
    start: cloud([{ method: "GET", path: "/available-target-versions$", fault: { kind: "replace-body", body: { versions: ["7.4"] } } }]),
    expect: converged,
  },
  {
    fault: "a Redis Cloud key holding a euro sign",
    platform: "Redis Cloud",
    start: cloud([], { CLOUD_ACCESS: "acct-key-€" }),
    expect: { failed: /character outside Latin-1, which no HTTP header can carry/ },
  },
];

interface Result {
  readonly row: Row;
  readonly outcome: string;
  readonly code: number;
  readonly accepted: number;
  readonly seconds: number;
}

async function runRow(row: Row): Promise<Result> {
  const world = await row.start();
  try {
    world.arm();
    const log = recordingLogger();
    // Virtual or sped-up clock (Row.spedUp): retries, Retry-After, polls and per-attempt timeouts take their time on it, not the wall clock's.
    const clock = row.spedUp ? scaledClock(SPEED) : world.clock;
    const started = clock.now();
    const code = await apply({ env: { ...world.env, REDIS_VERSION_POLL_INTERVAL_MS: POLL_MS }, log, cwd: world.cwd, clock });
    const seconds = (clock.now() - started) / 1000;
    const last = (log.lines.at(-1) ?? "").replace(/^error: /, "").replace(/^[\w/.-]+( \(Redis [^()]*\))?: /, "");
    const outcome = `${code === 0 ? "converged" : "failed"}: ${last}`;
    return { row, outcome, code, accepted: world.accepted(), seconds };
  } finally {
    await world.close();
  }
}

/**
 * One line per cell, without what changes from run to run (ids, ports,
 * elapsed seconds), so the README only changes when an outcome does.
 */
function cell(text: string): string {
  const line = text
    .replace(/\s*\n\s*/g, " ")
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, "<id>")
    .replace(/127\.0\.0\.1:\d+/g, "127.0.0.1:<port>")
    .replace(/ in \d+s \(/g, " (")
    .replace(new RegExp(`${tmpdir().replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}/rv-[^/\\s]+/`, "g"), "<dir>/")
    // The reads a run sends together race: which one meets a refused connection first varies.
    .replace(/GET \S+ to (\S+) failed: nothing accepted the connection at (\S+) \(ECONNREFUSED, \d+ tries over [\d.]+s\)/g, "GET <path> to $1 failed: nothing accepted the connection at $2 (ECONNREFUSED, <tries>)")
    // A page of filler reads as its length: "-×470".
    .replace(/(.)\1{19,}/g, (run: string, char: string) => `${char}×${run.length}`)
    .trim()
    .replace(/\|/g, "\\|");
  return line.length > 200 ? `${line.slice(0, 197)}…` : line;
}

function duration(seconds: number): string {
  return seconds < 1 ? "< 1 s" : `${Math.round(seconds)} s`;
}

function table(results: readonly Result[]): string {
  return [
    "| Fault | Control plane | Outcome | Upgrade POSTs accepted | Time |",
    "| --- | --- | --- | --- | --- |",
    ...results.map((r) => `| ${cell(r.row.fault)} | ${r.row.platform} | ${cell(r.outcome)} | ${r.accepted} | ${duration(r.seconds)} |`),
  ].join("\n");
}

const README = join(__dirname, "..", "..", "README.md");
const MARKER = "<!-- fault-matrix -->";
const END_MARKER = "<!-- /fault-matrix -->";
/** `npm run fault-matrix` sets it: the test then writes the table into the README instead of checking it. */
const WRITE = process.env.FAULT_MATRIX === "write";

/** Replaces what sits between the markers; creates the section before "## Benchmarks" if the README has none yet. */
function writeIntoReadme(markdown: string): void {
  let text = readFileSync(README, "utf8");
  if (!text.includes(MARKER)) {
    const section = `## Reliability\n\n${MARKER}\n${END_MARKER}\n\n`;
    text = text.includes("## Benchmarks") ? text.replace("## Benchmarks", `${section}## Benchmarks`) : `${text}\n${section}`;
  }
  const start = text.indexOf(MARKER) + MARKER.length;
  const end = text.indexOf(END_MARKER, start);
  const block = `\n${markdown}\n`;
  text = end === -1 ? `${text.slice(0, start)}${block}${END_MARKER}${text.slice(start)}` : `${text.slice(0, start)}${block}${text.slice(end)}`;
  writeFileSync(README, text);
}

/** The table's rows without the Time column, which changes from run to run: what a README reader relies on. */
function outcomes(markdown: string): string[] {
  return markdown
    .split("\n")
    .filter((line) => line.startsWith("| ") && !line.startsWith("| Fault |") && !line.startsWith("| --- |"))
    .map((line) => line.replace(/ \| [^|]*\|$/, " |"));
}

function readmeTable(): string {
  const text = readFileSync(README, "utf8");
  const start = text.indexOf(MARKER);
  const end = text.indexOf(END_MARKER, start);
  return start === -1 || end === -1 ? "" : text.slice(start + MARKER.length, end);
}

describe("the fault matrix: each fault, the handler's outcome, and the upgrade POSTs accepted", () => {
  const results: Result[] = [];

  it.each(ROWS.map((row) => [`${row.fault} (${row.platform})`, row] as const))("%s", async (_name, row) => {
    const result = await runRow(row);
    results.push(result);
    expect(result.accepted).toBeLessThanOrEqual(1);
    if ("converged" in row.expect) {
      expect(result.outcome).toMatch(/^converged: upgraded .*(7\.4|8\.0)/);
      expect(result.code).toBe(0);
      expect(result.accepted).toBe(1);
    } else {
      expect(result.code).toBe(1);
      expect(result.outcome).toMatch(row.expect.failed);
    }
    expect(result.outcome).not.toMatch(/\n\s+at /);
  }, 120_000);

  it("is the table in README.md, outcomes and POSTs alike (`npm run fault-matrix` rewrites it)", () => {
    if (results.length !== ROWS.length) throw new Error(`${ROWS.length - results.length} of the rows above failed: the README's table is checked once they all pass`);
    const markdown = table(results);
    if (WRITE) {
      writeIntoReadme(markdown);
      console.log(`Fault matrix written into README.md\n\n${markdown}`);
      return;
    }
    const documented = outcomes(readmeTable());
    const observed = outcomes(markdown);
    if (JSON.stringify(documented) !== JSON.stringify(observed)) {
      const gone = documented.filter((line) => !observed.includes(line));
      const found = observed.filter((line) => !documented.includes(line));
      throw new Error(
        "README.md's fault matrix no longer says what the handler does. Run `npm run fault-matrix` to rewrite it, and review the diff.\n" +
          `In the README, not observed:\n${gone.join("\n") || "(none: the order differs)"}\nObserved, not in the README:\n${found.join("\n") || "(none)"}`,
      );
    }
  });
});
