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
