import { spawn } from "node:child_process";
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

/** Runs the bundled handler as a pin's local-exec does, with `nodeArgs` before it. */
export function runHandler(nodeArgs: readonly string[], spec: object): Promise<{ code: number | null; output: string }> {
  const env = {
    PATH: process.env.PATH,
    TMPDIR: tmpdir(),
    RS_USER: softwareCredentials.username,
    RS_PASS: softwareCredentials.password,
    [SPEC_ENV]: JSON.stringify(spec),
  };
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...nodeArgs, HANDLER, "apply"], { env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("close", (code) => resolve({ code, output }));
  });
}
