import { Clock, systemClock } from "./clock";
import { Deadline, DeadlineTerms } from "./deadline";
import { LocalState } from "./local-state";
import { Logger } from "./log";
import { Redactor } from "./redaction";

/** Something a run opens and must close when it ends, such as an HTTP dispatcher. */
export interface Closeable {
  close(): Promise<void>;
}

/**
 * What one run (a handler's apply, or one pin of a plan) holds, built once
 * where it starts and handed down: the clock everything waits on, the one
 * deadline, the logger (the tool's own words: what comes from outside is
 * redacted where it enters, src/platforms/http.ts), the redactor that learns each
 * credential as it is read, the local-state store, and what it opened.
 */
export interface RunContext {
  readonly clock: Clock;
  readonly deadline: Deadline;
  /** Never passes the redactor: the tool's own words stay whole, so no credential can be read off "[redacted]" in them. */
  readonly log: Logger;
  readonly redactor: Redactor;
  readonly state: LocalState;
  /** Keeps `resource` to close when the run ends. */
  own<T extends Closeable>(resource: T): T;
}

export interface RunSetup {
  readonly log: Logger;
  /** The run's length and what its expiry means. */
  readonly budget: { readonly ms: number; readonly terms: DeadlineTerms };
  /** The local-state directory (src/core/local-state.ts: stateDirFrom). */
  readonly stateDir: string;
  /** Default: the system clock. Tests give a virtual or sped-up one. */
  readonly clock?: Clock;
  /** Default: a new one. Given when several runs write to one output (plan's pins). */
  readonly redactor?: Redactor;
}

/** A run context and the end of its run. */
export interface RunScope extends RunContext {
  /** Closes everything the run opened; errors in closing are not the run's outcome. */
  close(): Promise<void>;
}

/** Starts a run: its deadline starts now, on its clock. */
export function startRun(setup: RunSetup): RunScope {
  const clock = setup.clock ?? systemClock;
  const redactor = setup.redactor ?? new Redactor();
  const owned: Closeable[] = [];
  return {
    clock,
    deadline: Deadline.after(setup.budget.ms, setup.budget.terms, clock),
    log: setup.log,
    redactor,
    state: new LocalState(setup.stateDir, clock),
    own: (resource) => (owned.push(resource), resource),
    close: async () => {
      await Promise.allSettled(owned.splice(0).map((resource) => resource.close()));
    },
  };
}

/** Runs `work` in a new run and closes what it opened, however it ends. */
export async function withRun<T>(setup: RunSetup, work: (context: RunContext) => Promise<T>): Promise<T> {
  const scope = startRun(setup);
  try {
    return await work(scope);
  } finally {
    await scope.close();
  }
}
