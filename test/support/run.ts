import { Clock } from "../../src/core/clock";
import { defaultStateDir } from "../../src/core/local-state";
import { Logger, silentLogger } from "../../src/core/log";
import { Redactor } from "../../src/core/redaction";
import { RunScope, startRun } from "../../src/core/run-context";
import { PlatformContext } from "../../src/platforms/context";
import { followUpgrade, Operation, Progress, Upgrader } from "../../src/engine";
import { RedisVersion } from "../../src/versions";

export interface TestRunOptions {
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly log?: Logger;
  readonly cwd?: string;
  /** Default: the system clock. */
  readonly clock?: Clock;
  /** The run's deadline from its start; default 5 minutes. */
  readonly timeoutMs?: number;
  readonly redactor?: Redactor;
  /** Default: this user's own state directory, as the handler uses. */
  readonly stateDir?: string;
}

/**
 * A run as the handler starts one, for tests that call platforms or the
 * engine directly. Its `log` is the one given (a recording logger stays
 * readable); apply() is the place to test that output is redacted. Close it
 * in afterEach/finally.
 */
export function testRun<L extends Logger = Logger>(options: TestRunOptions & { log?: L } = {}): PlatformContext & RunScope & { log: L } {
  const timeoutMs = options.timeoutMs ?? 5 * 60_000;
  const scope = startRun({
    log: options.log ?? silentLogger,
    clock: options.clock,
    redactor: options.redactor,
    stateDir: options.stateDir ?? defaultStateDir(),
    budget: { ms: timeoutMs, terms: { budget: `timeoutMinutes: ${timeoutMs / 60_000}`, afterwards: "the next apply reads the database first" } },
  });
  return { ...scope, log: (options.log ?? silentLogger) as L, env: options.env ?? {}, cwd: options.cwd ?? process.cwd() };
}

/** Runs `work` in a new run that shares `base`'s clock, log, environment and directory, with a deadline of its own; closes it after. */
export async function withTestRun<T>(base: PlatformContext, timeoutMinutes: number, work: (context: PlatformContext) => Promise<T>): Promise<T> {
  const context = testRun({ env: base.env, log: base.log, cwd: base.cwd, clock: base.clock, redactor: base.redactor, stateDir: base.state.dir, timeoutMs: timeoutMinutes * 60_000 });
  try {
    return await work(context);
  } finally {
    await context.close();
  }
}

/** Follows `operation` with the engine's loop, as run() does, within `context`'s deadline. */
export function followToEnd<Op extends Operation>(
  upgrader: Upgrader<Op>,
  operation: Op,
  pin: RedisVersion,
  context: PlatformContext,
  onProgress: (progress: Progress) => void = () => undefined,
  pollIntervalMs = 1,
) {
  return followUpgrade(upgrader, operation, pin, { clock: context.clock, deadline: context.deadline, pollIntervalMs, onProgress });
}
