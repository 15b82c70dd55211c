import * as fs from "node:fs";
import * as path from "node:path";
import { App, DataResource, Fn, TerraformResource, TerraformStack, Token } from "cdktf";
import { plan } from "../../src/cli/plan";
import { readPins } from "../../src/cli/stacks";
import { fillReferences } from "../../src/cli/terraform-state";
import { RedisCloudDatabaseVersion } from "../../src";
import { RedisCloudSimulator } from "../../src/simulator/redis-cloud";
import { RunningServer, serve } from "../../src/simulator/server";
import { tempDir } from "../support/temp";

const keys = { accessKey: "tokens-account-key-3Fz8", secretKey: "tokens-user-key-6Lp1" };
const ENV = { REDISCLOUD_ACCESS_KEY: keys.accessKey, REDISCLOUD_SECRET_KEY: keys.secretKey };

/** What `terraform show -json` prints for a state holding the resource that carries the ids (the e2e test reads real output). */
function shownState(resources: Array<{ address: string; values: unknown }>): string {
  return JSON.stringify({ format_version: "1.0", terraform_version: "1.9.8", values: { root_module: { resources } } });
}

describe("redis-version plan for pins whose ids are Terraform references", () => {
  let sim: RedisCloudSimulator;
  let server: RunningServer;
  let outdir: string;
  let dir: string;

  beforeAll(async () => {
    sim = new RedisCloudSimulator({ credentials: keys });
    server = await serve({ tls: true, controlPlanes: [sim], lifetimeMs: 5 * 60_000 });
    const caFile = path.join(tempDir("tokens-ca"), "ca.pem");
    fs.writeFileSync(caFile, server.caPem ?? "");
    sim.addDatabase({ subscriptionId: 1, databaseId: 5678, plan: "pro", version: "7.4" });
    sim.addDatabase({ subscriptionId: 1, databaseId: 42, plan: "pro", version: "7.2" });

    outdir = tempDir("tokens-out");
    const app = new App({ outdir, skipValidation: true });
    const stack = new TerraformStack(app, "mixed");
    const api = { url: `${server.url}/v1`, caCertFile: caFile };
    const ids = new TerraformResource(stack, "ids", { terraformResourceType: "terraform_data" });
    ids.addOverride("input", { sub: "1", db: 42 });
    new RedisCloudDatabaseVersion(stack, "literal", { subscriptionId: 1, databaseId: 5678, redisVersion: "7.4", api });
    new RedisCloudDatabaseVersion(stack, "referenced", {
      subscriptionId: ids.getStringAttribute("output.sub"),
      databaseId: ids.getNumberAttribute("output.db"),
      redisVersion: "7.4",
      api,
    });
    app.synth();
    dir = path.join(outdir, "stacks", "mixed");
  });
  afterAll(() => server.close());

  const run = async (...args: string[]) => {
    let stdout = "";
    let stderr = "";
    const code = await plan(["--dir", outdir, ...args], { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: ENV });
    return { code, stdout, stderr };
  };
  const stateFile = (text: string) => {
    const file = path.join(tempDir("tokens-state"), "state.json");
    fs.writeFileSync(file, text);
    return file;
  };

  it("fills the ids in from the state given with --state and plans the database they name", async () => {
    const file = stateFile(shownState([{ address: "terraform_data.ids", values: { id: "x", input: { sub: "1", db: 42 }, output: { sub: "1", db: 42 } } }]));
    const { code, stdout } = await run("--state", file, "--format", "json");
    expect(code).toBe(0);
    const rows = JSON.parse(stdout).pins;
    expect(rows).toEqual([
      expect.objectContaining({ address: "mixed/literal", action: "noop", current: "7.4" }),
      expect.objectContaining({ address: "mixed/referenced", action: "upgrade", current: "7.2", database: expect.stringMatching(/subscription 1\/db 42/) }),
    ]);
  });

  it("reports a pin whose ids are not in state as unresolved until apply, and plans the others", async () => {
    const { code, stdout } = await run("--state", stateFile(shownState([])));
    expect(code).toBe(0);
    expect(stdout).toMatch(/mixed\/literal\s.*\s7\.4\s+7\.4\s+noop/);
    expect(stdout).toMatch(/mixed\/referenced\s.*\s\?\s+7\.4\s+unresolved/);
    expect(stdout).toContain("mixed/referenced: unresolved: unresolved until apply: ${terraform_data.ids.output.sub}, ${terraform_data.ids.output.db}");
    expect(stdout).toMatch(/2 pins: 1 unchanged, 1 unresolved until apply/);
    expect((await run("--state", stateFile(shownState([])), "--detailed-exitcode")).code).toBe(2);
  });

  it("without --state asks terraform show in the stack directory, and reads no state from one never initialized", async () => {
    expect(fs.existsSync(path.join(dir, ".terraform"))).toBe(false);
    const { code, stdout } = await run("--format", "markdown");
    expect(code).toBe(0);
    expect(stdout).toMatch(/\| `mixed\/referenced`<br>.*\| \? \| 7\.4 \| unresolved \|/);
  });

  it("fails with what to give when --state is not a state", async () => {
    const { code, stderr } = await run("--state", stateFile("not json"));
    expect(code).toBe(1);
    expect(stderr).toMatch(/--state .*state\.json could not be read as JSON .*give a \.tfstate or the output of terraform show -json/);
  });

  it("readPins, which needs every database known, says where such pins are planned", () => {
    expect(() => readPins(outdir)).toThrow(/mixed\/referenced: identities given as Terraform references are resolved at apply; redis-version plan reads them/);
  });
});

