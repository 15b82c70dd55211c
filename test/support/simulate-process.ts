import { CLI, parseExports, Spawned, spawnCommand, stopProcess } from "./cli";

/** `redis-version simulate` in the foreground of a process of its own, once it has printed its variables. */
export interface SimulateProcess {
  readonly process: Spawned;
  /** Where the Redis Software cluster and the Redis Cloud API (under /v1) listen. */
  readonly url: string;
  /** Its `export` lines: addresses, credentials and CA files. */
  readonly env: Record<string, string>;
  /** SIGTERM, as Ctrl-C would; fails unless it exits promptly. */
  stop(): Promise<number | string>;
}

const READY = /Press Ctrl-C to stop\.\n/;

/** Starts it (by default the built CLI; or an installed bin) with `args`; it stops by itself after 15 minutes, should the test not. */
export async function startSimulate(
  args: readonly string[],
  options: { env: NodeJS.ProcessEnv; cwd?: string; bin?: readonly string[] },
): Promise<SimulateProcess> {
  const spawned = spawnCommand(options.bin ?? [process.execPath, CLI], ["simulate", ...args, "--lifetime-minutes", "15"], options);
  try {
    // Generous: a loaded machine can take many seconds to start Node.js and the simulator.
    await spawned.waitFor(READY, 60_000);
  } catch (error) {
    spawned.child.kill("SIGKILL");
    throw error;
  }
  const url = /Redis Software simulator at (https?:\/\/\S+),/.exec(spawned.output())?.[1];
  if (!url) throw new Error(`redis-version simulate printed no address:\n${spawned.output()}`);
  return { process: spawned, url, env: parseExports(spawned.output()), stop: () => stopProcess(spawned) };
}
