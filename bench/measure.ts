import { spawn } from "node:child_process";

/** What every bench line ends with: its figures, its target, and whether the target is met. */
export interface Line {
  readonly name: string;
  readonly figures: string;
  readonly target: string;
  /** Undefined for a line shown for information only. */
  readonly met?: boolean;
}

export function printLine(line: Line): void {
  const verdict = line.met === undefined ? "information" : line.met ? "MET" : "NOT MET";
  console.log(`${line.name}: ${line.figures} — target ${line.target}: ${verdict}`);
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export interface Ran {
  readonly ms: number;
  readonly output: string;
}

/** Runs a command without blocking this process's event loop (a simulator may live in it); rejects on a non-zero exit. */
export function runCommand(command: string, args: readonly string[], options: { env: NodeJS.ProcessEnv; cwd: string; shell?: boolean }): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(command, [...args], { env: options.env, cwd: options.cwd, shell: options.shell ?? false, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("close", (code) => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      if (code === 0) resolve({ ms, output });
      else reject(new Error(`${command} ${args.join(" ")} exited ${code}:\n${output.slice(-4000)}`));
    });
  });
}

/** The most entries of `stamps` (ms) inside any sliding window of `windowMs`. */
export function mostInAnyWindow(stamps: readonly number[], windowMs: number): number {
  const sorted = [...stamps].sort((a, b) => a - b);
  let most = 0;
  let first = 0;
  for (let last = 0; last < sorted.length; last++) {
    while (sorted[last] - sorted[first] >= windowMs) first++;
    most = Math.max(most, last - first + 1);
  }
  return most;
}
