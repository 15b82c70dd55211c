function atHost(host: string | undefined): string {
  return host ? ` (${host})` : "";
}

/**
 * An HTTP answer the control plane gave that we cannot treat as success.
 * It carries the API's own words (error_code, description or message) and
 * never a header or credential, so it is safe to print as it is.
 */
export class ApiError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly errorCode: string | undefined,
    readonly detail: string | undefined,
    /** The server's origin, named in the message when known. */
    readonly host?: string,
  ) {
    super(
      `${method} ${path} answered ${status}` +
        (errorCode ? ` ${errorCode}` : "") +
        (detail ? `: ${detail}` : "") +
        atHost(host),
    );
    this.name = "ApiError";
  }
}

/** The request may or may not have reached the server: the connection failed or timed out. */
export class TransportError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly reason: string,
    readonly host?: string,
  ) {
    super(`${method} ${path} failed: ${reason}${atHost(host)}`);
    this.name = "TransportError";
  }
}

/** A 2xx answer whose body does not have the shape the API documents. */
export class ResponseShapeError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly problems: readonly string[],
    readonly host?: string,
  ) {
    super(`${method} ${path}${atHost(host)} returned a body we do not understand:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ResponseShapeError";
  }
}

/** Input or state that makes us stop before sending anything more; the message says what to do. */
export class UserFacingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UserFacingError";
  }
}

/**
 * A request that starts something (an upgrade POST) ended so that we cannot
 * tell whether the server acted: busy, no answer, a timeout or a 5xx. It is
 * never re-sent as it is; the engine reads the control plane again to decide.
 */
export class SubmitOutcomeUnknown extends UserFacingError {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${method} ${path}: we cannot tell whether the server acted on it (${reason}); it is not sent again before the control plane is read`);
    this.name = "SubmitOutcomeUnknown";
  }
}

/**
 * The run's deadline came, or a wait would have passed it: nothing more is
 * sent. The message names the setting, what was being waited for, and what
 * the next run does.
 */
export class DeadlineError extends UserFacingError {
  constructor(
    readonly waitingFor: string,
    readonly terms: { readonly budget: string; readonly afterwards: string },
    readonly wouldWaitMs?: number,
  ) {
    super(
      (wouldWaitMs === undefined
        ? `the deadline (${terms.budget}) passed while waiting for ${waitingFor}`
        : `waiting ${(wouldWaitMs / 1000).toFixed(1)}s for ${waitingFor} would pass the deadline (${terms.budget}); stopped without waiting`) +
        `: ${terms.afterwards}`,
    );
    this.name = "DeadlineError";
  }
}

/**
 * The run was asked to stop (the handler's parent, Terraform's shell, is
 * gone, or a signal came): nothing new is started. Thrown where the run
 * waits or is about to act; the run says what is still going on.
 */
export class Interrupted extends UserFacingError {
  constructor(readonly why: string) {
    super(`stopped (${why}): nothing more is sent. The next terraform apply reads the database first and follows an upgrade it finds running`);
    this.name = "Interrupted";
  }
}

/** A validation failure that names where the bad value sits and what is wrong with it. */
export class SpecError extends Error {
  constructor(
    readonly where: string,
    readonly problems: readonly string[],
  ) {
    super(`${where}: invalid configuration\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "SpecError";
  }
}

/** Stops the apply with a non-zero exit; the message is written for the person reading Terraform's output. */
export class RunFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RunFailure";
  }
}

const EXPECTED = [RunFailure, SpecError, UserFacingError, ApiError, TransportError, ResponseShapeError];

/** Set to 1 to see the stack trace of an error we did not anticipate. */
export const DEBUG_ENV = "REDIS_VERSION_DEBUG";

/**
 * Our own errors already read well, and carry what they quote from answers
 * already redacted. Anything else is a bug: one line and how to get its stack
 * trace for a report, or the stack itself when asked for.
 */
export function explain(error: unknown, debug = false, redact: (text: string) => string = (text) => text): string {
  if (EXPECTED.some((type) => error instanceof type)) return (error as Error).message;
  // Not our words: whatever it quotes may come from an answer, so it is scrubbed like one.
  if (debug) return redact(error instanceof Error ? (error.stack ?? error.message) : String(error));
  const line = (error instanceof Error ? `${error.name}: ${error.message}` : String(error)).split("\n")[0];
  return `unexpected ${redact(line)} (re-run with ${DEBUG_ENV}=1 for the stack trace, and report it)`;
}
