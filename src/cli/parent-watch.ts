import { Interrupted } from "../core/errors";

/** How often the handler looks whether its parent is still there. */
const CHECK_EVERY_MS = 250;
const STOP_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

export interface ParentWatch {
  /** Aborted, with an Interrupted saying why, once the handler should start nothing new. */
  readonly signal: AbortSignal;
  stop(): void;
}

/**
 * Notices that the handler has lost the apply it runs for. Interrupted,
 * Terraform kills its local-exec shell and exits, and the handler below that
 * shell would go on alone; so a change of parent process, a signal, or output
 * that can no longer be written (EPIPE) asks the run to stop. A second signal
 * ends the process at once.
 */
export function watchParent(proc: NodeJS.Process = process): ParentWatch {
  const controller = new AbortController();
  const stopRun = (why: string) => {
    if (!controller.signal.aborted) controller.abort(new Interrupted(why));
  };
  const parent = proc.ppid;
  const timer = setInterval(() => {
    if (proc.ppid !== parent) stopRun("its parent process is gone: terraform was interrupted or stopped");
  }, CHECK_EVERY_MS);
  timer.unref();
  const onSignal = (name: NodeJS.Signals) => {
    if (controller.signal.aborted) proc.exit(130);
    stopRun(`it received ${name}`);
  };
  for (const name of STOP_SIGNALS) proc.on(name, onSignal);
  // Kept for the whole process: a write after the pipe closed must not end it with a stack trace.
  const onOutputError = (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") stopRun("its output is closed (EPIPE): terraform is gone");
  };
  proc.stdout.on("error", onOutputError);
  proc.stderr.on("error", onOutputError);
  return {
    signal: controller.signal,
    stop: () => {
      clearInterval(timer);
      for (const name of STOP_SIGNALS) proc.off(name, onSignal);
    },
  };
}
