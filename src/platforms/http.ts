import { Agent, request as undiciRequest } from "./undici";
import * as z from "zod";
import { describeIssues } from "../spec/validate";
import { sleep } from "../core/clock";
import { backoffDelay, DEFAULT_RETRY, RetryPolicy, retryAfterMs } from "./backoff";
import { ApiError, ResponseShapeError, TransportError, UserFacingError } from "../core/errors";
import { Logger, silentLogger } from "../core/log";

export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
export type Query = Record<string, string | number | boolean | undefined>;

export interface TlsOptions {
  /** PEM text of the CA that signed the server's certificate. */
  readonly caPem?: string;
  /** Accept any certificate. Only for an explicit opt-in; it prints a warning. */
  readonly insecureSkipTlsVerify?: boolean;
}

export interface HttpClientOptions extends TlsOptions {
  readonly baseUrl: string;
  /** Authentication headers. Their values are secrets: they never reach a message. */
  readonly authHeaders: Readonly<Record<string, string>>;
  /** Further values to scrub from every message, such as the raw password behind a Basic header. */
  readonly secrets?: readonly string[];
  readonly timeoutMs?: number;
  readonly retry?: Partial<RetryPolicy>;
  readonly log?: Logger;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
  readonly now?: () => number;
  /** How the platform phrases an error body; the default reads error_code with description or message. */
  readonly readError?: (body: unknown) => { errorCode?: string; detail?: string };
  /** Errors the server answers without doing anything, so any request may be re-sent. */
  readonly isRejectedBusy?: (status: number, errorCode: string | undefined) => boolean;
  /** The settings that name a CA to trust, for the message when the server's certificate is not trusted. */
  readonly caSettings?: string;
  /** Keeps to a platform's request budget: awaited before every attempt, shown every answer's headers. */
  readonly pacer?: Pacer;
}

export interface Pacer {
  beforeAttempt(): Promise<void>;
  afterAnswer(headers: Readonly<Record<string, string | undefined>>): void;
}

export interface RequestOptions<T> {
  readonly query?: Query;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * For a request that starts something (a POST): when an attempt failed in a
   * way that leaves us unsure whether the server acted, this is asked first.
   * It returns what the first attempt started, or undefined to send again.
   * Without it such a request is never re-sent.
   */
  readonly beforeRetry?: () => Promise<T | undefined>;
}

export interface HttpResponse<T> {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: T;
}

type Attempt =
  | { kind: "answered"; status: number; headers: Record<string, string | undefined>; json: unknown }
  | { kind: "unreachable"; reason: string };

const TLS_TRUST_CODES = new Set([
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "ERR_TLS_CERT_ALTNAME_INVALID",
  "CERT_HAS_EXPIRED",
]);

export function readStandardError(body: unknown): { errorCode?: string; detail?: string } {
  if (typeof body !== "object" || body === null) return typeof body === "string" && body ? { detail: body } : {};
  const record = body as Record<string, unknown>;
  const text = (key: string) => (typeof record[key] === "string" && record[key] ? (record[key] as string) : undefined);
  return {
    errorCode: text("error_code") ?? text("errorCode"),
    detail: text("description") ?? text("message") ?? text("detail") ?? text("title"),
  };
}

/**
 * The one transport both platforms use: authentication, TLS trust, timeouts,
 * retries with jittered backoff that honour Retry-After, and messages that
 * never carry a credential.
 */
export class HttpClient {
  private readonly agent: InstanceType<typeof Agent>;
  private readonly policy: RetryPolicy;
  private readonly log: Logger;
  private readonly secrets: string[];
  private readonly pause: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly now: () => number;

  constructor(private readonly options: HttpClientOptions) {
    const timeout = options.timeoutMs ?? 30_000;
    this.agent = new Agent({
      headersTimeout: timeout,
      bodyTimeout: timeout,
      connectTimeout: Math.min(timeout, 10_000),
      connect: {
        ca: options.caPem,
        rejectUnauthorized: !options.insecureSkipTlsVerify,
      },
    });
    this.policy = { ...DEFAULT_RETRY, ...options.retry };
    this.log = options.log ?? silentLogger;
    this.secrets = [...Object.values(options.authHeaders), ...(options.secrets ?? [])].filter(
      (value) => value.length >= 4,
    );
    this.pause = options.sleep ?? sleep;
    this.random = options.random ?? Math.random;
    this.now = options.now ?? Date.now;
    if (options.insecureSkipTlsVerify && options.baseUrl.startsWith("https:")) {
      this.log.warn(
        `TLS certificate verification is OFF for ${options.baseUrl} (insecureSkipTlsVerify): ` +
          "anyone on the path can read the credentials; trust the cluster's CA with caCertFile instead",
      );
    }
  }

  get baseUrl(): string {
    return this.options.baseUrl;
  }

  async get<S extends z.ZodType>(path: string, schema: S, options: RequestOptions<z.infer<S>> = {}) {
    return this.request("GET", path, schema, options);
  }

  async post<S extends z.ZodType>(path: string, schema: S, options: RequestOptions<z.infer<S>> = {}) {
    return this.request("POST", path, schema, options);
  }