describe("fillReferences", () => {
  const state = new Map<string, unknown>([
    ["terraform_data.ids", { output: { sub: "7", db: 8, list: ["a", "b"], map: { "k.1": "v" }, quoted: 'say "hi"' } }],
    ["data.rediscloud_database.db", { db_id: 99 }],
  ]);

  it("replaces each reference inside a string by its value's text, as Terraform does", () => {
    const spec = { a: "${terraform_data.ids.output.sub}", b: "${terraform_data.ids.output.db}", c: ["x-${terraform_data.ids.output.list[1]}-y"], n: 3 };
    expect(fillReferences(spec, state)).toEqual({ kind: "filled", value: { a: "7", b: "8", c: ["x-b-y"], n: 3 } });
    expect(fillReferences('${data.rediscloud_database.db.db_id}/${terraform_data.ids.output.map["k.1"]}', state)).toEqual({ kind: "filled", value: "99/v" });
    expect(fillReferences({ a: "${terraform_data.ids.output.quoted}" }, state)).toEqual({ kind: "filled", value: { a: 'say "hi"' } });
  });

  it.each(["${terraform_data.other.output}", "${var.sub}", '${lookup(terraform_data.ids.output, "sub")}', "${terraform_data.ids.output.missing}"])(
    "leaves %s for apply",
    (reference) => {
      expect(fillReferences({ a: reference }, state)).toEqual({ kind: "unfilled", references: [reference] });
    },
  );

  it("leaves everything for apply when there is no state", () => {
    expect(fillReferences("${terraform_data.ids.output.sub}", undefined)).toEqual({ kind: "unfilled", references: ["${terraform_data.ids.output.sub}"] });
  });
});

