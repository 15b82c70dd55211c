import { ChildProcess, spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Construct } from "constructs";
import { synthStack as synthInto } from "../../bench/stacks";

/**
 * End-to-end tests drive the real terraform binary. Without it they skip,
 * loudly, except under CI=true where a missing terraform is a failure.
 */
export function terraformOrSkip(): jest.Describe {
  const found = spawnSync("terraform", ["version"], { encoding: "utf8" });
  if (found.status === 0) return describe;
  const why = "terraform was not found on PATH: end-to-end tests need Terraform >= 1.4";
  if (process.env.CI === "true") throw new Error(`${why} (CI=true: not skipping)`);
  console.warn(`SKIPPING end-to-end tests: ${why}`);
  return describe.skip;
}

/** Synthesizes one stack the way `cdktf synth` does (the bench's helper, its state kept in the stack) and returns its directory. */
export function synthStack(outdir: string, build: (stack: Construct) => void, name = "e2e"): string {
  return synthInto(outdir, name, build);
}

export interface TerraformRun {
  readonly code: number | null;
  readonly output: string;
}

/** The environment Terraform runs in: nothing from ours but PATH, HOME and the test file's own TMPDIR, plus what the test gives. */
export function terraformEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TMPDIR: os.tmpdir(),
    CHECKPOINT_DISABLE: "1",
    TF_IN_AUTOMATION: "1",
    TF_CLI_CONFIG_FILE: "/dev/null",
    REDIS_VERSION_POLL_INTERVAL_MS: "100",
    ...extra,
  };
}

export function startTerraform(dir: string, args: string[], env: NodeJS.ProcessEnv): { child: ChildProcess; done: Promise<TerraformRun>; output: () => string } {
  const child = spawn("terraform", [...args], { cwd: dir, env });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  const done = new Promise<TerraformRun>((resolve) => child.on("close", (code) => resolve({ code, output })));
  return { child, done, output: () => output };
}

export async function terraform(dir: string, args: string[], env: NodeJS.ProcessEnv): Promise<TerraformRun> {
  return startTerraform(dir, args, env).done;
}

export async function initAndApply(dir: string, env: NodeJS.ProcessEnv): Promise<TerraformRun> {
  const init = await terraform(dir, ["init", "-input=false", "-no-color"], env);
  if (init.code !== 0) throw new Error(`terraform init failed:\n${init.output}`);
  return apply(dir, env);
}

export function apply(dir: string, env: NodeJS.ProcessEnv): Promise<TerraformRun> {
  return terraform(dir, ["apply", "-auto-approve", "-input=false", "-no-color"], env);
}

/** None of `secrets` appears in the stack's cdk.tf.json, its state, or what `terraform` printed. */
export function expectNoSecretsIn(stackDir: string, output: string, secrets: readonly string[]): void {
  const texts = {
    "cdk.tf.json": fs.readFileSync(path.join(stackDir, "cdk.tf.json"), "utf8"),
    "terraform.tfstate": fs.readFileSync(path.join(stackDir, "terraform.tfstate"), "utf8"),
    output,
  };
  for (const [where, text] of Object.entries(texts)) {
    for (const secret of secrets) {
      expect({ where, leaked: text.includes(secret) }).toEqual({ where, leaked: false });
    }
  }
}

/** Pids of every process below `pid` whose command line contains `needle`. */
export function descendantsMatching(pid: number, needle: string): number[] {
  const table = spawnSync("ps", ["-eo", "pid=,ppid=,args="], { encoding: "utf8" }).stdout.trim().split("\n");
  const rows = table.map((line) => {
    const [p, pp, ...args] = line.trim().split(/\s+/);
    return { pid: Number(p), ppid: Number(pp), args: args.join(" ") };
  });
  const below = new Set([pid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const row of rows) {
      if (below.has(row.ppid) && !below.has(row.pid)) {
        below.add(row.pid);
        grew = true;
      }
    }
  }
  return rows.filter((row) => row.pid !== pid && below.has(row.pid) && row.args.includes(needle)).map((row) => row.pid);
}

export async function waitFor(predicate: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