  async request<S extends z.ZodType>(
    method: Method,
    path: string,
    schema: S,
    options: RequestOptions<z.infer<S>> = {},
  ): Promise<HttpResponse<z.infer<S>>> {
    const idempotent = method === "GET" || method === "PUT" || method === "DELETE";
    for (let attempt = 1; ; attempt++) {
      const outcome = await this.attempt(method, path, options);
      const last = attempt >= this.policy.attempts;
      if (outcome.kind === "answered" && outcome.status >= 200 && outcome.status < 300) {
        return { status: outcome.status, headers: outcome.headers, body: this.parse(method, path, schema, outcome.json) };
      }
      const failure = this.toError(method, path, outcome);
      const rejected = outcome.kind === "answered" && this.wasRejectedUntouched(outcome, failure);
      const uncertain =
        outcome.kind === "unreachable" || (outcome.kind === "answered" && outcome.status >= 500);
      if (last || (!rejected && !uncertain)) throw failure;
      if (!rejected && !idempotent) {
        if (!options.beforeRetry) throw failure;
        const started = await options.beforeRetry();
        if (started !== undefined) {
          this.log.info(`${method} ${path}: the first attempt went through (${failure.message}); not sending it again`);
          return { status: 200, headers: {}, body: started };
        }
      }
      const delay = this.delayFor(outcome, attempt);
      if (delay === undefined) throw failure;
      this.log.info(
        `${failure.message}; retrying in ${(delay / 1000).toFixed(1)}s (attempt ${attempt + 1} of ${this.policy.attempts})`,
      );
      await this.pause(delay);
    }
  }

  async close(): Promise<void> {
    await this.agent.close();
  }

  private async attempt(method: Method, path: string, options: RequestOptions<unknown>): Promise<Attempt> {
    const url = new URL(path, this.options.baseUrl);
    for (const [key, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    const hasBody = options.body !== undefined;
    await this.options.pacer?.beforeAttempt();
    try {
      const response = await undiciRequest(this.agent, url, {
        method,
        headers: {
          accept: "application/json",
          ...(hasBody ? { "content-type": "application/json" } : {}),
          ...options.headers,
          ...this.options.authHeaders,
        },
        body: hasBody ? JSON.stringify(options.body) : undefined,
      });
      const text = await response.body.text();
      const headers = flattenHeaders(response.headers);
      this.options.pacer?.afterAnswer(headers);
      return { kind: "answered", status: response.statusCode, headers, json: parseJson(text) };
    } catch (error) {
      const code = (error as { code?: string; cause?: { code?: string } }).code;
      const causeCode = (error as { cause?: { code?: string } }).cause?.code;
      const tlsCode = [code, causeCode].find((c) => c !== undefined && TLS_TRUST_CODES.has(c));
      if (tlsCode) {
        throw new UserFacingError(
          `${method} ${path}: the server's TLS certificate is not trusted (${tlsCode}). ` +
            `Point ${this.options.caSettings ?? "caCertFile (or the REDIS_SOFTWARE_CA_CERT variable)"} at the PEM file of the CA that signed it.`,
        );
      }
      return { kind: "unreachable", reason: this.redact(describeNetworkError(error)) };
    }
  }

  private parse<S extends z.ZodType>(method: string, path: string, schema: S, json: unknown): z.infer<S> {
    const result = schema.safeParse(json);
    if (!result.success) throw new ResponseShapeError(method, path, describeIssues(result.error));
    return result.data;
  }

  private toError(method: string, path: string, outcome: Attempt): ApiError | TransportError {
    if (outcome.kind === "unreachable") return new TransportError(method, path, outcome.reason);
    const { errorCode, detail } = (this.options.readError ?? readStandardError)(outcome.json);
    const clipped = detail && detail.length > 500 ? `${detail.slice(0, 500)}…` : detail;
    return new ApiError(method, path, outcome.status, errorCode, clipped && this.redact(clipped));
  }

  private wasRejectedUntouched(outcome: Attempt & { kind: "answered" }, failure: ApiError | TransportError): boolean {
    if (outcome.status === 429) return true;
    const errorCode = failure instanceof ApiError ? failure.errorCode : undefined;
    return this.options.isRejectedBusy?.(outcome.status, errorCode) ?? (outcome.status === 409 && errorCode === "busy");
  }

  private delayFor(outcome: Attempt, attempt: number): number | undefined {
    const asked = outcome.kind === "answered" ? retryAfterMs(outcome.headers["retry-after"], this.now()) : undefined;
    if (asked === undefined) return backoffDelay(this.policy, attempt - 1, this.random);
    if (asked > this.policy.maxRetryAfterMs) return undefined;
    return asked + Math.round(this.random() * Math.min(1000, this.policy.baseDelayMs));
  }

  /** Scrubs the credentials from text a platform builds out of an answer body (a task's error, say). */
  redact(text: string): string {
    return this.secrets.reduce((out, secret) => out.split(secret).join("[redacted]"), text);
  }
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string | undefined> {
  return Object.fromEntries(
    Object.entries(headers).map(([key, value]) => [key.toLowerCase(), Array.isArray(value) ? value.join(", ") : value]),
  );
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text.slice(0, 500);
  }
}

function describeNetworkError(error: unknown): string {
  const err = error as { code?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = err.code ?? err.cause?.code;
  const message = err.cause?.message ?? err.message ?? String(error);
  return code ? `${code} (${message})` : message;
}

export function basicAuth(username: string, password: string): Record<string, string> {
  return { authorization: `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}` };
}