describe("redis-version plan for references with quotes, brackets and calls inside ${…} (issue 20 item 10)", () => {
  const made: string[] = [];
  let sim: RedisCloudSimulator;
  let server: RunningServer;
  let outdir: string;

  beforeAll(async () => {
    sim = new RedisCloudSimulator({ credentials: keys });
    server = await serve({ tls: true, controlPlanes: [sim], lifetimeMs: 5 * 60_000 });
    const caFile = path.join(tempDir("lookups-ca"), "ca.pem");
    fs.writeFileSync(caFile, server.caPem ?? "");
    sim.addDatabase({ subscriptionId: 1, databaseId: 42, plan: "pro", version: "7.2" });
    made.push(path.dirname(caFile));

    outdir = tempDir("lookups-out");
    made.push(outdir);
    const app = new App({ outdir, skipValidation: true });
    const stack = new TerraformStack(app, "lookups");
    const api = { url: `${server.url}/v1`, caCertFile: caFile };
    const ids = new DataResource(stack, "ids", { input: { database: 42 } });
    // Synthesizes as ${terraform_data.ids.output["database"]}: quotes inside the spec's JSON text.
    new RedisCloudDatabaseVersion(stack, "by-key", { subscriptionId: 1, databaseId: Token.asNumber(ids.output.lookup("database")), redisVersion: "7.4", api });
    // A function call: only Terraform can evaluate it.
    new RedisCloudDatabaseVersion(stack, "by-call", { subscriptionId: 2, databaseId: Token.asNumber(Fn.abs(Token.asNumber(ids.output.lookup("database")))), redisVersion: "7.4", api });
    app.synth();
  });
  afterAll(async () => {
    await server.close();
    for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
  });

  const run = async (...args: string[]) => {
    let stdout = "";
    let stderr = "";
    const code = await plan(["--dir", outdir, "--format", "json", ...args], { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: ENV });
    return { code, stdout, stderr, rows: stdout ? (JSON.parse(stdout).pins as Array<Record<string, unknown>>) : [] };
  };
  const stateFile = (text: string) => {
    const file = path.join(tempDir("lookups-state"), "state.json");
    made.push(path.dirname(file));
    fs.writeFileSync(file, text);
    return file;
  };

  it("before apply: both pins unresolved, no error", async () => {
    const { code, rows, stderr } = await run("--state", stateFile(shownState([])));
    expect(stderr).not.toMatch(/unexpected|SyntaxError/);
    expect(code).toBe(0);
    expect(rows).toEqual([
      expect.objectContaining({ address: "lookups/by-call", action: "unresolved", reason: expect.stringContaining('${abs(terraform_data.ids.output["database"])}') }),
      expect.objectContaining({ address: "lookups/by-key", action: "unresolved", reason: expect.stringContaining('${terraform_data.ids.output["database"]}') }),
    ]);
  });

  it("with the ids in state: the [\"key\"] step is read from it, the function call stays unresolved", async () => {
    const { code, rows } = await run("--state", stateFile(shownState([{ address: "terraform_data.ids", values: { id: "x", input: { database: 42 }, output: { database: 42 } } }])));
    expect(code).toBe(0);
    expect(rows).toEqual([
      expect.objectContaining({ address: "lookups/by-key", action: "upgrade", current: "7.2", database: expect.stringMatching(/subscription 1\/db 42/) }),
      expect.objectContaining({ address: "lookups/by-call", action: "unresolved" }),
    ]);
  });
});

describe("fillReferences reads any Terraform template (issue 20 item 10)", () => {
  const state = new Map<string, unknown>([["terraform_data.ids", { output: { "a}b": "7", list: [{ id: 9 }], sub: "1" } }]]);

  it.each([
    ['${terraform_data.ids.output["a}b"]}', "7"],
    ["${terraform_data.ids.output.list[0].id}", "9"],
    ['${ terraform_data.ids.output["sub"] }', "1"],
    ["x-$${literal}-${terraform_data.ids.output.sub}", "x-${literal}-1"],
  ])("fills %s", (template, value) => {
    expect(fillReferences({ a: template }, state)).toEqual({ kind: "filled", value: { a: value } });
  });

  it.each([
    '${jsondecode("{\\"a\\": 1}")["a"]}',
    '${format("%s}", terraform_data.ids.output.sub)}',
    '${"${terraform_data.ids.output.sub}"}',
    "%{ if true }1%{ endif }",
    "${terraform_data.ids.output.sub",
  ])("leaves %s for apply, whole", (template) => {
    const filled = fillReferences({ a: template }, state);
    expect(filled.kind).toBe("unfilled");
    expect(filled.kind === "unfilled" && filled.references.join("")).toContain(template.startsWith("%") ? "%{ if true }" : template.slice(0, 10));
  });
});
