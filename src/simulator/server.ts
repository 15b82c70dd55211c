import * as http from "node:http";
import * as https from "node:https";
import { AddressInfo } from "node:net";
import { generate } from "selfsigned";
import * as z from "zod";
import { echoFault, Fault, FaultInjector, statusFault } from "./faults";
import { isBodyFault, reshaped, writeFaultyBody } from "./faulty-answers";
import { ControlPlane, SimRequest, SimResponse } from "./types";

export interface ServeOptions {
  readonly controlPlanes: readonly ControlPlane[];
  /** Serve HTTPS with a fresh self-signed certificate for 127.0.0.1 and localhost. */
  readonly tls?: boolean;
  readonly port?: number;
  /** The server closes itself after this long, so a forgotten one never outlives its test. */
  readonly lifetimeMs?: number;
  /** Keep the process alive while serving (the simulate command); tests leave it false so they exit by themselves. */
  readonly holdProcess?: boolean;
  /** Added before every answer, as a distant control plane's round trip would (benchmarks of concurrency). */
  readonly latencyMs?: number;
}

export interface RunningServer {
  readonly url: string;
  /** PEM of the self-signed certificate, which is its own CA; undefined without TLS. */
  readonly caPem?: string;
  readonly faults: FaultInjector;
  /** Every request served, in order (the control endpoints under /__sim excluded). */
  readonly requests: SimRequest[];
  /** The requests the control plane answered with a 2xx, whether or not the answer reached the client: what it acted on. */
  readonly accepted: SimRequest[];
  close(): Promise<void>;
}

export async function serve(options: ServeOptions): Promise<RunningServer> {
  const faults = new FaultInjector();
  const requests: SimRequest[] = [];
  const accepted: SimRequest[] = [];
  const listener = (req: http.IncomingMessage, res: http.ServerResponse) =>
    void delayed(options.latencyMs, () => answer(req, res, options.controlPlanes, faults, { requests, accepted }));
  const certificate = options.tls ? await selfSignedCertificate() : undefined;
  const server = certificate
    ? https.createServer({ key: certificate.private, cert: certificate.cert }, listener)
    : http.createServer(listener);
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  if (!options.holdProcess) server.unref();
  const { port } = server.address() as AddressInfo;
  const close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  if (options.lifetimeMs) setTimeout(() => void close(), options.lifetimeMs).unref();
  return {
    url: `${certificate ? "https" : "http"}://127.0.0.1:${port}`,
    caPem: certificate?.cert,
    faults,
    requests,
    accepted,
    close,
  };
}

async function delayed(ms: number | undefined, work: () => Promise<void>): Promise<void> {
  if (ms) await new Promise((resolve) => setTimeout(resolve, ms));
  await work();
}

/** An ECDSA P-256 key: generated in milliseconds where RSA-2048 takes half a second, and tests start hundreds of servers. */
async function selfSignedCertificate() {
  return generate([{ name: "commonName", value: "redis-version simulator" }], {
    keyType: "ec",
    algorithm: "sha256",
    extensions: [
      { name: "basicConstraints", cA: true },
      { name: "subjectAltName", altNames: [{ type: 7, ip: "127.0.0.1" }, { type: 2, value: "localhost" }] },
    ],
  });
}

async function answer(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  planes: readonly ControlPlane[],
  faults: FaultInjector,
  { requests, accepted }: { requests: SimRequest[]; accepted: SimRequest[] },
): Promise<void> {
  const request = await readRequest(req);
  if (request.path.startsWith("/__sim/")) return send(res, control(request, planes, faults, requests));
  requests.push(request);
  const fault = faults.take(request);
  if (fault?.kind === "preceded-by") served(precedingRequest(fault, request), planes, accepted);
  if (fault?.kind === "drop") {
    req.socket.destroy();
    return;
  }
  if (fault?.kind === "slow") await new Promise((resolve) => setTimeout(resolve, fault.ms));
  if (fault?.kind === "status") return send(res, statusFault(fault));
  if (fault?.kind === "echo-request") return send(res, echoFault(fault, request));
  const response = reshaped(served(request, planes, accepted), fault);
  if (fault?.kind === "lose-response") {
    req.socket.destroy();
    return;
  }
  if (fault?.kind === "act-then-slow") await closedOrAfter(res, fault.ms);
  if (isBodyFault(fault)) return writeFaultyBody(res, response, fault);
  send(res, response);
}

