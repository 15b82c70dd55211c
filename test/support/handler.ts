import { ChildProcess, spawn } from "node:child_process";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { SPEC_ENV } from "../../src/spec";

export const HANDLER = path.resolve(__dirname, "..", "..", "lib", "handler.cjs");

export const softwareCredentials = { username: "handler@example.com", password: "handler-password" };

/** A pin of Redis Software database 1 at 7.4, reaching `cluster` with `softwareCredentials`. */
export function softwareSpec(cluster: { url: string; caCertFile?: string }): object {
  return {
    kind: "redis-software-database",
    format: 1,
    address: "handler-test/orders",
    redisVersion: "7.4",
    timeoutMinutes: 1,
    cluster: { ...cluster, usernameEnv: "RS_USER", passwordEnv: "RS_PASS" },
    databaseUid: 1,
    upgrade: {},
  };
}

export interface HandlerRun {
  readonly code: number | null;
  readonly output: string;
}

export interface StartedHandler {
  /** The process started: the handler itself, or the shell standing for Terraform's `sh -c` when `underShell`. */
  readonly child: ChildProcess;
  /** Resolves once every process holding the output pipes is gone (the handler included, even when it outlived its shell). */
  readonly done: Promise<HandlerRun>;
  output(): string;
}

export interface HandlerOptions {
  readonly spec: object;
  /** Variables beside PATH and the spec; `softwareCredentials` as RS_USER and RS_PASS unless given. */
  readonly env?: Record<string, string>;
  readonly nodeArgs?: readonly string[];
  readonly cwd?: string;
  /** Run it as a pin's local-exec does, below `/bin/sh -c`, so a test can end that parent alone. */
  readonly underShell?: boolean;
}

/** Starts the bundled handler as a pin's local-exec does. */
export function startHandler(options: HandlerOptions): StartedHandler {
  const env = {
    PATH: process.env.PATH,
    TMPDIR: tmpdir(),
    RS_USER: softwareCredentials.username,
    RS_PASS: softwareCredentials.password,
    ...options.env,
    [SPEC_ENV]: JSON.stringify(options.spec),
  };
  const command = [process.execPath, ...(options.nodeArgs ?? []), HANDLER, "apply"];
  // "; exit $?" keeps the shell from exec-ing node, so the handler has a parent of its own to lose.
  const child = options.underShell
    ? spawn("/bin/sh", ["-c", `${command.map((word) => JSON.stringify(word)).join(" ")}; exit $?`], { env, cwd: options.cwd, stdio: ["ignore", "pipe", "pipe"] })
    : spawn(command[0], command.slice(1), { env, cwd: options.cwd, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const done = new Promise<HandlerRun>((resolve) => child.on("close", (code) => resolve({ code, output })));
  return { child, done, output: () => output };
}

/** Runs the bundled handler as a pin's local-exec does, with `nodeArgs` before it. */
export function runHandler(nodeArgs: readonly string[], spec: object): Promise<HandlerRun> {
  return startHandler({ nodeArgs, spec }).done;
}
