import * as fs from "node:fs";
import * as path from "node:path";
import { DataResource, TerraformResource, Token } from "cdktf";
import { RedisCloudDatabaseVersion } from "../../src";
import { plan } from "../../src/cli/plan";
import { simulatedCloudServerEachTest } from "./simulated-cloud";
import { apply, initAndApply, synthStack, terraform, terraformOrSkip } from "../support/terraform";
import { tempDir } from "../support/temp";

const suite = terraformOrSkip();

/**
 * `terraform_data` stands in for rediscloud_subscription_database (whose
 * provider cannot be downloaded here): its output carries the ids, and the
 * pin takes them as cdktf tokens, a string one and a number one.
 */
function stackWithIds(ids: { readonly sub: string; readonly db: number }): { outdir: string; dir: string } {
  const outdir = tempDir("out");
  const dir = synthStack(outdir, (scope) => {
    const source = new TerraformResource(scope, "ids", { terraformResourceType: "terraform_data" });
    source.addOverride("input", ids);
    new RedisCloudDatabaseVersion(scope, "sessions", {
      subscriptionId: source.getStringAttribute("output.sub"),
      databaseId: source.getNumberAttribute("output.db"),
      redisVersion: "8.2",
      allowMajorVersionUpgrade: true,
    });
  });
  return { outdir, dir };
}

suite("ids from another resource's output, real terraform against the Cloud simulator", () => {
  const sim = simulatedCloudServerEachTest();

  beforeEach(() => {
    sim.simulator.addDatabase({ subscriptionId: 1234, databaseId: 5678, plan: "pro", version: "7.4" });
    // A neighbour in the same subscription: it must not be touched.
    sim.simulator.addDatabase({ subscriptionId: 1234, databaseId: 9999, plan: "pro", version: "7.4" });
  });

  const planJson = async (args: string[]) => {
    let stdout = "";
    let stderr = "";
    const code = await plan([...args, "--format", "json"], { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: sim.env() });
    if (stdout === "") throw new Error(`plan printed nothing (exit ${code}):\n${stderr}`);
    return { code, rows: JSON.parse(stdout).pins as Array<Record<string, any>> };
  };

  it("plan says unresolved until apply, then reads the ids from state, or from a state file given with --state in both forms Terraform writes; apply resolves them and upgrades the right database", async () => {
    const { outdir, dir } = stackWithIds({ sub: "1234", db: 5678 });

    const before = await planJson(["--dir", outdir]);
    expect(before.code).toBe(0);
    expect(before.rows).toEqual([
      expect.objectContaining({ address: "e2e/sessions", action: "unresolved", current: null, platform: "redis-cloud", pinned: "8.2" }),
    ]);
    expect(before.rows[0].reason).toMatch(/unresolved until apply: \$\{terraform_data\.ids\.output\.(sub|db)\}/);
    expect(sim.server.requests).toHaveLength(0);

    expect((await terraform(dir, ["init", "-input=false", "-no-color"], sim.env())).code).toBe(0);
    const ids = await terraform(dir, ["apply", "-auto-approve", "-input=false", "-no-color", "-target=terraform_data.ids"], sim.env());
    expect(ids.code).toBe(0);
    const resolved = await planJson(["--dir", outdir]);
    expect(resolved.rows).toEqual([expect.objectContaining({ action: "upgrade", current: "7.4", database: expect.stringMatching(/subscription 1234\/db 5678/) })]);
    expect(sim.upgradePosts()).toHaveLength(0);

    const result = await apply(dir, sim.env());
    expect(result.code).toBe(0);
    expect(sim.upgradePosts().map((request) => request.path)).toEqual(["/v1/subscriptions/1234/databases/5678/upgrade"]);
    expect(sim.simulator.database(1234, 5678).redisVersion).toBe("8.2");
    expect(sim.simulator.database(1234, 9999).redisVersion).toBe("7.4");

    const after = await planJson(["--dir", outdir]);
    expect(after.rows).toEqual([expect.objectContaining({ action: "noop", current: "8.2" })]);

    // plan reads a state file given with --state, in both forms Terraform writes.
    const elsewhere = tempDir("state");
    const rawState = path.join(elsewhere, "copy.tfstate");
    fs.copyFileSync(path.join(dir, "terraform.tfstate"), rawState);
    const shown = await terraform(dir, ["show", "-json", "-no-color"], sim.env());
    const shownState = path.join(elsewhere, "shown.json");
    fs.writeFileSync(shownState, shown.output);
    // The stack's own state is gone: only the file given can resolve the ids.
    fs.rmSync(path.join(dir, "terraform.tfstate"));

    expect((await planJson(["--dir", outdir])).rows[0].action).toBe("unresolved");
    for (const file of [rawState, shownState]) {
      const { rows } = await planJson(["--dir", outdir, "--state", file]);
      expect(rows).toEqual([expect.objectContaining({ action: "noop", current: "8.2", database: expect.stringMatching(/subscription 1234\/db 5678/) })]);
    }
  });

  it("a reference with quotes inside ${…} (issue 20 item 10): plan reads it before and after a real apply, which resolves it", async () => {
    const outdir = tempDir("out");
    const dir = synthStack(outdir, (scope) => {
      const source = new DataResource(scope, "ids", { input: { database: 5678 } });
      // Synthesizes as ${terraform_data.ids.output["database"]}, which once broke plan's JSON parsing.
      new RedisCloudDatabaseVersion(scope, "sessions", {
        subscriptionId: 1234,
        databaseId: Token.asNumber(source.output.lookup("database")),
        redisVersion: "8.2",
        allowMajorVersionUpgrade: true,
      });
    });
    expect(fs.readFileSync(path.join(dir, "cdk.tf.json"), "utf8")).toContain('${terraform_data.ids.output[\\"database\\"]}');

    const before = await planJson(["--dir", outdir]);
    expect(before.code).toBe(0);
    expect(before.rows).toEqual([expect.objectContaining({ action: "unresolved", reason: expect.stringContaining('${terraform_data.ids.output["database"]}') })]);

    const result = await initAndApply(dir, sim.env());
    expect(result.code).toBe(0);
    expect(sim.upgradePosts().map((request) => request.path)).toEqual(["/v1/subscriptions/1234/databases/5678/upgrade"]);

    const after = await planJson(["--dir", outdir]);
    expect(after.code).toBe(0);
    expect(after.rows).toEqual([expect.objectContaining({ action: "noop", current: "8.2", database: expect.stringMatching(/subscription 1234\/db 5678/) })]);
    fs.rmSync(outdir, { recursive: true, force: true });
  });

  it("validates the resolved ids in the handler with the synth-time rules, sending nothing", async () => {
    const { dir } = stackWithIds({ sub: "1234", db: 0 });
    const result = await initAndApply(dir, sim.env());
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/databaseId: must be greater than zero/);
    expect(sim.server.requests).toHaveLength(0);
  });
});
