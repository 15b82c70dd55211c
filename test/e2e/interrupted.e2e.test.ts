import * as fs from "node:fs";
import { RedisSoftwareDatabaseVersion } from "../../src";
import { RedisSoftwareSimulator } from "../../src/simulator/redis-software";
import { acceptedUpgradePosts } from "../support/served";
import { simulatedEachTest } from "./simulated";
import { apply, descendantsMatching, startTerraform, synthStack, terraform, terraformOrSkip, waitFor } from "../support/terraform";
import { tempDir } from "../support/temp";

const credentials = { username: "e2e-admin@example.com", password: "e2e-Pa55word-never-stored" };
const suite = terraformOrSkip();

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/*
 * Issue 20 item 6 under real terraform: SIGINT to terraform alone. Terraform
 * kills its local-exec shell and exits; the handler below that shell must
 * not go on by itself.
 */
suite("terraform interrupted while its handler follows an upgrade", () => {
  const sim = simulatedEachTest(
    () => new RedisSoftwareSimulator({ credentials, stepsPerUpgrade: 6 }),
    ({ caFile }) => ({ REDIS_SOFTWARE_USERNAME: credentials.username, REDIS_SOFTWARE_PASSWORD: credentials.password, REDIS_SOFTWARE_CA_CERT: caFile }),
  );

  it("the handler stops when terraform is gone, reads nothing more, and the next apply follows the upgrade it left running: one POST", async () => {
    sim.simulator.addDatabase({ uid: 12, version: "7.2", replication: true });
    const outdir = tempDir("interrupted");
    const dir = synthStack(outdir, (scope) => {
      new RedisSoftwareDatabaseVersion(scope, "orders", { cluster: { url: sim.server.url }, databaseUid: 12, redisVersion: "7.4" });
    });
    expect((await terraform(dir, ["init", "-input=false", "-no-color"], sim.env())).code).toBe(0);
    // Ten seconds between looks: the handler is asleep in its follow when terraform goes.
    const run = startTerraform(dir, ["apply", "-auto-approve", "-input=false", "-no-color"], sim.env({ REDIS_VERSION_POLL_INTERVAL_MS: "10000" }));
    await waitFor(() => acceptedUpgradePosts(sim.server).length === 1, "the cluster to accept the upgrade POST");
    const handlers = descendantsMatching(run.child.pid!, "handler.cjs");
    expect(handlers.length).toBeGreaterThan(0);

    run.child.kill("SIGINT");
    const interrupted = await run.done;
    expect(interrupted.code).not.toBe(0);
    const goneAt = Date.now();
    const seen = sim.server.requests.length;
    await waitFor(() => handlers.every((pid) => !alive(pid)), "the orphaned handler to exit", 3_000);
    expect(Date.now() - goneAt).toBeLessThan(3_000);
    // Longer than the handler's next look would have come: nothing more reached the cluster.
    await new Promise((resolve) => setTimeout(resolve, 11_000));
    expect(sim.server.requests.length).toBe(seen);

    const resumed = await apply(dir, sim.env());
    expect(resumed.code).toBe(0);
    expect(resumed.output).toMatch(/an upgrade is already running \(GET \/v1\/actions\/[\w-]+\); following it instead of starting another/);
    expect(sim.upgradePosts()).toHaveLength(1);
    expect(sim.simulator.database(12).redis_version).toMatch(/^7\.4/);
    fs.rmSync(outdir, { recursive: true, force: true });
  }, 180_000);
});
