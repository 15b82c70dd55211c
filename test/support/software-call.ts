import { RedisSoftwareSimulator } from "../../src/simulator/redis-software";
import { SimRequest } from "../../src/simulator/types";

/** One request straight to the control plane, as `credentials` would send it, its body through JSON as on the wire. */
export function softwareCaller(simulator: RedisSoftwareSimulator, credentials: { readonly username: string; readonly password: string }) {
  const authorization = `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString("base64")}`;
  return (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const request: SimRequest = {
      method,
      path,
      query: new URLSearchParams(),
      headers: { authorization, ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers },
      body,
    };
    const response = simulator.handle(request);
    if (!response) throw new Error(`no route for ${method} ${path}`);
    return { status: response.status, body: JSON.parse(JSON.stringify(response.body ?? null)) as Record<string, unknown> };
  };
}
