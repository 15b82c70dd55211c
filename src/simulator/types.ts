/** One request as the simulator saw it; tests read these to prove what was (not) sent. */
export interface SimRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: unknown;
}

export interface SimResponse {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: unknown;
  /** A body that is not JSON, sent as it is; `body` is then ignored. */
  readonly text?: string;
}

/**
 * A control plane's routes. It answers the requests it owns and returns
 * undefined for the others, so several control planes share one server.
 */
export interface ControlPlane {
  handle(request: SimRequest): SimResponse | undefined;
  /** Its own test controls under /__sim/, so a simulator in another process can be steered; undefined for the others. */
  control?(request: SimRequest): SimResponse | undefined;
  /** Moves every database's recorded times (creation, last change) `hours` into the past, as if that long had passed. */
  age?(hours: number): void;
}
