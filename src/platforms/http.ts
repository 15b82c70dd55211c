import { Agent, request as undiciRequest } from "./undici";
import * as z from "zod";
import { describeIssues } from "../spec/validate";
import { Clock } from "../core/clock";
import { Deadline } from "../core/deadline";
import { Redactor } from "../core/redaction";
import { RunContext } from "../core/run-context";
import { backoffDelay, DEFAULT_RETRY, RetryPolicy, retryAfterMs } from "./backoff";
import { ApiError, ResponseShapeError, SubmitOutcomeUnknown, TransportError, UserFacingError } from "../core/errors";
import { Logger } from "../core/log";
import { readBounded, ResponseTooLarge } from "./bounded-read";
import { isLoopback } from "./loopback";
import { connectionFailure, describeNetworkError, refusedConnection, SettingNames, wasNeverSent, wasRefused } from "./connection-failure";

export { MAX_RESPONSE_BYTES } from "./bounded-read";
export type { SettingNames } from "./connection-failure";

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
  /**
   * The run it serves: its clock (waits, jitter, per-attempt timeouts), its
   * deadline (bounds every attempt, retry and wait), its log and redactor
   * (where the secrets are registered), and the dispatcher closed at its end.
   */
  readonly run: RunContext;
  /** The longest one attempt may take, headers and body together. */
  readonly timeoutMs?: number;
  readonly retry?: Partial<RetryPolicy>;
  /** How the platform phrases an error body; the default reads error_code with description or message. */
  readonly readError?: (body: unknown) => { errorCode?: string; detail?: string };
  readonly settings?: SettingNames;
  /** Keeps to a platform's request budget: awaited before every attempt, shown every answer's headers. */
  readonly pacer?: Pacer;
}

/** Keeps to a request budget; it waits on the run's clock, within the run's deadline. */
/** Transport knobs a caller may tune (tests shrink the retry delays); time itself is the run's clock. */
export type TransportTuning = Pick<HttpClientOptions, "retry" | "timeoutMs">;

export interface Pacer {
  beforeAttempt(): Promise<void>;
  afterAnswer(headers: Readonly<Record<string, string | undefined>>, status: number): Promise<void>;
}

export interface RequestOptions {
  readonly query?: Query;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** Fewer tries than the client's policy, for a read known to fail for good when it fails at all. */
  readonly attempts?: number;
}

export interface HttpResponse<T> {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: T;
}

type Attempt =
  | { kind: "answered"; status: number; headers: Record<string, string | undefined>; json: unknown }
  | { kind: "unreachable"; reason: string; sent: boolean; refused: boolean };

/** What to do after a failed attempt. */
type Verdict = "retry" | "final" | "uncertain";

const DEFAULT_TIMEOUT_MS = 30_000;
/**
 * How long refused connections are retried, waits added up: long enough for
 * a service that restarts, short enough that a wrong port fails in seconds
 * rather than after the whole retry budget (which for Redis Cloud is minutes).
 */
const REFUSED_WAIT_MS = 5_000;
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;
// HTTP carries header values as Latin-1: a character past U+00FF (€, a typographic quote) cannot be sent at all.
const BEYOND_LATIN1 = /[^\u0000-\u00ff]/;

/** What makes a header value unsendable, in words that never quote it (it is usually a credential). */
function unsendable(value: string): { what: string; fix: string } | undefined {
  if (CONTROL_CHARACTER.test(value)) return { what: "a newline or control character", fix: "remove it" };
  if (BEYOND_LATIN1.test(value)) {
    return {
      what: "a character outside Latin-1, which no HTTP header can carry",
      fix: "copy the key again, without the typographic quote, euro sign or other such character that came with it",
    };
  }
  return undefined;
}

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
 * The one transport both platforms use: authentication, TLS trust, timeouts
 * under one deadline, retries with jittered backoff that honour Retry-After,
 * bounded reads, and messages that never carry a credential. A request that
 * starts something is never re-sent while its effect is unknown.
 */
export class HttpClient {
  private readonly agent: InstanceType<typeof Agent>;
  private readonly policy: RetryPolicy;
  private readonly log: Logger;
  private readonly redactor: Redactor;
  private readonly clock: Clock;
  private readonly timeoutMs: number;
  private readonly deadline: Deadline;

