import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { RunningServer, serve } from "../../src/simulator/server";
import { ControlPlane, SimRequest } from "../../src/simulator/types";

export interface ServedOverTls {
  readonly server: RunningServer;
  /** `<dir>/ca.pem`: the server's self-signed certificate, which is its own CA. */
  readonly caFile: string;
}

/** Serves one control plane over HTTPS on loopback and writes its CA into `dir`, as a user keeps a cluster's CA. */
export async function serveOverTls(plane: ControlPlane, dir: string, lifetimeMs: number): Promise<ServedOverTls> {
  const server = await serve({ tls: true, controlPlanes: [plane], lifetimeMs });
  const caFile = join(dir, "ca.pem");
  writeFileSync(caFile, server.caPem ?? "");
  return { server, caFile };
}

/** The upgrade POSTs that reached the server (dropped ones included). */
export function upgradePosts(server: RunningServer): SimRequest[] {
  return server.requests.filter((request) => request.method === "POST" && request.path.endsWith("/upgrade"));
}

/** The upgrade POSTs the control plane accepted (answered 2xx, whether or not the answer arrived): the ones that started something. */
export function acceptedUpgradePosts(server: RunningServer): SimRequest[] {
  return server.accepted.filter((request) => request.method === "POST" && request.path.endsWith("/upgrade"));
}

/**
 * From now on every GET is acted on but left unanswered until its client goes
 * away: a handler following an upgrade stays mid-follow, however long the test
 * takes to kill it, instead of the test racing slow polls. `faults.clear()` ends it.
 */
export function holdReads(server: RunningServer): void {
  server.faults.add({ method: "GET", path: "^/", times: 1_000_000, fault: { kind: "act-then-slow", ms: 10 * 60_000 } });
}
