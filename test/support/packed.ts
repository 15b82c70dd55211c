import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { TerraformRun } from "./terraform";
import { tempDir } from "./temp";

/**
 * The package as npm publishes it, packed once per test run and installed
 * into fresh apps beside the versions of cdktf / CDK Terrain and constructs a
 * user would pick: nothing from this repository's node_modules is reachable
 * from those apps, except the TypeScript compiler and @types/node they are
 * lent for type checks.
 */
export const REPO = path.resolve(__dirname, "..", "..");
export const TSC = path.join(REPO, "node_modules", "typescript", "bin", "tsc");
const INSTALL = ["install", "--prefer-offline", "--no-audit", "--no-fund"];
/** Set by test/global-setup.js for the whole run; test/global-teardown.js removes it. */
const RUN_DIR_ENV = "REDIS_VERSION_TEST_RUN_DIR";

/**
 * The tarball `npm pack` makes of the built package, packed by the first
 * test file that asks and shared by the others of the run (packing costs
 * seconds; each file runs in its own module registry, so the cache is a
 * directory). Packed aside and renamed into place, so two workers never see
 * half a tarball.
 */
export function packedTarball(): string {
  const runDir = process.env[RUN_DIR_ENV];
  if (!runDir) throw new Error(`${RUN_DIR_ENV} is not set: run the tests through jest (jest.config.js sets it up)`);
  const packDir = path.join(runDir, "pack");
  if (!fs.existsSync(packDir)) {
    fs.mkdirSync(runDir, { recursive: true });
    const aside = fs.mkdtempSync(path.join(runDir, "packing-"));
    succeed("npm", ["pack", "--ignore-scripts", "--pack-destination", aside], REPO, appEnv());
    try {
      fs.renameSync(aside, packDir);
    } catch {
      // Another worker packed first: its tarball is the same.
      fs.rmSync(aside, { recursive: true, force: true });
    }
  }
  const [file, ...others] = fs.readdirSync(packDir).filter((name) => name.endsWith(".tgz"));
  if (!file || others.length) throw new Error(`npm pack left ${[file, ...others].join(", ") || "nothing"} in ${packDir}`);
  return path.join(packDir, file);
}

/** A fresh app holding the packed tarball and `dependencies`, as `npm install` leaves it. */
export function freshApp(dependencies: readonly string[]): string {
  const dir = tempDir("app");
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "app", version: "1.0.0", private: true }, null, 2));
  succeed("npm", [...INSTALL, packedTarball(), ...dependencies], dir, appEnv());
  return dir;
}

/** A strict tsconfig.json for `files`: the app installs no TypeScript of its own, so the compiler and Node's types are the repository's. */
export function writeStrictTsconfig(dir: string, files: readonly string[], extra: Record<string, unknown> = {}): void {
  const compilerOptions = {
    strict: true,
    module: "commonjs",
    target: "ES2022",
    lib: ["ES2022"],
    skipLibCheck: true,
    noEmitOnError: true,
    typeRoots: [path.join(REPO, "node_modules", "@types")],
    types: ["node"],
    ...extra,
  };
  fs.writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions, files }, null, 2));
}

/** Our environment, so npm finds its registry and cache settings, with `extra` on top. */
export function appEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  return { ...process.env, CHECKPOINT_DISABLE: "1", ...extra };
}

/** A finished command; `output` (stdout, then stderr) starts with the command line, for failure messages. */
export interface Ran extends TerraformRun {
  readonly stdout: string;
}

export function run(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = appEnv(), input?: string): Ran {
  const result = spawnSync(command, args, { cwd, env, input, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  const stdout = result.stdout ?? "";
  const output = `${stdout}${result.stderr ?? ""}${result.error ? `\n${result.error.message}` : ""}`;
  return { code: result.status, stdout, output: `$ ${[command, ...args].join(" ")}  (in ${cwd})\n${output}` };
}

export function succeed(command: string, args: readonly string[], cwd: string, env?: NodeJS.ProcessEnv): Ran {
  const ran = run(command, args, cwd, env);
  expectExit(ran, 0);
  return ran;
}

/** Fails with the command's whole output, so a red CI log explains itself. */
export function expectExit(ran: TerraformRun, code: number): void {
  if (ran.code !== code) throw new Error(`expected exit status ${code}, got ${ran.code}:\n${ran.output}`);
}

/** An installed package's folder packed as npm publishes it, offline: what a jsii binding of it embeds. */
export function packInstalled(name: string, destination: string): string {
  const packed = succeed("npm", ["pack", "--ignore-scripts", "--pack-destination", destination, path.join(REPO, "node_modules", name)], REPO, appEnv());
  return path.join(destination, packed.stdout.trim().split("\n").pop() ?? "");
}

/** Unpacks a tarball npm made into `destination`/package. */
export function unpack(tarball: string, destination: string): string {
  succeed("tar", ["-xzf", tarball, "-C", destination], destination);
  return path.join(destination, "package");
}
