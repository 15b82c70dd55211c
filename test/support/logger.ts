import { Logger } from "../../src/core/log";

export interface RecordingLogger extends Logger {
  readonly lines: string[];
}

/** A logger that keeps every line, warnings prefixed as the console logger prints them. */
export function recordingLogger(): RecordingLogger {
  const lines: string[] = [];
  return { lines, info: (line) => lines.push(line), warn: (line) => lines.push(`warning: ${line}`) };
}
