import * as fs from "node:fs";
import * as path from "node:path";
import { terraformOrSkip } from "../support/terraform";
import { CodeBlock, codeBlocks } from "../support/markdown-blocks";
import { appEnv, expectExit, freshApp, REPO, run, TSC, writeStrictTsconfig } from "../support/packed";
import { PrivateTmp, privateTmp } from "../support/private-tmp";

/**
 * The README as a newcomer follows it, like rustdoc's doctests: a README
 * change that breaks an example fails `npm test`. In a fresh app holding the
 * packed package, every TypeScript block is type-checked under strict and
 * run, and "A complete example" is carried out by its shell lines as written.
 */
const README = path.join(REPO, "README.md");
const COMPLETE_EXAMPLE = "A complete example";
const STEP_MS = 120_000;

/**
 * What `cdktf provider add rediscloud` would generate for the two classes the
 * README uses: the command needs the Terraform registry, which tests cannot
 * reach. Declarations only, typed as cdktf generates them from the provider's
 * schema (`subscription_id` and `db_id` are TypeInt in
 * RedisLabs/terraform-provider-rediscloud, provider/pro/resource_rediscloud_pro_database.go).
 */
const GENERATED = {
  ".gen/providers/rediscloud/provider.d.ts": `import { Construct } from "constructs";
import { TerraformProvider } from "cdktf";
export interface RediscloudProviderConfig { readonly apiKey?: string; readonly secretKey?: string; readonly url?: string }
export declare class RediscloudProvider extends TerraformProvider {
  constructor(scope: Construct, id: string, config?: RediscloudProviderConfig);
}
`,
  ".gen/providers/rediscloud/subscription-database.d.ts": `import { Construct } from "constructs";
import { TerraformMetaArguments, TerraformResource } from "cdktf";
export interface SubscriptionDatabaseConfig extends TerraformMetaArguments {
  readonly subscriptionId: number;
  readonly name: string;
  readonly datasetSizeInGb?: number;
  readonly throughputMeasurementBy: string;
  readonly throughputMeasurementValue: number;
  readonly redisVersion?: string;
}
export declare class SubscriptionDatabase extends TerraformResource {
  constructor(scope: Construct, id: string, config: SubscriptionDatabaseConfig);
  get subscriptionId(): number;
  get dbId(): number;
}
`,
};

const suite = terraformOrSkip();

