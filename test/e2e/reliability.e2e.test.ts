import { RedisSoftwareDatabaseVersion, RedisSoftwareDatabaseVersionProps } from "../../src";
import { RedisSoftwareSimulator } from "../../src/simulator/redis-software";
import { scaledClock } from "../support/clock";
import { applyInProcess } from "../support/in-process";
import { acceptedUpgradePosts } from "../support/served";
import { simulatedEachTest } from "./simulated";
import { apply, descendantsMatching, startTerraform, synthStack, terraform, terraformOrSkip, waitFor } from "../support/terraform";
import { tempDir } from "../support/temp";

const credentials = { username: "e2e-admin@example.com", password: "e2e-Pa55word-never-stored" };
const suite = terraformOrSkip();
const APPLY = ["apply", "-auto-approve", "-input=false", "-no-color"];
/** How much faster than the wall clock the trickle test's handler and server run: its minute takes 3 s. */
const TRICKLE_SPEED = 20;

/*
 * Issue 11 under real terraform: two applies of one database at once, and a
 * handler killed between its POST and the answer; and, in process on a
 * sped-up clock, a server that trickles its answers against the apply's deadline.
 */
suite("reliability under real terraform against the simulator over TLS", () => {
  const sim = simulatedEachTest(
    () => new RedisSoftwareSimulator({ credentials, stepsPerUpgrade: 6 }),
    ({ caFile }) => ({
      REDIS_SOFTWARE_USERNAME: credentials.username,
      REDIS_SOFTWARE_PASSWORD: credentials.password,
      REDIS_SOFTWARE_CA_CERT: caFile,
    }),
  );

  /** One stack in its own app, as two teams' projects (or two checkouts) would pin the same database. */
  const stack = (name: string, props: Partial<RedisSoftwareDatabaseVersionProps> = {}) =>
    synthStack(
      tempDir(name),
      (scope) => {
        new RedisSoftwareDatabaseVersion(scope, "orders", { cluster: { url: sim.server.url }, databaseUid: 12, redisVersion: "7.4", ...props });
      },
      name,
    );

  const init = async (dir: string) => expect((await terraform(dir, ["init", "-input=false", "-no-color"], sim.env())).code).toBe(0);

  it("two applies of two stacks pinning the same database at once: one upgrade POST accepted, both converge", async () => {
    sim.simulator.addDatabase({ uid: 12, version: "7.2", replication: true });
    const dirs = [stack("first"), stack("second")];
    await Promise.all(dirs.map(init));
    const [a, b] = await Promise.all(dirs.map((dir) => startTerraform(dir, APPLY, sim.env()).done));
    expect([a.code, b.code]).toEqual([0, 0]);
    const both = `${a.output}\n${b.output}`;
    expect(both).toMatch(/waiting for another handler of the same database \(pid \d+\) to finish first/);
    expect(both).toMatch(/pinned 7\.4, nothing to do: already at 7\.4/);
    expect(acceptedUpgradePosts(sim.server)).toHaveLength(1);
    expect(sim.upgradePosts()).toHaveLength(1);
    expect(sim.simulator.actions(12).filter((action) => action.name === "SMUpgradeBDB")).toHaveLength(1);
    expect(sim.simulator.database(12).redis_version).toMatch(/^7\.4/);
  }, 240_000);

  it("a server trickling one byte every 2 s cannot hold a timeoutMinutes: 1 apply past its deadline", async () => {
    sim.simulator.addDatabase({ uid: 12, version: "7.2", replication: true });
    // Scaled clock: the handler's minute passes in 1/TRICKLE_SPEED of one, and the server trickles as much faster, so the bytes still come 2 s apart on the handler's clock.
    const clock = scaledClock(TRICKLE_SPEED);
    sim.server.faults.add({ method: "GET", path: "^/v1/bdbs/12$", times: 1_000, fault: { kind: "slow-body", byteEveryMs: 2_000 / TRICKLE_SPEED } });
    const dir = stack("slow", { timeoutMinutes: 1 });
    const started = clock.now();
    const result = await applyInProcess(dir, sim.env(), clock);
    const seconds = (clock.now() - started) / 1000;
    expect(result.code).not.toBe(0);
    expect(seconds).toBeGreaterThanOrEqual(60);
    expect(seconds).toBeLessThan(80);
    expect(result.output).toMatch(/the deadline \(timeoutMinutes: 1\) passed while waiting for an answer to GET \/v1\/bdbs\/12/);
    expect(result.output).toMatch(/The next apply reads the database first/);
    expect(result.output).not.toMatch(/\n\s+at .*\.(c?js|ts):\d+/);
    expect(sim.upgradePosts()).toHaveLength(0);
  });

  it("kill -9 of the handler after its POST reached the cluster and before it read the answer: the next apply resumes, one POST accepted", async () => {
    sim.simulator.addDatabase({ uid: 12, version: "7.2", replication: true });
    sim.server.faults.add({ method: "POST", path: "^/v1/bdbs/12/upgrade$", fault: { kind: "act-then-slow", ms: 120_000 } });
    const dir = stack("killed");
    await init(dir);
    const run = startTerraform(dir, APPLY, sim.env());
    await waitFor(() => acceptedUpgradePosts(sim.server).length === 1, "the cluster to accept the upgrade POST");
    const handlers = descendantsMatching(run.child.pid!, "handler.cjs");
    expect(handlers.length).toBeGreaterThan(0);
    handlers.forEach((pid) => process.kill(pid, "SIGKILL"));
    const killed = await run.done;
    expect(killed.code).not.toBe(0);

    const resumed = await apply(dir, sim.env());
    expect(resumed.code).toBe(0);
    expect(resumed.output).toMatch(/an upgrade is already running \(GET \/v1\/actions\/[\w-]+\); following it instead of starting another/);
    expect(resumed.output).not.toMatch(/waiting for another handler/);
    expect(acceptedUpgradePosts(sim.server)).toHaveLength(1);
    expect(sim.upgradePosts()).toHaveLength(1);
    expect(sim.simulator.database(12).redis_version).toMatch(/^7\.4/);
  }, 240_000);
});
