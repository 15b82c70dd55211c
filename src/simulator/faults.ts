import * as z from "zod";
import { SimRequest, SimResponse } from "./types";

export const faultSchema = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("status"),
    status: z.number().int().min(400).max(599),
    headers: z.record(z.string(), z.string()).optional(),
    body: z.unknown().optional(),
    /** A body that is not JSON (a proxy's error page, say), sent as it is instead of `body`. */
    text: z.string().optional(),
  }),
  /**
   * A proxy's error page that quotes the request: `status`, and a text body of `padding` filler
   * characters, then the request line and its headers as received (only `header` when given).
   */
  z.strictObject({
    kind: z.literal("echo-request"),
    status: z.number().int().min(400).max(599),
    padding: z.number().int().nonnegative().default(0),
    header: z.string().optional(),
  }),
  /** Closes the socket without answering, after reading the request. */
  z.strictObject({ kind: z.literal("drop") }),
  /** The control plane acts on the request, then the socket closes before the answer: did it happen or not? */
  z.strictObject({ kind: z.literal("lose-response") }),
  /** Answers normally, but only after this long: the headers are late. */
  z.strictObject({ kind: z.literal("slow"), ms: z.number().int().nonnegative() }),
  /** The control plane acts at once, but the answer leaves only after this long (a handler killed meanwhile never reads it). */
  z.strictObject({ kind: z.literal("act-then-slow"), ms: z.number().int().nonnegative() }),
  /** Headers at once, then the body one byte every `byteEveryMs`: each gap is short, the whole is not. */
  z.strictObject({ kind: z.literal("slow-body"), byteEveryMs: z.number().int().positive() }),
  /** Headers and half the body, then the connection is reset. */
  z.strictObject({ kind: z.literal("reset-mid-body") }),
  /** A 200 whose body is this many megabytes of JSON text, streamed. */
  z.strictObject({ kind: z.literal("huge-body"), megabytes: z.number().int().positive().max(1024) }),
  /** A 200 whose body is cut-off JSON. */
  z.strictObject({ kind: z.literal("malformed-json") }),
  /** The control plane's answer with these fields overwritten: a value its API should never send, say. */
  z.strictObject({ kind: z.literal("patch-body"), set: z.record(z.string(), z.unknown()) }),
  /** The control plane's answer with its whole body replaced: another shape of the same data (a bare array where the document shows an object). */
  z.strictObject({ kind: z.literal("replace-body"), body: z.unknown() }),
  /** 404 once the object's routed answer shows it finished: a control plane that forgets finished actions at once. */
  z.strictObject({ kind: z.literal("forget-finished"), statuses: z.array(z.string()).min(1) }),
  /** Another client's request reaches the control plane first (a second handler, say), then this one is served. */
  z.strictObject({
    kind: z.literal("preceded-by"),
    request: z.strictObject({ method: z.string(), path: z.string(), body: z.unknown().optional() }),
  }),
]);
export type Fault = z.infer<typeof faultSchema>;

export const faultRuleSchema = z.strictObject({
  method: z.string().optional(),
  /** A regular expression the request path must match. */
  path: z.string(),
  /** How many matching requests it applies to before it expires. */
  times: z.number().int().positive().default(1),
  fault: faultSchema,
});
export type FaultRuleInput = z.input<typeof faultRuleSchema>;

interface FaultRule {
  readonly method?: string;
  readonly path: RegExp;
  remaining: number;
  readonly fault: Fault;
}

/** Faults armed by tests (or by POST /__sim/faults) that the next matching requests meet. */
export class FaultInjector {
  private rules: FaultRule[] = [];

  add(input: FaultRuleInput): void {
    const rule = faultRuleSchema.parse(input);
    this.rules.push({ method: rule.method?.toUpperCase(), path: new RegExp(rule.path), remaining: rule.times, fault: rule.fault });
  }

  clear(): void {
    this.rules = [];
  }

  /** The fault this request meets, if any; each use counts against the rule. */
  take(request: Pick<SimRequest, "method" | "path">): Fault | undefined {
    const rule = this.rules.find(
      (candidate) =>
        candidate.remaining > 0 &&
        (candidate.method === undefined || candidate.method === request.method) &&
        candidate.path.test(request.path),
    );
    if (!rule) return undefined;
    rule.remaining--;
    this.rules = this.rules.filter((candidate) => candidate.remaining > 0);
    return rule.fault;
  }
}

export function statusFault(fault: Extract<Fault, { kind: "status" }>): SimResponse {
  if (fault.text !== undefined) return { status: fault.status, headers: { "content-type": "text/plain", ...fault.headers }, text: fault.text };
  return { status: fault.status, headers: fault.headers, body: fault.body ?? { error_code: "injected", description: "injected fault" } };
}

export function echoFault(fault: Extract<Fault, { kind: "echo-request" }>, request: SimRequest): SimResponse {
  const headers = Object.entries(request.headers).map(([name, value]) => `${name}: ${value}`);
  const lines = fault.header === undefined ? [`${request.method} ${request.path}`, ...headers] : [`${fault.header}: ${request.headers[fault.header.toLowerCase()]}`];
  return { status: fault.status, headers: { "content-type": "text/plain" }, text: `${"-".repeat(fault.padding)}${lines.join("\n")}\n` };
}