/** Waits `ms`, or less if the client goes away first: a held answer must not keep a closed server's process alive. */
function closedOrAfter(res: http.ServerResponse, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    res.once("close", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** Routes the request and notes it when the control plane accepted it. */
function served(request: SimRequest, planes: readonly ControlPlane[], accepted: SimRequest[]): SimResponse {
  const response = route(request, planes);
  if (response.status >= 200 && response.status < 300) accepted.push(request);
  return response;
}

/** The request a `preceded-by` fault sends first, as another handler with the same credentials would. */
function precedingRequest(fault: Extract<Fault, { kind: "preceded-by" }>, from: SimRequest): SimRequest {
  const { method, path, body } = fault.request;
  return { method: method.toUpperCase(), path, query: new URLSearchParams(), headers: from.headers, body };
}

function route(request: SimRequest, planes: readonly ControlPlane[]): SimResponse {
  for (const plane of planes) {
    const response = plane.handle(request);
    if (response) return response;
  }
  return { status: 404, body: { error_code: "not_found", description: `no route for ${request.method} ${request.path}` } };
}

function control(request: SimRequest, planes: readonly ControlPlane[], faults: FaultInjector, requests: SimRequest[]): SimResponse {
  if (request.path === "/__sim/faults" && request.method === "POST") {
    try {
      faults.add(request.body as never);
      return { status: 201, body: { armed: true } };
    } catch (error) {
      return { status: 400, body: { description: (error as Error).message } };
    }
  }
  if (request.path === "/__sim/faults" && request.method === "DELETE") {
    faults.clear();
    return { status: 200, body: { cleared: true } };
  }
  if (request.path === "/__sim/age" && request.method === "POST") return age(request, planes);
  if (request.path === "/__sim/requests" && request.method === "GET") {
    return { status: 200, body: requests.map(({ method, path, body }) => ({ method, path, body })) };
  }
  for (const plane of planes) {
    const response = plane.control?.(request);
    if (response) return response;
  }
  return { status: 404, body: { description: "unknown simulator control endpoint" } };
}

const ageSchema = z.strictObject({ hours: z.number().positive().max(24 * 3650) });

/** Time passes for every database of every control plane on this server: what a soak is measured by. */
function age(request: SimRequest, planes: readonly ControlPlane[]): SimResponse {
  const parsed = ageSchema.safeParse(request.body);
  if (!parsed.success) return { status: 400, body: { description: 'expected {"hours": N}, N a positive number of hours such as 48 or 0.5' } };
  for (const plane of planes) plane.age?.(parsed.data.hours);
  return { status: 200, body: { aged: parsed.data.hours } };
}

async function readRequest(req: http.IncomingMessage): Promise<SimRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  const url = new URL(req.url ?? "/", "http://simulator");
  let body: unknown = undefined;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
  }
  const headers = Object.fromEntries(
    Object.entries(req.headers).map(([key, value]) => [key, Array.isArray(value) ? value.join(", ") : value]),
  );
  return { method: (req.method ?? "GET").toUpperCase(), path: url.pathname, query: url.searchParams, headers, body };
}

function send(res: http.ServerResponse, response: SimResponse): void {
  const payload = response.text ?? (response.body === undefined ? "" : JSON.stringify(response.body));
  res.writeHead(response.status, {
    ...(payload ? { "content-type": "application/json" } : {}),
    ...response.headers,
  });
  res.end(payload);
}
