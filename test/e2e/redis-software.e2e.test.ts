import * as fs from "node:fs";
import * as path from "node:path";
import { RedisSoftwareDatabaseVersion, RedisSoftwareDatabaseVersionProps } from "../../src";
import { simulatedSoftwareEachTest, softwareCredentials as credentials } from "./simulated-software";
import {
  apply,
  descendantsMatching,
  expectNoSecretsIn,
  initAndApply,
  startTerraform,
  synthStack,
  terraform,
  terraformOrSkip,
  waitFor,
} from "../support/terraform";
import { tempDir } from "../support/temp";

const suite = terraformOrSkip();

suite("Redis Software database pin, real terraform against the simulator over TLS", () => {
  const sim = simulatedSoftwareEachTest();

  const stack = (props: Partial<RedisSoftwareDatabaseVersionProps> = {}, outdir = tempDir("out")) =>
    synthStack(outdir, (scope) => {
      new RedisSoftwareDatabaseVersion(scope, "orders", {
        cluster: { url: sim.server.url },
        databaseUid: 12,
        redisVersion: "7.4",
        upgrade: { preserveRoles: true },
        ...props,
      });
    });

  it("upgrades 7.2 to 7.4, printing progress and one summary line, keeping every credential out of cdk.tf.json, the state and the output; a second apply sends nothing", async () => {
    sim.simulator.addDatabase({ uid: 12, version: "7.2", replication: true });
    const dir = stack();
    const first = await initAndApply(dir, sim.env());
    expect(first.code).toBe(0);
    expect(first.output).toMatch(/upgrading from 7\.2(\.\d+)? to 7\.4/);
    expect(first.output).toMatch(/\[\d+s\] [a-z_]+ \d+%/);
    expect(first.output.match(/: upgraded 7\.2(\.\d+)? → 7\.4/g)).toHaveLength(1);
    expect(sim.simulator.database(12).redis_version).toBe("7.4");
    expect(sim.upgradePosts()).toHaveLength(1);
    expect(sim.upgradePosts()[0].body).toEqual({ redis_version: "7.4", preserve_roles: true });
    const basic = Buffer.from(`${credentials.username}:${credentials.password}`).toString("base64");
    expectNoSecretsIn(dir, first.output, [credentials.username, credentials.password, basic]);

    const before = sim.server.requests.length;
    const second = await apply(dir, sim.env());
    expect(second.code).toBe(0);
    expect(second.output).toMatch(/No changes|0 added, 0 changed, 0 destroyed/);
    expect(sim.server.requests.length).toBe(before);
  });

  it("refuses a downgrade with the way back, and sends no upgrade", async () => {
    sim.simulator.addDatabase({ uid: 12, version: "8.0" });
    const result = await initAndApply(stack({ redisVersion: "7.4" }), sim.env());
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/refused: the database runs 8\.0(\.\d+)?, a newer major version than the pin 7\.4/);
    expect(result.output).toMatch(/back up the database,\s+create a new database on 7\.4,\s+and import/);
    expect(sim.upgradePosts()).toHaveLength(0);
    expect(sim.server.requests.every((r) => r.method === "GET")).toBe(true);
  });

  it("resumes the running action after the handler is killed mid-poll, without a second POST", async () => {
    sim.simulator.addDatabase({ uid: 12, version: "7.2", replication: true });
    const dir = stack();
    expect((await terraform(dir, ["init", "-input=false", "-no-color"], sim.env())).code).toBe(0);
    const run = startTerraform(dir, ["apply", "-auto-approve", "-input=false", "-no-color"], sim.env({ REDIS_VERSION_POLL_INTERVAL_MS: "400" }));
    await waitFor(() => /\[\d+s\] [a-z_]+ \d+%/.test(run.output()), "a progress line");
    const handlers = descendantsMatching(run.child.pid!, "handler.cjs");
    expect(handlers.length).toBeGreaterThan(0);
    handlers.forEach((pid) => process.kill(pid, "SIGKILL"));
    const killed = await run.done;
    expect(killed.code).not.toBe(0);
    expect(sim.simulator.database(12).redis_version).toBe("7.2");

    const resumed = await apply(dir, sim.env());
    expect(resumed.code).toBe(0);
    expect(resumed.output).toMatch(/an upgrade is already running \(GET \/v1\/actions\/[\w-]+\); following it/);
    expect(sim.simulator.database(12).redis_version).toBe("7.4");
    expect(sim.upgradePosts()).toHaveLength(1);
  });

  it("applies from a stack directory copied elsewhere: no path of the build machine inside", async () => {
    sim.simulator.addDatabase({ uid: 12, version: "7.2", replication: true });
    const outdir = tempDir("out");
    const dir = stack({ cluster: { url: sim.server.url, caCertFile: sim.caFile } }, outdir);
    const config = fs.readFileSync(path.join(dir, "cdk.tf.json"), "utf8");
    expect(config).not.toContain(outdir);
    expect(config).not.toContain(path.dirname(sim.caFile));
    const copy = path.join(tempDir("copied"), "stack");
    fs.cpSync(dir, copy, { recursive: true });
    fs.rmSync(outdir, { recursive: true, force: true });
    const result = await initAndApply(copy, sim.env({ REDIS_SOFTWARE_CA_CERT: "" }));
    expect(result.code).toBe(0);
    expect(sim.simulator.database(12).redis_version).toBe("7.4");
  });

  it("stops on an invalid spec in a hand-edited cdk.tf.json before sending anything", async () => {
    sim.simulator.addDatabase({ uid: 12, version: "7.2" });
    const dir = stack();
    const file = path.join(dir, "cdk.tf.json");
    fs.writeFileSync(file, fs.readFileSync(file, "utf8").replaceAll(/\\"redisVersion\\":\\"7\.4\\"/g, '\\"redisVersion\\":\\"latest\\"'));
    const result = await initAndApply(dir, sim.env());
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/redisVersion: "latest" is not a valid Redis version/);
    expect(sim.server.requests).toHaveLength(0);
  });
});
