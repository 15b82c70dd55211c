import { ChildProcess, spawn } from "node:child_process";
import * as path from "node:path";

/** The built CLI, as the package's `redis-version` bin runs it. */
export const CLI = path.resolve(__dirname, "..", "..", "lib", "src", "cli", "main.js");

export interface Spawned {
  readonly child: ChildProcess;
  /** stdout and stderr so far. */
  output(): string;
  /** Resolves once the output matches; fails with the output if the process exits first or `ms` pass. */
  waitFor(pattern: RegExp, ms?: number): Promise<void>;
  /** The exit code, or the signal's name. */
  exited(): Promise<number | string>;
}

/** `redis-version <args>` from the built CLI in a process of its own. */
export function spawnCli(args: readonly string[], options: { cwd?: string; env: NodeJS.ProcessEnv }): Spawned {
  return spawnCommand([process.execPath, CLI], args, options);
}

/** `command` (a program and its first arguments, e.g. an installed bin) with `args`, its output collected. */
export function spawnCommand(command: readonly string[], args: readonly string[], options: { cwd?: string; env: NodeJS.ProcessEnv }): Spawned {
  const [file, ...first] = command;
  const child = spawn(file, [...first, ...args], { cwd: options.cwd, env: options.env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  const exit = new Promise<number | string>((resolve) => child.on("close", (code, signal) => resolve(code ?? signal ?? "unknown")));
  const ended = () => child.exitCode !== null || child.signalCode !== null;
  return {
    child,
    output: () => output,
    exited: () => exit,
    waitFor: (pattern, ms = 30_000) =>
      new Promise((resolve, reject) => {
        const finish = (then: () => void) => {
          clearTimeout(timer);
          child.stdout?.off("data", check);
          child.stderr?.off("data", check);
          child.off("close", check);
          then();
        };
        const check = () => {
          if (pattern.test(output)) finish(resolve);
          else if (ended()) finish(() => reject(new Error(`exited before printing ${pattern}:\n${output}`)));
        };
        const timer = setTimeout(() => finish(() => reject(new Error(`no ${pattern} within ${ms} ms:\n${output}`))), ms);
        child.stdout?.on("data", check);
        child.stderr?.on("data", check);
        child.on("close", check);
        check();
      }),
  };
}

/** The variables of `export NAME=value` lines, values unquoted as a POSIX shell would. */
export function parseExports(output: string): Record<string, string> {
  return Object.fromEntries([...output.matchAll(/^export (\w+)=(.*)$/gm)].map((match) => [match[1], unquote(match[2])]));
}

function unquote(value: string): string {
  return value.startsWith("'") ? value.slice(1, -1).replace(/'\\''/g, "'") : value;
}

/** Stops it with `signal` and fails unless it exits within `ms`. */
export async function stopProcess(spawned: Spawned, signal: NodeJS.Signals = "SIGTERM", ms = 10_000): Promise<number | string> {
  if (spawned.child.exitCode !== null || spawned.child.signalCode !== null) return spawned.exited();
  const timer = setTimeout(() => spawned.child.kill("SIGKILL"), ms);
  spawned.child.kill(signal);
  const code = await spawned.exited();
  clearTimeout(timer);
  if (code === "SIGKILL") throw new Error(`pid ${spawned.child.pid} was still running ${ms} ms after ${signal}:\n${spawned.output()}`);
  return code;
}
