/** Ctrl-C and SIGTERM as an AbortSignal, so a command stops its children and cleans up before it exits. */
export interface Interrupt {
  readonly signal: AbortSignal;
  /** Hands the signals back to Node's defaults. */
  dispose(): void;
}

/** The exit status a shell reports for a command stopped by each signal. */
const EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;
type StopSignal = keyof typeof EXIT_CODES;
const STOP_SIGNALS = Object.keys(EXIT_CODES) as StopSignal[];

export function onInterrupt(): Interrupt {
  const controller = new AbortController();
  const abort = (signal: NodeJS.Signals) => controller.abort(signal);
  for (const name of STOP_SIGNALS) process.on(name, abort);
  return {
    signal: controller.signal,
    dispose: () => {
      for (const name of STOP_SIGNALS) process.off(name, abort);
    },
  };
}

/** 130 after Ctrl-C, 143 after SIGTERM, as a shell reports them. */
export function interruptedExitCode(signal: AbortSignal): number {
  return EXIT_CODES[signal.reason as StopSignal] ?? 1;
}
