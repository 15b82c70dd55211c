import * as http from "node:http";
import { Fault } from "./faults";
import { SimResponse } from "./types";

type BodyFault = Extract<Fault, { kind: "slow-body" | "reset-mid-body" | "huge-body" | "malformed-json" }>;

const BODY_FAULTS: ReadonlySet<Fault["kind"]> = new Set(["slow-body", "reset-mid-body", "huge-body", "malformed-json"]);
const MEGABYTE = 1024 * 1024;

export function isBodyFault(fault: Fault | undefined): fault is BodyFault {
  return fault !== undefined && BODY_FAULTS.has(fault.kind);
}

/** The control plane's answer, as the faults that change what it says would have it. */
export function reshaped(response: SimResponse, fault: Fault | undefined): SimResponse {
  if (fault?.kind === "replace-body") return { ...response, body: fault.body };
  const body = response.body;
  if (!isRecord(body)) return response;
  if (fault?.kind === "patch-body") return { ...response, body: { ...body, ...fault.set } };
  if (fault?.kind === "forget-finished" && fault.statuses.includes(String(body.status))) {
    return { status: 404, body: { error_code: "not_found", description: "no such object (it finished and was forgotten)" } };
  }
  return response;
}

/** Writes `response` the way the fault breaks it; resolves once the client has all it will get. */
export async function writeFaultyBody(res: http.ServerResponse, response: SimResponse, fault: BodyFault): Promise<void> {
  const payload = Buffer.from(JSON.stringify(response.body ?? {}));
  const json = { "content-type": "application/json" };
  switch (fault.kind) {
    case "malformed-json":
      res.writeHead(200, json);
      res.end(payload.subarray(0, Math.ceil(payload.length / 2)));
      return;
    case "reset-mid-body":
      res.writeHead(response.status, { ...json, "content-length": String(payload.length) });
      res.write(payload.subarray(0, Math.ceil(payload.length / 2)), () => res.socket?.destroy());
      return;
    case "slow-body":
      res.writeHead(response.status, { ...json, "content-length": String(payload.length) });
      for (const byte of payload) {
        if (res.destroyed) return;
        res.write(Buffer.of(byte));
        await delay(fault.byteEveryMs);
      }
      res.end();
      return;
    case "huge-body":
      return streamHugeBody(res, fault.megabytes);
  }
}

/** `{"padding":"xxx…"}` of the given size, written only as fast as the client reads it. */
async function streamHugeBody(res: http.ServerResponse, megabytes: number): Promise<void> {
  res.writeHead(200, { "content-type": "application/json" });
  const chunk = Buffer.alloc(MEGABYTE, "x");
  res.write('{"padding":"');
  for (let sent = 0; sent < megabytes && !res.destroyed; sent++) {
    if (!res.write(chunk)) await drainedOrClosed(res);
  }
  if (!res.destroyed) res.end('"}');
}

function drainedOrClosed(res: http.ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off("drain", done);
      res.off("close", done);
      resolve();
    };
    res.on("drain", done);
    res.on("close", done);
  });
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
