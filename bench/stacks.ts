import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { App, LocalBackend, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { runCommand, Ran } from "./measure";

export function benchDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `rv-bench-${prefix}-`));
}

/** Synthesizes one stack as `cdktf synth` does, its state kept in the stack directory; returns that directory. */
export function synthStack(outdir: string, name: string, build: (stack: Construct) => void): string {
  const app = new App({ outdir, skipValidation: true });
  const stack = new TerraformStack(app, name);
  new LocalBackend(stack, { path: "terraform.tfstate" });
  build(stack);
  app.synth();
  return path.join(outdir, "stacks", name);
}

/** Terraform's environment: nothing from ours but PATH and HOME, plus what the line gives. */
export function terraformEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME, CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1", TF_CLI_CONFIG_FILE: "/dev/null", ...extra };
}

export function terraform(dir: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<Ran> {
  return runCommand("terraform", [...args, "-input=false", "-no-color"], { env, cwd: dir });
}

/** An apply from empty state, so every resource is created and every provisioner runs. */
export async function freshApply(dir: string, env: NodeJS.ProcessEnv, extra: readonly string[] = []): Promise<Ran> {
  fs.rmSync(path.join(dir, "terraform.tfstate"), { force: true });
  return terraform(dir, ["apply", "-auto-approve", ...extra], env);
}
