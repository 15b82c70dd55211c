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
  ) {
    super(
      `${method} ${path} answered ${status}` +
        (errorCode ? ` ${errorCode}` : "") +
        (detail ? `: ${detail}` : ""),
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
  ) {
    super(`${method} ${path} failed: ${reason}`);
    this.name = "TransportError";
  }
}

/** A 2xx answer whose body does not have the shape the API documents. */
export class ResponseShapeError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly problems: readonly string[],
  ) {
    super(`${method} ${path} returned a body we do not understand:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
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

/** Our own errors already read well; anything else is a bug, shown with its stack so it can be reported. */
export function explain(error: unknown): string {
  if (EXPECTED.some((type) => error instanceof type)) return (error as Error).message;
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
