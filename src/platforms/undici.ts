import type { Agent as UndiciAgent, Dispatcher } from "undici";

/*
 * The two pieces of undici the transport uses, loaded from their own modules.
 * The package's index also loads fetch, WebSocket, EventSource, mocks and
 * caches, and with them http2, zlib, worker_threads and Node's own bundled
 * undici: none of it used here, all of it paid for at every start of the
 * handler, which Terraform starts once per pin. test/platforms/undici.test.ts
 * proves these are the very objects the public entry point exports.
 */
export const Agent: typeof UndiciAgent = require("undici/lib/dispatcher/agent");

const dispatch: (this: Dispatcher, options: Dispatcher.RequestOptions) => Promise<Dispatcher.ResponseData> =
  require("undici/lib/api/api-request");

/** undici's `request`, for a dispatcher that already knows its origin's TLS settings. */
export function request(dispatcher: Dispatcher, url: URL, options: Omit<Dispatcher.RequestOptions, "origin" | "path">): Promise<Dispatcher.ResponseData> {
  return dispatch.call(dispatcher, { ...options, origin: url.origin, path: `${url.pathname}${url.search}` });
}