  constructor(private readonly options: HttpClientOptions) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.agent = options.run.own(new Agent({
      headersTimeout: this.timeoutMs,
      bodyTimeout: this.timeoutMs,
      connectTimeout: Math.min(this.timeoutMs, 10_000),
      connect: {
        ca: options.caPem,
        rejectUnauthorized: !options.insecureSkipTlsVerify,
      },
    }));
    this.policy = { ...DEFAULT_RETRY, ...options.retry };
    this.log = options.run.log;
    this.redactor = options.run.redactor;
    for (const secret of [...Object.values(options.authHeaders), ...(options.secrets ?? [])]) this.redactor.add(secret);
    this.clock = options.run.clock;
    this.deadline = options.run.deadline;
    this.warnAboutTrust();
  }

  get baseUrl(): string {
    return this.options.baseUrl;
  }

  async get<S extends z.ZodType>(path: string, schema: S, options: RequestOptions = {}) {
    return this.request("GET", path, schema, options);
  }

  async post<S extends z.ZodType>(path: string, schema: S, options: RequestOptions = {}) {
    return this.request("POST", path, schema, options);
  }

  async request<S extends z.ZodType>(
    method: Method,
    path: string,
    schema: S,
    options: RequestOptions = {},
  ): Promise<HttpResponse<z.infer<S>>> {
    let refusedWaitMs = 0;
    for (let attempt = 1; ; attempt++) {
      const outcome = await this.attempt(method, path, options);
      if (outcome.kind === "answered" && outcome.status >= 200 && outcome.status < 300) {
        return { status: outcome.status, headers: outcome.headers, body: this.parse(method, path, schema, outcome.json) };
      }
      const failure = this.toError(method, path, outcome);
      const verdict = verdictOn(method, outcome, failure);
      if (verdict === "uncertain") throw new SubmitOutcomeUnknown(method, path, failure.message);
      const attempts = Math.min(this.policy.attempts, options.attempts ?? this.policy.attempts);
      const delay = verdict === "final" ? undefined : this.delayFor(outcome, attempt);
      if (outcome.kind === "unreachable" && outcome.refused) {
        if (attempt >= attempts || delay === undefined || refusedWaitMs + delay > REFUSED_WAIT_MS) {
          throw new UserFacingError(refusedConnection({ method, path, url: this.urlOf(path), settings: this.options.settings ?? {} }, attempt, refusedWaitMs));
        }
        refusedWaitMs += delay;
      }
      if (verdict === "final" || attempt >= attempts || delay === undefined) throw failure;
      this.deadline.ensureRoom(delay, `the retry of ${method} ${path} (${failure.message})`);
      this.log.info(`${failure.message}; retrying in ${(delay / 1000).toFixed(1)}s (attempt ${attempt + 1} of ${attempts})`);
      await this.clock.sleep(delay);
    }
  }

  /** Scrubs the credentials from text a platform builds out of an answer body (a task's error, say). */
  redact(text: string): string {
    return this.redactor.redact(text);
  }

  private urlOf(path: string): URL {
    return new URL(path, this.options.baseUrl);
  }

  private async attempt(method: Method, path: string, options: RequestOptions): Promise<Attempt> {
    const url = this.urlOf(path);
    for (const [key, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    const headers = this.headersFor(method, path, options);
    this.deadline.check(`an answer to ${method} ${path}`);
    await this.options.pacer?.beforeAttempt();
    const signal = this.deadline.signal(this.timeoutMs);
    const answer = await this.send(method, path, url, headers, options, signal);
    if (answer.kind === "answered") await this.options.pacer?.afterAnswer(answer.headers, answer.status);
    return answer;
  }

  private async send(method: Method, path: string, url: URL, headers: Record<string, string>, options: RequestOptions, signal: AbortSignal): Promise<Attempt> {
    try {
      const response = await undiciRequest(this.agent, url, {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal,
      });
      const answerHeaders = flattenHeaders(response.headers);
      const text = await readBounded(response.body, answerHeaders["content-length"]);
      return { kind: "answered", status: response.statusCode, headers: answerHeaders, json: parseJson(text) };
    } catch (error) {
      if (error instanceof ResponseTooLarge) throw new UserFacingError(`${method} ${path}${this.at()}: ${error.message}`);
      if (signal.aborted) return this.timedOut(method, path);
      const fatal = connectionFailure(error, { method, path, url, settings: this.options.settings ?? {}, redact: (text) => this.redact(text) });
      if (fatal) throw new UserFacingError(fatal);
      return { kind: "unreachable", reason: this.redact(describeNetworkError(error)), sent: !wasNeverSent(error), refused: wasRefused(error) };
    }
  }

  /** The headers of one attempt, refusing before anything is sent a value no server could receive. */
  private headersFor(method: Method, path: string, options: RequestOptions): Record<string, string> {
    const headers: Record<string, string> = {
      accept: "application/json",
      ...(options.body === undefined ? {} : { "content-type": "application/json" }),
      ...options.headers,
      ...this.options.authHeaders,
    };
    for (const [name, value] of Object.entries(headers)) {
      const problem = unsendable(value);
      if (problem === undefined) continue;
      const source = name in this.options.authHeaders ? ` (it comes from ${this.options.settings?.credentials ?? "the credentials"})` : "";
      throw new UserFacingError(`${method} ${path}${this.at()} was not sent: the ${name} header value contains ${problem.what}${source}; ${problem.fix}`);
    }
    return headers;
  }

  private timedOut(method: Method, path: string): Attempt {
    if (this.deadline.remaining() <= 0) throw this.deadline.expired(`an answer to ${method} ${path}${this.at()}`);
    const seconds = this.timeoutMs / 1000;
    return { kind: "unreachable", reason: `no complete answer within ${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)}s`, sent: true, refused: false };
  }

  private parse<S extends z.ZodType>(method: string, path: string, schema: S, json: unknown): z.infer<S> {
    const result = schema.safeParse(json);
    if (result.success) return result.data;
    // The problems quote the values they found: they are described from the answer with its credentials taken out.
    const again = schema.safeParse(this.redactor.redactDeep(json));
    const problems = again.success ? describeIssues(result.error).map((problem) => this.redact(problem)) : describeIssues(again.error);
    throw new ResponseShapeError(method, path, problems.map(clipped), this.options.baseUrl);
  }

  private toError(method: string, path: string, outcome: Attempt): ApiError | TransportError {
    const host = this.options.baseUrl;
    if (outcome.kind === "unreachable") return new TransportError(method, path, outcome.reason, host);
    // Redacted before it is read and clipped: a secret cut in half by the clip would no longer match.
    const { errorCode, detail } = (this.options.readError ?? readStandardError)(this.redactor.redactDeep(outcome.json));
    return new ApiError(method, path, outcome.status, errorCode && clipped(errorCode), detail && clipped(detail), host);
  }

  private delayFor(outcome: Attempt, attempt: number): number | undefined {
    const asked = outcome.kind === "answered" ? retryAfterMs(outcome.headers["retry-after"], this.clock.now()) : undefined;
    if (asked === undefined) return backoffDelay(this.policy, attempt - 1, () => this.clock.random());
    if (asked > this.policy.maxRetryAfterMs) return undefined;
    return asked + Math.round(this.clock.random() * Math.min(1000, this.policy.baseDelayMs));
  }

  private at(): string {
    return ` (${this.options.baseUrl})`;
  }

  private warnAboutTrust(): void {
    const url = new URL(this.options.baseUrl);
    if (this.options.insecureSkipTlsVerify && url.protocol === "https:") {
      this.log.warn(
        `TLS certificate verification is OFF for ${this.options.baseUrl} (insecureSkipTlsVerify): ` +
          "anyone on the path can read the credentials; trust the cluster's CA with caCertFile instead",
      );
    }
    if (url.protocol === "http:" && !isLoopback(url.hostname)) {
      this.log.warn(
        `${this.options.baseUrl} is plain http: the credentials travel in cleartext to ${url.hostname}; use its https address`,
      );
    }
  }
}

/**
 * Retries what the server refused without acting (429) and, for reads, what
 * may pass on its own (busy, 5xx, no answer). A request that starts something
 * is re-sent only when it surely never arrived; when its effect is unknown the
 * caller reads the control plane to decide.
 */
function verdictOn(method: Method, outcome: Attempt, failure: ApiError | TransportError): Verdict {
  const idempotent = method === "GET" || method === "PUT" || method === "DELETE";
  if (outcome.kind === "unreachable") return idempotent || !outcome.sent ? "retry" : "uncertain";
  if (outcome.status === 429) return "retry";
  const busy = outcome.status === 409 && failure instanceof ApiError && failure.errorCode === "busy";
  if (busy || outcome.status >= 500) return idempotent ? "retry" : "uncertain";
  return "final";
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string | undefined> {
  return Object.fromEntries(
    Object.entries(headers).map(([key, value]) => [key.toLowerCase(), Array.isArray(value) ? value.join(", ") : value]),
  );
}

/** A body that is not JSON stays text, whole: it is redacted before anything clips it. */
function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

const CLIP = 500;

/** An answer's words, cut to a length a message can carry; only ever applied to text already redacted. */
function clipped(text: string): string {
  return text.length > CLIP ? `${text.slice(0, CLIP)}…` : text;
}

export function basicAuth(username: string, password: string): Record<string, string> {
  return { authorization: `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}` };
}
