import { spawn, spawnSync } from "node:child_process";
import * as path from "node:path";
import * as z from "zod";
import { systemClock } from "../core/clock";
import { UserFacingError } from "../core/errors";
import { exportLines } from "./shell-exports";

/** Exported by `simulate --print-env`, so `simulate --stop` in the same shell knows which process to stop. */
export const SIMULATOR_PID_ENV = "REDIS_VERSION_SIMULATOR_PID";
const READY_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 15_000;

/** What the background simulator tells the process that started it, over the IPC channel. */
const startMessageSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("ready"), env: z.record(z.string(), z.string()) }),
  z.object({ kind: z.literal("failed"), message: z.string() }),
]);
type StartMessage = z.infer<typeof startMessageSchema>;

/** Reports to the starting process, in the background simulator only (it is started with an IPC channel). */
export interface BackgroundStart {
  ready(env: Record<string, string>): void;
  failed(message: string): void;
}

export function whenServingInBackground(background: boolean): BackgroundStart | undefined {
  const send = process.send?.bind(process);
  if (!background || !send) return undefined;
  // Once told, the channel goes: only the servers keep this process alive.
  const tell = (message: StartMessage) => void send(message, undefined, undefined, () => process.disconnect());
  return { ready: (env) => tell({ kind: "ready", env }), failed: (message) => tell({ kind: "failed", message }) };
}

/**
 * Starts `simulate <args>` as a process of its own session, with no terminal
 * and no output, waits until it listens, and prints its variables as export
 * lines: `eval "$(redis-version simulate --print-env …)"` returns at once and
 * the simulator keeps serving while the user synthesizes, plans and applies.
 */
export function serveInBackground(args: readonly string[], lifetimeMinutes: number): Promise<number> {
  const child = spawn(process.execPath, [path.join(__dirname, "main.js"), "simulate", ...args], {
    detached: true,
    stdio: ["ignore", "ignore", "ignore", "ipc"],
  });
  return new Promise((resolve, reject) => {
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill("SIGTERM");
      reject(new UserFacingError(`the background simulator ${why}`));
    };
    const timer = setTimeout(() => fail(`did not start within ${READY_TIMEOUT_MS / 1000} s`), READY_TIMEOUT_MS);
    const exited = (code: number | null, signal: string | null) => fail(`exited (${code ?? signal}) before it listened`);
    child.once("exit", exited);
    child.once("message", (raw) => {
      child.off("exit", exited);
      const message = startMessageSchema.safeParse(raw);
      if (!message.success) return fail("sent a start message we do not understand");
      if (message.data.kind === "failed") return fail(`could not start: ${message.data.message}`);
      clearTimeout(timer);
      child.disconnect();
      child.unref();
      process.stdout.write(exportLines({ ...message.data.env, [SIMULATOR_PID_ENV]: String(child.pid) }));
      process.stderr.write(
        `redis-version simulate: serving in the background (pid ${child.pid}) for ${lifetimeMinutes} minutes at most; ` +
          "stop it with: npx redis-version simulate --stop\n",
      );
      resolve(0);
    });
  });
}

/** Stops the background simulator this shell started, and returns once it has closed its servers and removed its files. */
export async function stopBackground(env: Readonly<Record<string, string | undefined>>): Promise<number> {
  const text = env[SIMULATOR_PID_ENV];
  if (!text) {
    throw new UserFacingError(`${SIMULATOR_PID_ENV} is not set: --stop stops the simulator that eval "$(npx redis-version simulate --print-env …)" started in this shell`);
  }
  const pid = Number(text);
  if (!Number.isInteger(pid) || pid <= 1) throw new UserFacingError(`${SIMULATOR_PID_ENV} must be a process id (got ${JSON.stringify(text)})`);
  const found = processOf(pid);
  if (found === "gone") {
    process.stdout.write(`no simulator runs as pid ${pid} any more (a background simulator stops by itself at the end of its lifetime)\n`);
    return 0;
  }
  // A stale variable may name a pid reused since: only our own command is stopped.
  if (found === "other") throw new UserFacingError(`pid ${pid} is not a background redis-version simulator: nothing was stopped`);
  process.kill(pid, "SIGTERM");
  // Not a run: no deadline or test clock governs stopping a process, so the wall clock does.
  for (const until = systemClock.now() + STOP_TIMEOUT_MS; processOf(pid) !== "gone"; ) {
    if (systemClock.now() > until) throw new UserFacingError(`the simulator (pid ${pid}) is still running ${STOP_TIMEOUT_MS / 1000} s after SIGTERM`);
    await systemClock.sleep(50);
  }
  process.stdout.write(`stopped the simulator (pid ${pid}); its CA files are removed\n`);
  return 0;
}

/** Whether `pid` is a background simulator, through ps (Linux and macOS alike); a zombie counts as gone. */
function processOf(pid: number): "simulator" | "other" | "gone" {
  const ps = spawnSync("ps", ["-o", "stat=,args=", "-p", String(pid)], { encoding: "utf8" });
  const line = (ps.stdout ?? "").trim();
  if (ps.status !== 0 || line === "" || line.startsWith("Z")) return "gone";
  return /\bsimulate\b/.test(line) && line.includes("--print-env") ? "simulator" : "other";
}