suite("README.md, followed word for word in a fresh app", () => {
  const blocks = codeBlocks(fs.readFileSync(README, "utf8"));
  const examples = blocks.filter((block) => block.lang === "ts").map((block) => ({ block, file: fileOf(block) }));
  const shellLines = blocks.find((block) => block.lang === "sh" && block.heading === COMPLETE_EXAMPLE);
  let dir = "";
  let tmp: PrivateTmp | undefined;

  beforeAll(() => {
    dir = freshApp(["cdktf@0.21.0", "cdktn@0.24.0", "constructs@10.7.2"]);
    tmp = privateTmp();
  }, STEP_MS);
  afterAll(() => {
    tmp?.remove();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("has the complete example's main.ts and its shell lines", () => {
    expect(examples.map(({ file }) => file)).toContain("main.ts");
    expect(shellLines?.code).toMatch(/redis-version simulate --print-env/);
  });

  it("type-checks every TypeScript example under strict against the packed declarations", () => {
    for (const { block, file } of examples) fs.writeFileSync(path.join(dir, file), block.code);
    for (const [file, text] of Object.entries(GENERATED)) {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), text);
    }
    writeStrictTsconfig(dir, examples.map(({ file }) => file));
    const compiled = run(process.execPath, [TSC, "-p", "tsconfig.json"], dir);
    expect(readmeLines(compiled.stdout, examples)).toEqual([]);
    expectExit(compiled, 0);
  }, STEP_MS);

  it("synthesizes every example that needs neither the simulator nor generated bindings", () => {
    const standalone = examples.filter(({ block, file }) => file !== "main.ts" && !block.code.includes("./.gen/"));
    expect(standalone.length).toBeGreaterThan(0);
    for (const { block, file } of standalone) {
      const outdir = path.join(dir, `out-${block.line}`);
      const synth = run(process.execPath, [file.replace(/\.ts$/, ".js")], dir, appEnv({ CDKTF_OUTDIR: outdir }));
      expect({ at: `README.md:${block.line}`, code: synth.code, output: synth.code === 0 ? "" : synth.output }).toEqual({ at: `README.md:${block.line}`, code: 0, output: "" });
    }
  }, STEP_MS);

  it("runs A complete example's shell lines as written: simulate, synth, plan, apply, plan from the stack directory, stop", () => {
    // The app's command is the one piece the README leaves to the user's cdktf.json: here main.js, compiled above.
    fs.writeFileSync(path.join(dir, "cdktf.json"), JSON.stringify({ language: "typescript", app: "node main.js" }));
    const script = [
      "set -euo pipefail",
      // Stops the simulator even when a line fails, so a red run leaves no server behind.
      'trap \'[ -n "${REDIS_VERSION_SIMULATOR_PID:-}" ] && npx redis-version simulate --stop >/dev/null 2>&1\' EXIT',
      shellLines?.code ?? "false",
    ].join("\n");
    const ran = run("bash", ["-c", script], dir, userShell(tmp?.env));
    expectExit(ran, 0);
    const output = ran.output;
    const first = output.indexOf("4 pins: 4 to upgrade");
    const applied = output.indexOf("Apply complete! Resources: 4 added, 0 changed, 0 destroyed.");
    const second = output.indexOf("4 pins: 4 unchanged");
    expect({ first, applied, second, inOrder: first >= 0 && first < applied && applied < second }).toMatchObject({ inOrder: true });
    expect(output).toMatch(/redis-versions\/orders .*: upgraded 7\.2(\.\d+)? → 7\.4/);
    expect(output).toMatch(/redis-versions\/carts .*: upgraded 7\.4(\.\d+)? → 8\.0/);
    expect(output).toMatch(/redis-versions\/sessions .*: upgraded 7\.4 → 8\.2/);
    expect(output).toMatch(/redis-versions\/cache .*: upgraded 7\.2 → 7\.4/);
    expect(output).toMatch(/stopped the simulator \(pid \d+\); its CA files are removed/);
    expect(tmp?.leftovers()).toEqual([]);
  }, STEP_MS);
});

/** main.ts for the complete example, as the README names it; the others by the README line they start on. */
function fileOf(block: CodeBlock): string {
  return block.heading === COMPLETE_EXAMPLE ? "main.ts" : `readme-${block.line}.ts`;
}

/** tsc's errors, each pointed at its README line. */
function readmeLines(tscOutput: string, examples: readonly { block: CodeBlock; file: string }[]): string[] {
  return tscOutput
    .split("\n")
    .filter((line) => line.includes("error TS"))
    .map((line) => {
      const at = /^(\S+)\((\d+),\d+\): (.*)$/.exec(line);
      const example = at && examples.find(({ file }) => file === at[1]);
      return example && at ? `README.md:${example.block.line + Number(at[2]) - 1} (${example.block.heading}): ${at[3]}` : line;
    });
}

/**
 * A user's shell: their PATH with the `cdktf` command (cdktf-cli, installed
 * globally as the README's Install says: here this repository's copy), none of
 * the variables the simulator exports, and a private OS temp directory to see
 * what is left there. `TF_CLI_ARGS_apply` answers `terraform apply`'s
 * "Enter a value" as the user would, leaving the line as written.
 */
function userShell(tmpEnv: PrivateTmp["env"] | undefined): NodeJS.ProcessEnv {
  const bin = path.join(REPO, "node_modules", "cdktf-cli", "bundle", "bin");
  const own = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^REDIS/.test(name)));
  return { ...own, ...tmpEnv, PATH: `${bin}${path.delimiter}${process.env.PATH}`, CHECKPOINT_DISABLE: "1", TF_CLI_ARGS_apply: "-auto-approve" };
}
